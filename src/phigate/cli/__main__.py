"""``python -m phigate.cli``."""

from phigate.cli import main

main()
