"""``python -m simulation.web [--port P] [--host H] [--lang de|en]``: same as ``dkbm web``."""

import sys

from .cli import main

sys.exit(main())
