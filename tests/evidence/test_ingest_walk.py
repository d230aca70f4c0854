"""Folder walks take the articles, not the folder's own README or licence."""

from __future__ import annotations

from pathlib import Path

from accord.evidence.ingest import expand_paths


def test_folder_walk_skips_folder_docs_but_explicit_names_count(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Headline\n\nBody.", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.html").write_text("<html><body><p>x</p></body></html>")
    for doc in ("README.md", "LICENSE", "readme.txt", "CHANGELOG.rst"):
        (tmp_path / doc).write_text("about this folder")
    files, problems = expand_paths([tmp_path])
    assert [f.name for f in files] == ["a.txt", "b.html"]
    assert not problems
    files, _ = expand_paths([tmp_path / "README.md"])
    assert [f.name for f in files] == ["README.md"]
