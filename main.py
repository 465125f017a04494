"""Entry point: hands the command line to kiosk.cli."""

import sys

from kiosk.cli import main

if __name__ == "__main__":
    sys.exit(main())
