"""mfc-docs: a children's home's missing-from-care documents, generated from YAML."""

__version__ = "0.1.0"


def collect_garbage_less_often() -> None:
    """Run Python's cyclic garbage collector less often, for the rest of the process.

    A run allocates many short-lived objects (YAML nodes, reportlab's fragments and lines)
    among long-lived ones (modules, fonts, templates, caches); with Python's default thresholds
    the collector re-scans the long-lived ones hundreds of times, about 7% of a ``report``.

    ``mfc-docs report`` prints one police pack and ends: there the collector does not run at
    all (about 9 ms of its CPU; the few reference cycles it would free are freed at exit, and
    the peak memory of a four-times-longer pack stayed at 62-65 MB). Any other use, a build of
    many homes or the web page, keeps it, only less often.
    """
    import gc
    import sys

    gc.set_threshold(50_000, 20, 100)
    if sys.argv[1:2] == ["report"]:  # the command line, not a program calling the CLI with its own arguments
        gc.disable()
