"""Where benchmarks find the shared reference data: `../shared` beside the checkout."""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("SUARA_SHARED_DIR") or ROOT.parent / "shared")
DATA = SHARED / "data"
