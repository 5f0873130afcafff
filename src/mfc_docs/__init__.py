"""mfc-docs: a children's home's missing-from-care documents, generated from YAML."""

__version__ = "0.1.0"


def collect_garbage_less_often() -> None:
    """Run Python's cyclic garbage collector less often, for the rest of the process.

    A run allocates many short-lived objects (YAML nodes, reportlab's fragments and lines)
    among long-lived ones (modules, fonts, templates, caches); with Python's default thresholds
    the collector re-scans the long-lived ones hundreds of times, about 7% of a ``report``.

    ``mfc-docs report`` prints one police pack and ends: there the collector does not run at
    all (about 9 ms of its CPU; the peak memory of a four-times-longer pack stayed at 62-65 MB),
    not even the full collection Python makes as it exits, which scanned every object the run
    had made (about 27 ms of CPU, a tenth of a report) to free memory the system takes back
    anyway: at exit every object is frozen (``gc.freeze``) first. The files are written and
    closed before, and nothing of a report's is left to a finalizer. Any other use, a build
    of many homes or the web page, keeps the collector, only less often.
    """
    import gc
    import sys

    gc.set_threshold(50_000, 20, 100)
    if sys.argv[1:2] == ["report"]:  # the command line, not a program calling the CLI with its own arguments
        import atexit

        gc.disable()
        atexit.unregister(gc.freeze)  # once, however often this is called (python -m mfc_docs calls it twice)
        atexit.register(gc.freeze)  # runs before Python's last collection, which then has nothing to scan
