"""Input: the home's YAML files as written, checked against the schema and each other."""
