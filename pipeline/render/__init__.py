"""One module per output format, each rendering a `context.Document`."""
