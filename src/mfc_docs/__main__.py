"""Allow ``python -m mfc_docs``."""

from .cli import main

main()
