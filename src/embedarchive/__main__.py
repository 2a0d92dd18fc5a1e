"""``python -m embedarchive``: the command line."""

import sys

from embedarchive.cli import main

sys.exit(main())
