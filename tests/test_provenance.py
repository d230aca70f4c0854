"""No sentence of the founding articles is copied into the project (code, data or docs)."""

from __future__ import annotations

import re
import subprocess

import pytest

from tests.conftest import ROOT, SHARED

WINDOW = 50  # characters: long enough to be a copied sentence, not a shared name or phrase


def test_no_seed_text_in_the_repository() -> None:
    seeds = sorted((SHARED / "seeds").glob("*.txt"))
    if not seeds:
        pytest.skip(f"founding articles not found under {SHARED / 'seeds'}")
    grams: dict[str, str] = {}
    for path in seeds:
        text = re.sub(r"\s+", " ", path.read_text(encoding="utf-8"))
        for i in range(0, max(len(text) - WINDOW, 0), 7):
            grams.setdefault(text[i:i + WINDOW], path.name)
    listed = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard"],
                            cwd=ROOT, capture_output=True, text=True, check=False).stdout.split()
    copied = []
    for rel in listed:
        try:
            body = re.sub(r"\s+", " ", (ROOT / rel).read_text(encoding="utf-8"))
        except (UnicodeDecodeError, OSError):
            continue
        copied += [f"{rel}: {g!r} ({grams[g]})" for g in grams if g in body]
    assert not copied, copied[:5]
