"""Allow ``python -m dpgcheck``."""

from dpgcheck.cli import main

main()
