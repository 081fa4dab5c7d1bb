"""``python -m cleantext``: the same command line as ``cleantext``."""

import sys

from .cli import main

sys.exit(main())
