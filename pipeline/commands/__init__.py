"""The use cases, one module per command: plain typed functions returning result dataclasses."""
