"""Commands: the work behind ``mfc-docs build`` and ``mfc-docs report`` (``cli.py`` parses options)."""
