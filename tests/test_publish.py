"""The one render-and-write path: every command that renders a Word template renders it sandboxed, and a
home's own template that is hostile or broken gives way to the built-in one, with a warning, never a stop."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from mfc_docs.cli import main
from mfc_docs.output.publish import builtin_templates_dir, choose_template

from .conftest import TODAY
from .render.helpers import docx_text

NOW = "2026-11-24 22:30"


def own_template(home: Path, name: str, insert: bytes = b"", *, replace_first_tag: bytes | None = None) -> Path:
    """A copy of the built-in template ``name`` in HOME/templates/, with ``insert`` before its first tag."""
    (home / "templates").mkdir(exist_ok=True)
    target = home / "templates" / name
    with zipfile.ZipFile(builtin_templates_dir() / name) as source, zipfile.ZipFile(target, "w") as out:
        for item in source.namelist():
            data = source.read(item)
            if item == "word/document.xml":
                first = data.index(b"{{")
                if replace_first_tag is not None:
                    end = data.index(b"}}", first) + 2
                    data = data[:first] + replace_first_tag + data[end:]
                else:
                    data = data[:first] + insert + data[first:]
            out.writestr(item, data)
    return target


def run(*args: str):
    return CliRunner().invoke(main, list(args))


# Each command that renders a Word template, with the file it writes from the template.
COMMANDS = {
    "build": (lambda home: run("build", str(home), "--today", TODAY.isoformat()),
              "police_pack.docx", lambda home: home / "output/young_people/alex/alex-police-pack.docx"),
    "report": (lambda home: run("report", "alex", str(home), "--now", NOW, "--where", "Bus station",
                                "--no-interactive"),
               "police_pack.docx",
               lambda home: next((home / "output/young_people/alex/reports").glob("*/alex-police-pack-*.docx"))),
    "dashboard": (lambda home: run("dashboard", str(home), "--month", "2026-10", "--today", TODAY.isoformat()),
                  "dashboard.docx", lambda home: home / "output/dashboard/dashboard-2026-10.docx"),
}

ESCAPES = {
    "cycler globals": "{{{{ cycler.__init__.__globals__.os.popen('touch {marker}').read() }}}}",
    "joiner globals": "{{{{ joiner.__init__.__globals__.os.system('touch {marker}') }}}}",
    "class walk": "{{{{ ''.__class__.__mro__[1].__subclasses__() }}}}{{{{ lipsum.__globals__['os'].popen('touch {marker}') }}}}",
    "format string": "{{{{ '{{0.__class__.__init__.__globals__}}'.format(cycler) }}}}{{{{ cycler.reset.__globals__['os'].system('touch {marker}') }}}}",
}


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("escape", ESCAPES)
def test_a_template_reaching_for_python_runs_nothing(minimal_home: Path, tmp_path: Path, command: str,
                                                    escape: str) -> None:
    invoke, name, written = COMMANDS[command]
    marker = tmp_path / "ran"
    own_template(minimal_home, name, ESCAPES[escape].format(marker=marker).encode())
    result = invoke(minimal_home)
    assert not marker.exists()
    assert result.exit_code == 0, result.output
    assert f"the home's own Word template templates/{name} cannot be used" in result.output
    assert "so the built-in one was used" in result.output
    text = docx_text(written(minimal_home).read_bytes())
    assert "Alex" in text or "October 2026" in text  # the built-in template's complete document


def _not_a_zip(home: Path, name: str) -> None:
    (home / "templates").mkdir()
    (home / "templates" / name).write_bytes(b"this is not a Word file")


def _empty(home: Path, name: str) -> None:
    (home / "templates").mkdir()
    (home / "templates" / name).write_bytes(b"")


def _symlink(home: Path, name: str) -> None:
    (home / "templates").mkdir()
    (home / "templates" / name).symlink_to(builtin_templates_dir() / name)


def _folder(home: Path, name: str) -> None:
    (home / "templates" / name).mkdir(parents=True)


def _fifo(home: Path, name: str) -> None:
    (home / "templates").mkdir()
    os.mkfifo(home / "templates" / name)


def _syntax(home: Path, name: str) -> None:
    own_template(home, name, replace_first_tag=b"{{ child.legal_name ")


def _undefined(home: Path, name: str) -> None:
    own_template(home, name, b"{{ no_such_value }}")


def _include(home: Path, name: str) -> None:
    own_template(home, name, b"{% include '/etc/passwd' %}")


def _memory_bomb(home: Path, name: str) -> None:
    own_template(home, name, b"{{ 'x' * 100000000000 }}")


BROKEN = {
    "not a zip": (_not_a_zip, "it is not a Word (.docx) file"),
    "empty": (_empty, "the file is empty"),
    "symlink": (_symlink, "it is a symbolic link"),
    "folder": (_folder, "is a folder, not a file"),
    "fifo": (_fifo, "is a named pipe (FIFO)"),
    "syntax error": (_syntax, "TemplateSyntaxError"),
    "undefined name": (_undefined, "UndefinedError"),
    "include": (_include, "cannot be used ("),
    "memory bomb": (_memory_bomb, "SecurityError"),
}


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("broken", BROKEN)
def test_a_broken_own_template_gives_way_to_the_built_in_one(minimal_home: Path, command: str, broken: str) -> None:
    invoke, name, written = COMMANDS[command]
    make, words = BROKEN[broken]
    make(minimal_home, name)
    result = invoke(minimal_home)
    assert result.exit_code == 0, result.output
    assert f"templates/{name} cannot be used" in result.output and words in result.output
    assert "Traceback" not in result.output
    assert written(minimal_home).exists()


def test_the_police_pack_pdf_is_written_even_when_no_word_file_can_be(minimal_home: Path, monkeypatch) -> None:
    """Even if the built-in template failed too (it is tested, but): the PDF comes first and stays."""
    from mfc_docs.render import docx

    def broken(*args, **kwargs):
        raise ValueError("the Word renderer failed")

    monkeypatch.setattr(docx, "render_docx", broken)
    result = COMMANDS["report"][0](minimal_home)
    pdfs = list((minimal_home / "output/young_people/alex/reports").glob("*/alex-police-pack-*.pdf"))
    assert len(pdfs) == 1 and pdfs[0].read_bytes().startswith(b"%PDF")
    assert result.exit_code == 1  # said, as a bug; never a traceback
    assert "Traceback" not in result.output


def test_the_photo_filter_embeds_only_the_childs_photo(minimal_home: Path, tmp_path: Path) -> None:
    other = tmp_path / "someone-else.jpg"
    other.write_bytes((minimal_home / "young_people/alex/photo.jpg").read_bytes())
    own_template(minimal_home, "police_pack.docx", f"{{{{ '{other}' | photo }}}}".encode())
    result = COMMANDS["build"][0](minimal_home)
    assert result.exit_code == 0, result.output
    assert "the photo filter only takes the photo named in the child's file" in result.output


def test_choose_template_prefers_a_good_own_template(minimal_home: Path) -> None:
    assert not choose_template(minimal_home, "police_pack.docx").own
    own_template(minimal_home, "police_pack.docx", b"")
    chosen = choose_template(minimal_home, "police_pack.docx")
    assert chosen.own and chosen.problem == ""


@pytest.mark.parametrize("command", ["report", "dashboard"])
def test_a_template_that_never_ends_gives_way_to_the_built_in_one(minimal_home: Path, monkeypatch,
                                                                  command: str) -> None:
    from mfc_docs.output import publish

    monkeypatch.setattr(publish, "OWN_TEMPLATE_SECONDS", 1)
    invoke, name, written = COMMANDS[command]
    own_template(minimal_home, name, b"{% for a in range(100000) %}{% for b in range(100000) %}"
                                     b"{% endfor %}{% endfor %}")
    result = invoke(minimal_home)
    assert result.exit_code == 0, result.output
    assert f"templates/{name} cannot be used (TemplateTooSlow: it was still rendering after 1 seconds)" in result.output
    assert written(minimal_home).exists()
