"""Reading articles from files into Documents and into the store.

Formats: plain text (the whole file is the article text; title = the first line when it
looks like a headline), HTML (main text and metadata through trafilatura; scripts, styles and
boilerplate never reach the text), JSONL (one article a line: title, text, url, outlet,
published). Bad input never stops a batch: each problem file gives one `Problem` line.
"""

from __future__ import annotations

import glob
import json
import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from accord.evidence.document import Document

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
TEXT_SUFFIXES = {".txt", ".text", ".md", ""}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}


@dataclass(frozen=True)
class Problem:
    """One line about one input: `level` error (not ingested) or warning (ingested)."""

    path: str
    message: str
    level: str = "error"

    def __str__(self) -> str:
        return f"{self.path}: {self.level}: {self.message}"


@dataclass
class IngestReport:
    """What an ingest did."""

    added: int = 0
    duplicates: int = 0
    near_duplicates: int = 0
    files: int = 0
    problems: list[Problem] = field(default_factory=list)
    article_ids: list[int] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return any(p.level == "error" for p in self.problems)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["failed"] = self.failed
        return d


class BadInput(Exception):
    """A file that cannot be read as an article (message is the one line shown)."""


# ---- reading -------------------------------------------------------------------------------


# A folder's own documentation (README.md beside the articles) is not an article; name such a
# file explicitly to ingest it anyway.
_FOLDER_DOCS = re.compile(r"(?i)^(readme|licen[cs]e|changelog|notice|copying)(\.[\w.]+)?$")


def expand_paths(paths: Iterable[str | Path]) -> tuple[list[Path], list[Problem]]:
    """Files named by paths, folders (recursive) and globs, sorted, without repeats."""
    out: dict[Path, None] = {}
    problems = []
    for p in paths:
        s = str(p)
        path = Path(s)
        if path.is_dir():
            found = [f for f in sorted(path.rglob("*"))
                     if f.is_file() and not f.name.startswith(".")
                     and not _FOLDER_DOCS.match(f.name)]
            for f in found:
                out.setdefault(f, None)
            if not found:
                problems.append(Problem(s, "folder holds no files"))
        elif path.is_file():
            out.setdefault(path, None)
        elif any(c in s for c in "*?["):
            hits = sorted(glob.glob(s, recursive=True))
            for h in hits:
                if Path(h).is_file():
                    out.setdefault(Path(h), None)
            if not hits:
                problems.append(Problem(s, "no file matches this pattern"))
        else:
            problems.append(Problem(s, "no such file or folder"))
    return list(out), problems


def decode(data: bytes, path: str) -> tuple[str, list[Problem]]:
    """UTF-8 text of `data` (BOM dropped); invalid bytes are replaced with a warning that
    names the first bad byte offset. Binary data raises BadInput."""
    if b"\x00" in data[:8192]:
        raise BadInput("binary file (NUL bytes), not text — skipped")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        text = data.decode("utf-8", errors="replace")
        bad = text.count("\ufffd")
        if bad > max(8, len(text) // 20):
            raise BadInput(f"not UTF-8 text (first invalid byte at offset {exc.start}; "
                           f"{bad} invalid sequences) — convert it to UTF-8") from None
        return text, [Problem(path, f"invalid UTF-8 at byte offset {exc.start} "
                                    f"({bad} sequence(s) replaced with U+FFFD)", "warning")]


_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f]")


def looks_like_headline(line: str) -> bool:
    """A first line that reads as a headline: short, no final full stop, some capitals."""
    s = line.strip()
    return (0 < len(s) <= 200 and not s.endswith((".", ",", ";", ":")) and
            len(s.split()) >= 2 and s[:1].isupper())


def read_text_article(text: str, path: str, outlet: str | None) -> Document:
    first, _, rest = text.lstrip("\ufeff").partition("\n")
    title = first.strip() if rest.strip() and looks_like_headline(first) else None
    return Document(text=text, title=title, outlet=outlet, source=path)


def read_html_article(html: str, path: str, outlet: str | None) -> Document:
    """Main text and metadata of an HTML page (trafilatura); scripts/styles never kept."""
    import trafilatura

    doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False,
                                      include_tables=False, favor_precision=True)
    text = (getattr(doc, "text", None) or "") if doc is not None else ""
    if not text.strip():
        text = _fallback_html_text(html)
    if not text.strip():
        raise BadInput("HTML page with no readable main text — skipped")
    meta = doc if doc is not None else None
    title = getattr(meta, "title", None) if meta else None
    published = _parse_date(getattr(meta, "date", None)) if meta else None
    return Document(text=text, title=title, url=getattr(meta, "url", None) if meta else None,
                    outlet=outlet or (getattr(meta, "sitename", None) if meta else None),
                    published=published, source=path)


