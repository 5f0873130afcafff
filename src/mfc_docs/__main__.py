"""Allow ``python -m mfc_docs``."""

from . import collect_garbage_less_often

collect_garbage_less_often()  # before the imports, which allocate much of what a run keeps

from .cli import main  # noqa: E402

main()
