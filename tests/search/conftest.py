"""The search tests import the extension from docs/_ext (see search_site.py)."""

import sys
from pathlib import Path

EXT_DIR = Path(__file__).resolve().parents[2] / "docs" / "_ext"
if str(EXT_DIR) not in sys.path:
    sys.path.insert(0, str(EXT_DIR))
