"""Makes the shared test helpers (tests/process_helpers.py) importable from every test
directory, however pytest is started."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
