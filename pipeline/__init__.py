"""outcomes: draft, review and publish the outcome documents of intergovernmental meetings."""

__version__ = "0.1.0"
