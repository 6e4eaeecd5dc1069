"""``python -m negotiation``: the same command as the ``negotiation`` console script."""

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
