"""`python -m minutegen` runs the command line."""

from minutegen.cli import main

main()
