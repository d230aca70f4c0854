"""`accord run` writes a self-contained report that renders offline in a real browser."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                  "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--enable-logging=stderr",
                  "--v=0", "--virtual-time-budget=15000"]


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Path:
    from tests.conftest import run_cli

    out = tmp_path_factory.mktemp("report")
    ran = run_cli("run", "--out", str(out))
    assert ran.code == 0, ran.err
    assert str(out / "index.html") in ran.out.replace("\n", "")
    return out / "index.html"


def test_report_is_self_contained(report: Path) -> None:
    html = report.read_text(encoding="utf-8")
    assert not re.search(r"<script[^>]*\bsrc\s*=\s*[\"']?(https?:)?//", html, re.I)
    assert not re.search(r"<link[^>]*\bhref\s*=\s*[\"']?(https?:)?//", html, re.I)
    assert not re.search(r"@import\s+url\(\s*[\"']?https?:", html, re.I)
    # the sections the foundation promises
    for anchor in ("glance", "overview", "positions", "salience", "timeline", "evidence"):
        assert f'id="{anchor}"' in html, anchor
    assert "Territory" in html and "Security guarantees" in html


def test_report_renders_in_headless_chromium(report: Path) -> None:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        pytest.skip("chromium not installed: `apt-get install chromium` (Debian) to run this test")
    with tempfile.TemporaryDirectory() as profile:
        proc = subprocess.run([browser, *CHROMIUM_FLAGS, f"--user-data-dir={profile}",
                               "--dump-dom", report.resolve().as_uri()],
                              capture_output=True, text=True, timeout=180)
    assert proc.returncode == 0, proc.stderr[-2000:]
    dom = proc.stdout
    plots = dom.count('class="plot-container plotly"')
    svgs = dom.count('class="main-svg"')
    assert plots >= 12, f"only {plots} plots rendered"
    assert svgs >= plots
    console = [ln for ln in proc.stderr.splitlines() if "CONSOLE" in ln]
    errors = [ln for ln in console if re.search(r"error|uncaught|failed", ln, re.I)]
    assert not errors, errors


def test_run_on_a_given_scenario_and_date(tmp_path: Path, mini_path: Path, cli) -> None:
    ran = cli("run", str(mini_path), "--as-of", "2025-02-01", "--out", str(tmp_path))
    assert ran.code == 0, ran.err
    html = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "as of 2025-02-01" in html


def test_unwritable_out_is_one_line(tmp_path: Path, cli) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    ran = cli("run", "--out", str(blocker / "sub"))
    assert ran.code == 2
    assert len(ran.err.strip().splitlines()) == 1 and "--out" in ran.err
