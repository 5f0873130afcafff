"""Compiled Jinja templates kept on disk between runs (Jinja's own bytecode cache).

Every run renders the same templates: the Word templates' XML and the PDF layouts'
wording and expressions. Compiling them took about a fifth of a ``report``. Jinja's
``FileSystemBytecodeCache`` keeps each compiled template in a file named by a hash of
the template's text, the Jinja and Python versions and how the environment compiles
(autoescape, sandbox, filters), so a changed template or upgrade is simply a new entry.

Where: only in a folder the person names with ``MFC_DOCS_CACHE_DIR`` (an absolute path), in
``jinja-<version>`` below it, created 0700 and used only when it is this user's own and private;
the files are written 0600, atomically. With no such folder nothing is cached: mfc-docs writes
nothing outside the home's own folders unless asked to. Any trouble (a read-only disk, a damaged
or foreign file) means compiling as before: the cache can make a run faster, never make it fail.
"""

from __future__ import annotations

import hashlib
import os
import stat
import sys
import threading
from pathlib import Path
from types import CodeType
from typing import Callable

import jinja2
from jinja2 import Environment
from jinja2.bccache import Bucket, FileSystemBytecodeCache

__all__ = ["cache_dir", "install"]

_CACHE_DIR = "MFC_DOCS_CACHE_DIR"


def cache_dir() -> Path | None:
    """The folder for compiled templates, created private; None when none was given or it cannot be used."""
    given = os.environ.get(_CACHE_DIR, "")
    if not given or not Path(given).is_absolute():
        return None
    root = Path(given)
    folder = root / f"jinja-{jinja2.__version__}"
    try:
        for path in (root, folder):
            path.mkdir(mode=0o700, exist_ok=True)
        for path in (folder.parent, folder):  # ours: private, whatever the umask or an old mode said
            info = path.lstat()
            if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid():
                return None
            if stat.S_IMODE(info.st_mode) != 0o700:
                os.chmod(path, 0o700)
    except OSError:
        return None
    return folder


class _SafeCache(FileSystemBytecodeCache):
    """Jinja's file cache, which a damaged file or a full disk can only turn into a miss."""

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            super().load_bytecode(bucket)
            if bucket.code is not None and not isinstance(bucket.code, CodeType):
                bucket.reset()
        except Exception:
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        try:
            super().dump_bytecode(bucket)  # a temporary file (0600), then renamed into place
        except Exception:
            pass


def _signature(env: Environment) -> str:
    """Everything about an environment that changes the code a template compiles to."""
    finalize = getattr(env.finalize, "__qualname__", repr(env.finalize))
    return "|".join([
        jinja2.__version__, sys.version, type(env).__module__, type(env).__qualname__, repr(env.autoescape),
        finalize, env.undefined.__qualname__, ",".join(sorted(env.filters)), ",".join(sorted(env.tests)),
        repr((env.block_start_string, env.block_end_string, env.variable_start_string, env.variable_end_string,
              env.comment_start_string, env.comment_end_string, env.line_statement_prefix,
              env.line_comment_prefix, env.trim_blocks, env.lstrip_blocks, env.newline_sequence,
              env.keep_trailing_newline, env.optimized, env.is_async, sorted(map(str, env.extensions)))),
    ])


def install(env: Environment) -> Environment:
    """Make ``env`` keep what it compiles on disk: ``from_string`` and ``compile_expression``.

    A template's text is the key, so only a template (or expression) given as text is cached;
    anything else is compiled as Jinja always does. Errors in a template are raised as before:
    a template that does not compile is never stored.
    """
    folder = cache_dir()
    if folder is None:
        return env
    cache = _SafeCache(str(folder), "%s.jbc")
    compile_source: Callable = env.compile
    compile_expression: Callable = env.compile_expression
    expression = threading.local()

    def cached(key_text: str, make: Callable[[], CodeType]) -> CodeType:
        # The signature is taken now, not at install: filters may be added after (Word's photo).
        name = hashlib.sha256(f"{_signature(env)}\0{key_text}".encode("utf-8", "surrogatepass")).hexdigest()
        bucket = cache.get_bucket(env, name, None, key_text)
        if bucket.code is None:
            bucket.code = make()
            cache.set_bucket(bucket)
        return bucket.code

    def compile(source, name=None, filename=None, raw=False, defer_init=False):  # noqa: A001 - Jinja's name
        if raw or defer_init or name is not None or filename is not None:
            return compile_source(source, name, filename, raw, defer_init)
        if isinstance(source, str):
            return cached(f"template\0{source}", lambda: compile_source(source))
        pending = getattr(expression, "source", None)
        if pending is not None:  # the template compile_expression builds around an expression
            expression.source = None
            return cached(f"expression\0{pending}", lambda: compile_source(source))
        return compile_source(source)

    def compile_expression_cached(source: str, undefined_to_none: bool = True):
        expression.source = source
        try:
            return compile_expression(source, undefined_to_none)
        finally:
            expression.source = None

    env.compile = compile  # type: ignore[method-assign]
    env.compile_expression = compile_expression_cached  # type: ignore[method-assign]
    return env
