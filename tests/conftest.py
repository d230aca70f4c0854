"""Shared fixtures: paths to test data and a CLI runner that captures exit code and output."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"
SHARED = ROOT.parent / "shared"


@dataclass
class Ran:
    code: int
    out: str
    err: str


def run_cli(*args: str, cwd: Path | None = None, timeout: float = 120) -> Ran:
    """Run `python -m accord ARGS` in a subprocess, as a user would."""
    proc = subprocess.run([sys.executable, "-m", "accord", *args], capture_output=True,
                          text=True, cwd=cwd, timeout=timeout)
    return Ran(proc.returncode, proc.stdout, proc.stderr)


@pytest.fixture
def cli():
    """The CLI runner."""
    return run_cli


@pytest.fixture
def mini_path() -> Path:
    """A small valid scenario: two parties, one issue, dated positions."""
    return DATA / "mini.yaml"


@pytest.fixture
def shared_dir() -> Path:
    """The project's shared dev data folder (skips when absent)."""
    if not SHARED.is_dir():
        pytest.skip(f"shared dev data not found at {SHARED}")
    return SHARED
