"""mfc-docs: a children's home's missing-from-care documents, generated from YAML."""

__version__ = "0.1.0"


def collect_garbage_less_often() -> None:
    """Run Python's cyclic garbage collector less often, for the rest of the process.

    A run allocates many short-lived objects (YAML nodes, reportlab's fragments and lines)
    among long-lived ones (modules, fonts, templates, caches); with Python's default thresholds
    the collector re-scans the long-lived ones hundreds of times, about 7% of a ``report``.
    """
    import gc

    gc.set_threshold(50_000, 20, 100)
