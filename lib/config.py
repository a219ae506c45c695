"""Settings read from the environment, with defaults that suit one analyst on one machine."""
from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB_PATH = PROJECT_ROOT / "data" / "entente.db"
SAMPLE_DIR = PROJECT_ROOT / "sample_articles"
GOLD_DIR = PROJECT_ROOT / "gold"
HELDOUT_DIR = PROJECT_ROOT / "eval" / "heldout"


def database_url(explicit: str | None = None) -> str:
    """`--db` beats ENTENTE_DB_URL beats the SQLite file under ./data/."""
    return explicit or os.environ.get("ENTENTE_DB_URL") or f"sqlite:///{DEFAULT_DB_PATH}"
