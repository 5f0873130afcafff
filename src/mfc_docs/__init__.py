"""mfc-docs: a children's home's missing-from-care documents, generated from YAML."""

__version__ = "0.1.0"
