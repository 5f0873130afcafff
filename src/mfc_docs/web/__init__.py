"""``mfc-docs serve``: the home's page in a browser, over the same library as the CLI."""