def _fallback_html_text(html: str) -> str:
    import lxml.html

    try:
        root = lxml.html.fromstring(html)
    except Exception:  # lxml raises several kinds on garbage
        return ""
    for bad in root.xpath("//script|//style|//noscript|//template|//iframe"):
        bad.drop_tree()
    return "\n".join(t.strip() for t in root.itertext() if t.strip())


def _parse_date(v: Any) -> date | None:
    if v is None or v == "":
        return None
    if isinstance(v, datetime):
        return v.date()
    if isinstance(v, date):
        return v
    try:
        return date.fromisoformat(str(v)[:10])
    except ValueError:
        return None


def read_jsonl(text: str, path: str, outlet: str | None) -> Iterator[Document | Problem]:
    for i, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        where = f"{path}:{i}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Problem(where, f"not valid JSON ({exc.msg} at column {exc.colno})")
            continue
        if not isinstance(obj, dict) or not isinstance(obj.get("text"), str) \
                or not obj["text"].strip():
            yield Problem(where, "a JSONL line needs an object with a non-empty 'text'")
            continue
        yield Document(text=obj["text"], title=obj.get("title"), url=obj.get("url"),
                       outlet=obj.get("outlet") or outlet,
                       published=_parse_date(obj.get("published")), source=where)


def read_file(path: Path, *, outlet: str | None = None,
              max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Document | Problem]:
    """The articles in one file (or Problems); never raises for bad content."""
    sp = str(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            yield Problem(sp, f"file is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:.1f} MB "
                              "limit — refused (raise it with --max-size)")
            return
        with path.open("rb") as fh:  # bounded: a device or pipe reports no size
            data = fh.read(max_bytes + 1)
        if len(data) > max_bytes:
            yield Problem(sp, f"more than {max_bytes / 1e6:.1f} MB of data — refused (raise "
                              "the limit with --max-size)")
            return
    except OSError as exc:
        yield Problem(sp, f"cannot read: {exc.strerror or exc}")
        return
    if not data.strip():
        yield Problem(sp, "empty file — skipped")
        return
    try:
        text, warnings = decode(data, sp)
        yield from warnings
        suffix = path.suffix.lower()
        if suffix in JSONL_SUFFIXES:
            yield from read_jsonl(text, sp, outlet)
            return
        is_html = suffix in HTML_SUFFIXES or (
            suffix not in TEXT_SUFFIXES and re.match(r"\s*<(!doctype html|html|head|body)",
                                                     text[:500], re.IGNORECASE) is not None)
        if is_html:
            yield read_html_article(text, sp, outlet)
            return
        if len(_CONTROL.findall(text[:8192])) > 10:
            raise BadInput("binary file (control bytes), not text — skipped")
        if not text.strip():
            raise BadInput("empty text — skipped")
        yield read_text_article(text, sp, outlet)
    except BadInput as exc:
        yield Problem(sp, str(exc))


# ---- ingesting -----------------------------------------------------------------------------


def ingest(paths: Iterable[str | Path], store: Any, *, outlet: str | None = None,
           max_bytes: int = DEFAULT_MAX_BYTES, pipeline: Any = None,
           on_problem: Callable[[Problem], None] | None = None,
           progress: Callable[[int, int], None] | None = None, jobs: int = 1) -> IngestReport:
    """Read, extract and store every article under `paths`; one transaction per article.

    `on_problem` sees each problem as it happens (the CLI prints one line each); `progress`
    gets (files done, files total). `jobs` > 1 extracts in that many worker processes while
    this process writes (articles are stored in input order either way; 0 = one per core).
    """
    from accord.evidence.pipeline import default_pipeline

    pipe = pipeline or default_pipeline()
    files, problems = expand_paths(paths)
    rep = IngestReport(files=len(files))

    def note(p: Problem) -> None:
        rep.problems.append(p)
        if on_problem:
            on_problem(p)

    def store_one(doc: Document, sig: Any = None) -> None:
        res = store.add_document(doc, signature=sig)
        if res.status == "duplicate":
            rep.duplicates += 1
        else:
            rep.added += 1
            rep.article_ids.append(res.article_id)
            if res.dup_group is not None and res.dup_group != res.article_id:
                rep.near_duplicates += 1

    def new_articles() -> Iterator[Document]:
        """Articles not yet stored, in input order (problems noted on the way)."""
        for i, f in enumerate(files):
            for item in read_file(f, outlet=outlet, max_bytes=max_bytes):
                if isinstance(item, Problem):
                    note(item)
                elif store.has(item.hash):
                    rep.duplicates += 1
                else:
                    yield item
            if progress:
                progress(i + 1, len(files))

    for p in problems:
        note(p)
    jobs = (os.cpu_count() or 1) if jobs <= 0 else jobs
    if jobs > 1 and len(files) > 0:
        _ingest_parallel(new_articles(), pipe, store_one, jobs)
    else:
        for doc in new_articles():
            store_one(pipe(doc))
    return rep


# ---- extraction in worker processes --------------------------------------------------------

_WORKER_PIPE: Any = None
CHUNK = 8  # articles per task sent to a worker
MIN_PARALLEL = 64  # fewer new articles than this are extracted here (workers take ~2 s to start)


def _worker_init(recipe: tuple[str, Any]) -> None:
    """Build the worker's pipeline: the default one for a registry-file set, or unpickled."""
    global _WORKER_PIPE
    from accord.evidence.pipeline import default_pipeline

    kind, arg = recipe
    _WORKER_PIPE = default_pipeline(arg) if kind == "default" else arg


def _worker_extract(docs: list[Document]) -> list[tuple[Document, Any]]:
    """Run the pipeline and the MinHash signature in a worker (the CPU-bound part)."""
    from accord.evidence.store import minhash_signature

    return [(d, minhash_signature(d.text)) for d in (_WORKER_PIPE(x) for x in docs)]


def _ingest_parallel(docs: Iterator[Document], pipe: Any,
                     store_one: Callable[..., None], jobs: int) -> None:
    """Extract in `jobs` spawned worker processes, store here in input order; a bounded
    number of chunks is in flight. Spawned workers see their pipe close and exit if this
    process dies."""
    import itertools
    import multiprocessing as mp
    import pickle
    from collections import deque
    from concurrent.futures import ProcessPoolExecutor

    from accord.evidence.pipeline import _DEFAULT

    head = list(itertools.islice(docs, MIN_PARALLEL))
    if len(head) < MIN_PARALLEL:  # too few articles to pay for starting workers
        for doc in head:
            store_one(pipe(doc))
        return
    docs = itertools.chain(head, docs)
    recipe: tuple[str, Any] | None = next(
        (("default", key) for key, p in _DEFAULT.items() if p is pipe), None)
    if recipe is None:
        try:
            pickle.dumps(pipe)
            recipe = ("pickled", pipe)
        except Exception:  # a custom pipeline that cannot travel to a worker
            for doc in docs:
                store_one(pipe(doc))
            return
    with ProcessPoolExecutor(jobs, mp_context=mp.get_context("spawn"),
                             initializer=_worker_init, initargs=(recipe,)) as pool:
        pending: deque[Any] = deque()
        chunk: list[Document] = []

        def drain(limit: int) -> None:
            while len(pending) > limit:
                for doc, sig in pending.popleft().result():
                    store_one(doc, sig)

        for doc in docs:
            chunk.append(doc)
            if len(chunk) == CHUNK:
                pending.append(pool.submit(_worker_extract, chunk))
                chunk = []
                drain(3 * jobs)
        if chunk:
            pending.append(pool.submit(_worker_extract, chunk))
        drain(0)


# ---- `accord run --corpus DIR` ---------------------------------------------------------------


@dataclass(frozen=True)
class CorpusEvidence:
    """What `accord run --corpus` found: the ingest report, store counts, and every quote
    with its sentence (offsets of the quote inside the sentence, for highlighting)."""

    db: str
    report: dict[str, Any]
    stats: dict[str, int]
    quotes: list[dict[str, Any]]

    def by_speaker(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for q in self.quotes:
            k = q["speaker"] or "(unattributed)"
            out[k] = out.get(k, 0) + 1
        return dict(sorted(out.items(), key=lambda kv: -kv[1]))

    def to_dict(self) -> dict[str, Any]:
        return {"db": self.db, "report": self.report, "stats": self.stats,
                "by_speaker": self.by_speaker(), "quotes": self.quotes}


def ingest_corpus(folder: str | Path, db: str | Path | None = None) -> CorpusEvidence:
    """Ingest a folder into a store (`db`, default a fresh SQLite file in a temp folder) and
    collect its quotes with their sentences."""
    import tempfile

    from accord.evidence.pipeline import split_sentences
    from accord.evidence.store import Store

    if db is None:
        db = Path(tempfile.mkdtemp(prefix="accord-evidence-")) / "evidence.db"
    store = Store(db)
    try:
        rep = ingest([folder], store)
        quotes = store.quotes()
        texts: dict[int, str] = {}
        for q in quotes:
            t = texts.setdefault(q["article"], store.article_text(q["article"]))
            sents = [s for s in split_sentences(t) if s.end > q["start"] and s.start < q["end"]]
            s0 = max(0, q["start"] - 1 if not sents else sents[0].start)
            s1 = min(len(t), q["end"] + 1 if not sents else sents[-1].end)
            q["sentence"] = t[s0:s1]
            q["highlight"] = [q["start"] - s0, q["end"] - s0]
        return CorpusEvidence(store.url, rep.to_dict(), store.stats(), quotes)
    finally:
        store.close()
