"""`python -m pipeline` runs the `outcomes` command."""

from pipeline.cli import main

main()
