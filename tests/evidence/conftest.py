"""Shared fixtures for the evidence tests: store URLs (SQLite always, PostgreSQL when
ACCORD_TEST_PG_URL is set) and the seed dev set."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"
SEEDS = SHARED / "seeds"
GOLD = SHARED / "data" / "seeds-gold" / "gold.json"


def _pg_url() -> str | None:
    return os.environ.get("ACCORD_TEST_PG_URL") or None


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty store URL: a SQLite file, or a new schema-less database on PostgreSQL
    (tables dropped afterwards)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'evidence.db'}"
        return
    url = _pg_url()
    if not url:
        pytest.skip("PostgreSQL store tests need ACCORD_TEST_PG_URL "
                    "(e.g. postgresql+psycopg://accord@localhost/accord_test)")
    from sqlalchemy import create_engine, text

    from accord.evidence.store import normalise_url

    url = normalise_url(url)
    schema = "t_" + uuid.uuid4().hex[:10]
    eng = create_engine(url)
    with eng.begin() as c:
        c.execute(text(f"CREATE SCHEMA {schema}"))
    sep = "&" if "?" in url else "?"
    yield f"{url}{sep}options=-csearch_path%3D{schema}"
    with eng.begin() as c:
        c.execute(text(f"DROP SCHEMA {schema} CASCADE"))
    eng.dispose()


@pytest.fixture
def seeds() -> Path:
    if not SEEDS.is_dir():
        pytest.skip(f"seed articles not found at {SEEDS}")
    return SEEDS


@pytest.fixture
def gold() -> Path:
    if not GOLD.is_file():
        pytest.skip(f"seeds gold not found at {GOLD}")
    return GOLD
