"""The evidence store: articles and everything extracted from them, through SQLAlchemy 2.0.

A SQLite file by default (`default_db_url()`: `$ACCORD_DB`, else
`$XDG_DATA_HOME/accord/evidence.db`, i.e. `~/.local/share/accord/evidence.db`); any SQLAlchemy
URL (e.g. `postgresql+psycopg://user@host/db`) via `--db` or `ACCORD_DB`.

Guarantees: an article is identified by the SHA-256 of its exact text (re-adding it is a no-op);
an article and all its evidence are written in ONE transaction (a crash or SIGKILL mid-ingest
leaves no partial article); concurrent writers are safe (unique content hash; SQLite writers
take the lock up front with BEGIN IMMEDIATE and wait for it; PostgreSQL writers take a
transaction-scoped advisory lock). Each layer is written with one bulk INSERT. Near-duplicates
(wire copies, syndicated rewrites) are grouped through MinHash signatures kept with each article
and a datasketch LSH index rebuilt from them (see `NearDuplicateIndex`).

Part 2 fills `article_issues` and `claims` (see `Store.add_document`, which writes
`doc.issues` and `doc.claims` when present).
"""

from __future__ import annotations

import json
import os
import re
import time
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    create_engine,
    event,
    func,
    insert,
    select,
    text,
    update,
)
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship

from accord.errors import InputError
from accord.evidence.document import Document, content_hash

# ---- schema ------------------------------------------------------------------------------


class Base(DeclarativeBase):
    pass


class Article(Base):
    """One article: exact text (all offsets point into it) and metadata."""

    __tablename__ = "articles"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    content_hash: Mapped[str] = mapped_column(String(64), unique=True, index=True)
    text: Mapped[str] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text, nullable=True)
    url: Mapped[str | None] = mapped_column(Text, nullable=True)
    outlet: Mapped[str | None] = mapped_column(String(200), nullable=True, index=True)
    published: Mapped[date | None] = mapped_column(Date, nullable=True)
    source: Mapped[str | None] = mapped_column(Text, nullable=True)
    ingested_at: Mapped[datetime] = mapped_column(DateTime)
    dup_group: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    minhash: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)

    mentions: Mapped[list[ActorMention]] = relationship(back_populates="article",
                                                         cascade="all, delete-orphan")
    quotes: Mapped[list[QuoteRow]] = relationship(back_populates="article",
                                                  cascade="all, delete-orphan")
    quantities: Mapped[list[QuantityRow]] = relationship(back_populates="article",
                                                         cascade="all, delete-orphan")
    dates: Mapped[list[DateRow]] = relationship(back_populates="article",
                                                cascade="all, delete-orphan")
    issues: Mapped[list[ArticleIssue]] = relationship(back_populates="article",
                                                      cascade="all, delete-orphan")
    claims: Mapped[list[ClaimRow]] = relationship(back_populates="article",
                                                  cascade="all, delete-orphan")


class _SpanMixin:
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)


class ActorMention(_SpanMixin, Base):
    __tablename__ = "actor_mentions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"),
                                            index=True)
    actor: Mapped[str] = mapped_column(String(200), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    fuzzy: Mapped[bool] = mapped_column(default=False)
    article: Mapped[Article] = relationship(back_populates="mentions")


class QuoteRow(_SpanMixin, Base):
    __tablename__ = "quotes"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"),
                                            index=True)
    speaker: Mapped[str | None] = mapped_column(String(200), nullable=True, index=True)
    speaker_mention: Mapped[str | None] = mapped_column(Text, nullable=True)
    speaker_start: Mapped[int | None] = mapped_column(Integer, nullable=True)
    speaker_end: Mapped[int | None] = mapped_column(Integer, nullable=True)
    cue: Mapped[str | None] = mapped_column(Text, nullable=True)
    type: Mapped[str] = mapped_column(String(20))
    attribution: Mapped[str] = mapped_column(String(20))
    nested: Mapped[bool] = mapped_column(default=False)
    article: Mapped[Article] = relationship(back_populates="quotes")


class QuantityRow(_SpanMixin, Base):
    __tablename__ = "quantities"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"),
                                            index=True)
    value: Mapped[float] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(String(80))
    approximate: Mapped[bool] = mapped_column(default=False)
    article: Mapped[Article] = relationship(back_populates="quantities")


class DateRow(_SpanMixin, Base):
    __tablename__ = "dates"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"),
                                            index=True)
    value: Mapped[str | None] = mapped_column(String(32), nullable=True)
    granularity: Mapped[str] = mapped_column(String(10))
    relative: Mapped[bool] = mapped_column(default=False)
    article: Mapped[Article] = relationship(back_populates="dates")


class ArticleIssue(Base):
    """An issue an article is about (part 2 fills it)."""

    __tablename__ = "article_issues"
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"),
                                            primary_key=True)
    issue: Mapped[str] = mapped_column(String(60), primary_key=True, index=True)
    score: Mapped[float | None] = mapped_column(Float, nullable=True)
    article: Mapped[Article] = relationship(back_populates="issues")


class ClaimRow(Base):
    """A claim: actor's stance on an issue, with its evidence span (part 2 fills it)."""

    __tablename__ = "claims"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"),
                                            index=True)
    actor: Mapped[str] = mapped_column(String(200), index=True)
    speaker: Mapped[str | None] = mapped_column(String(200), nullable=True)
    issue: Mapped[str] = mapped_column(String(60), index=True)
    stance: Mapped[str] = mapped_column(String(20), index=True)
    target: Mapped[str | None] = mapped_column(String(200), nullable=True)
    summary: Mapped[str] = mapped_column(Text, default="")
    quantities: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    date: Mapped[str | None] = mapped_column(String(32), nullable=True)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text, default="")
    quote_id: Mapped[int | None] = mapped_column(ForeignKey("quotes.id"), nullable=True)
    article: Mapped[Article] = relationship(back_populates="claims")


class Meta(Base):
    __tablename__ = "accord_meta"
    name: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    __table_args__ = (UniqueConstraint("name"),)


SCHEMA_VERSION = "1"
_RAW_SQL: dict[tuple[str, tuple[str, ...]], str] = {}
_PG_LOCK = 0x6163636F7264  # advisory lock key serialising writers on PostgreSQL

# ---- near-duplicates ---------------------------------------------------------------------

NUM_PERM = 128
SHINGLE = 3  # words per shingle: a rewrite that changes one word loses only 3 shingles
NEAR_DUP_JACCARD = 0.5  # unrelated articles on one topic share < 0.02 of their 3-word shingles
TWIN_JACCARD = 0.95  # a near-identical copy: grouped, but its twin stands for it in the index
SIG_BYTES = NUM_PERM * 4  # uint32 signatures (datasketch's affine32 scheme)
_WORD = re.compile(r"\w+")
_MIX = np.uint64(1099511628211)  # FNV prime: combines word hashes into a shingle hash
_PERMUTATIONS: Any = None


def minhash(text: str) -> Any:
    """MinHash (datasketch, 128 permutations, affine32) of the lower-cased text's 3-word
    shingles. Words are hashed once (CRC-32) and combined into shingle hashes with numpy."""
    from datasketch import LeanMinHash, MinHash

    global _PERMUTATIONS
    if _PERMUTATIONS is None:
        _PERMUTATIONS = MinHash(num_perm=NUM_PERM, seed=1).permutations
    words = _WORD.findall(text.lower())
    wh = np.fromiter((zlib.crc32(w.encode()) for w in words), dtype=np.uint64, count=len(words))
    k = min(SHINGLE, len(wh))
    if k == 0:
        wh, k = np.zeros(1, dtype=np.uint64), 1
    h = wh[:len(wh) - k + 1].copy()
    for j in range(1, k):
        h = h * _MIX + wh[j:len(wh) - k + 1 + j]
    h32 = np.unique((h ^ (h >> np.uint64(32))) & np.uint64(0xFFFFFFFF))
    m = MinHash(num_perm=NUM_PERM, seed=1, hashfunc=int, permutations=_PERMUTATIONS,
                scheme="affine32")
    m.update_batch(h32.tolist())
    return LeanMinHash(m)


def minhash_signature(text: str) -> np.ndarray:
    """The MinHash signature of `text` as a uint32 array (what the store keeps)."""
    return np.asarray(minhash(text).hashvalues, dtype=np.uint32)


class NearDuplicateIndex:
    """MinHash LSH (datasketch `MinHashLSH`) over the stored signatures, rebuilt from the store
    on first use and brought up to date inside each writing transaction, so every article is
    compared with every stored article whose signature shares an LSH band, in any process.

    An article whose estimated Jaccard with an indexed one is ≥ `TWIN_JACCARD` (a wire copy
    with another byline) joins that one's group without entering the index itself: its twin
    answers for it, so a story syndicated thousands of times costs one candidate, not
    thousands."""

    def __init__(self) -> None:
        from datasketch import MinHashLSH

        self.lsh = MinHashLSH(threshold=NEAR_DUP_JACCARD, num_perm=NUM_PERM)
        self.sigs = np.zeros((0, NUM_PERM), dtype=np.uint32)  # row i: signature of ids[i]
        self.ids: list[int] = []
        self.row: dict[int, int] = {}
        self.groups: list[int] = []
        self.last_id = 0

    def refresh(self, s: Session) -> None:
        """Index the articles stored since the last refresh (by any process)."""
        rows = s.execute(select(Article.id, Article.minhash, Article.dup_group)
                         .where(Article.id > self.last_id).order_by(Article.id)).all()
        for aid, mh, group in rows:
            if mh is not None and len(mh) == SIG_BYTES:
                sig = np.frombuffer(mh, dtype=np.uint32)
            else:  # stored before this signature scheme: recompute from the text
                sig = minhash_signature(s.scalar(select(Article.text)
                                                 .where(Article.id == aid)) or "")
            self.add(aid, sig, group or aid)

    def add(self, aid: int, sig: np.ndarray, group: int) -> None:
        """Index article `aid` (unless a near-identical twin is indexed already)."""
        from datasketch import LeanMinHash

        self.last_id = max(self.last_id, aid)
        if aid in self.row:
            return
        m = LeanMinHash(seed=1, hashvalues=sig, scheme="affine32")
        best = self._best(m)
        if best is not None and best[0] >= TWIN_JACCARD:
            return
        self.lsh.insert(aid, m)
        if len(self.ids) == len(self.sigs):  # grow the signature matrix by doubling
            grown = np.zeros((max(64, 2 * len(self.sigs)), NUM_PERM), dtype=np.uint32)
            grown[:len(self.sigs)] = self.sigs
            self.sigs = grown
        self.row[aid] = len(self.ids)
        self.sigs[len(self.ids)] = sig
        self.ids.append(aid)
        self.groups.append(group)

    def _best(self, m: Any) -> tuple[float, int] | None:
        """(estimated Jaccard, group) of the most similar indexed article among the LSH
        candidates (ties: the earliest article), or None without candidates."""
        cands = self.lsh.query(m)
        if not cands:
            return None
        rows = np.fromiter((self.row[c] for c in cands), dtype=np.int64, count=len(cands))
        rows.sort()  # rows follow article ids: argmax picks the earliest of equals
        sims = (self.sigs[rows] == np.asarray(m.hashvalues, dtype=np.uint32)).mean(axis=1)
        i = int(np.argmax(sims))
        return float(sims[i]), self.groups[rows[i]]

    def find(self, m: Any) -> int | None:
        """The group of the most similar stored article with estimated Jaccard ≥
        `NEAR_DUP_JACCARD` (LSH candidates checked against their full signatures), or None."""
        best = self._best(m)
        return best[1] if best is not None and best[0] >= NEAR_DUP_JACCARD else None


# ---- engine ------------------------------------------------------------------------------


def default_db_url() -> str:
    """`$ACCORD_DB`, else a SQLite file under the user's data folder."""
    env = os.environ.get("ACCORD_DB", "").strip()
    if env:
        return normalise_url(env)  # a plain path means a SQLite file, as for --db
    base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return f"sqlite:///{base / 'accord' / 'evidence.db'}"


def normalise_url(db: str | Path | None) -> str:
    """A SQLAlchemy URL from a URL, a file path or None (the default)."""
    if db is None or not str(db).strip():
        return default_db_url()
    s = str(db).strip()
    if "://" in s:
        if s.startswith("postgresql://"):
            s = "postgresql+psycopg://" + s[len("postgresql://"):]
        return s
    return f"sqlite:///{Path(s).expanduser()}"


def make_engine(url: str) -> Engine:
    """An engine; SQLite gets WAL, a busy timeout and BEGIN IMMEDIATE for safe concurrency."""
    if url.startswith("sqlite"):
        path = url.split("///", 1)[1] if "///" in url else ""
        if path and path != ":memory:":
            try:
                Path(path).parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise InputError(f"cannot create the folder of the SQLite store {path!r} "
                                 f"({exc.strerror or exc})",
                                 fix="give --db / ACCORD_DB a file path in a writable folder"
                                 ) from None
            if Path(path).is_dir():
                raise InputError(f"the SQLite store {path!r} is a folder",
                                 fix="give --db / ACCORD_DB a file path, e.g. evidence.db")
        engine = create_engine(url, connect_args={"timeout": 60, "isolation_level": None})

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_conn: Any, _rec: Any) -> None:
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA busy_timeout=60000")
            if path and path != ":memory:":
                cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.close()

        @event.listens_for(engine, "begin")
        def _on_begin(conn: Any) -> None:
            conn.exec_driver_sql("BEGIN IMMEDIATE")

        return engine
    try:
        return create_engine(url, pool_pre_ping=True)
    except Exception as exc:  # bad URL, missing driver
        raise InputError(f"cannot open database {url!r}: {exc}",
                         fix="give a SQLAlchemy URL, e.g. sqlite:///evidence.db or "
                             "postgresql+psycopg://user@host/db (pip install psycopg[binary])"
                         ) from exc


@dataclass(frozen=True)
class AddResult:
    """What `Store.add_document` did: `status` is added | duplicate; `dup_group` set when the
    article is a near-duplicate of an earlier one."""

    status: str
    article_id: int
    content_hash: str
    dup_group: int | None = None


class Store:
    """The evidence store (thread-unsafe; one per process)."""

    def __init__(self, db: str | Path | None = None, *, create: bool = True) -> None:
        self.url = normalise_url(db)
        self.engine = make_engine(self.url)
        self._index: NearDuplicateIndex | None = None
        if create:
            self._create()

    def _create(self) -> None:
        for attempt in range(5):
            try:
                Base.metadata.create_all(self.engine)
                self._check_schema()
                return
            except (OperationalError, IntegrityError) as exc:  # another process creating the tables
                if attempt == 4:
                    raise InputError(f"cannot open the evidence store {self.url}: "
                                     f"{getattr(exc, 'orig', None) or exc}",
                                     fix="check the --db URL / ACCORD_DB and that the server runs"
                                     ) from exc
                time.sleep(0.2 * (attempt + 1))
            except InputError:
                raise
            except Exception as exc:
                raise InputError(f"cannot open the evidence store {self.url}: {exc}",
                                 fix="check the --db URL / ACCORD_DB and that the server runs"
                                 ) from exc

    def _check_schema(self) -> None:
        """Refuse a database whose tables of our names lack our columns (another program's
        file, or a store of an older layout): queries on it would fail half-way."""
        from sqlalchemy import inspect

        insp = inspect(self.engine)
        for table in Base.metadata.sorted_tables:
            have = {c["name"] for c in insp.get_columns(table.name)}
            missing = [c.name for c in table.columns if c.name not in have]
            if missing:
                raise InputError(f"{self.url} is not an Accord evidence store of this version: "
                                 f"table '{table.name}' lacks column '{missing[0]}'",
                                 fix="give --db / ACCORD_DB a new file (ingest again there)")

    def session(self) -> Session:
        return Session(self.engine, expire_on_commit=False)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # -- writing

    def has(self, text_or_hash: str) -> bool:
        """Whether an article with this text (or content hash) is stored."""
        h = text_or_hash if len(text_or_hash) == 64 and " " not in text_or_hash \
            else content_hash(text_or_hash)
        with self.session() as s:
            return s.scalar(select(Article.id).where(Article.content_hash == h)) is not None

    def add_document(self, doc: Document, *, signature: np.ndarray | None = None,
                     retries: int = 5) -> AddResult:
        """Store `doc` and all its layers in one transaction; a no-op when its text is known.
        `signature`: its `minhash_signature` when already computed (e.g. by an ingest worker)."""
        from datasketch import LeanMinHash

        h = doc.hash
        m = (minhash(doc.text) if signature is None
             else LeanMinHash(seed=1, hashvalues=signature, scheme="affine32"))
        for attempt in range(retries):
            try:
                return self._add(doc, h, m)
            except IntegrityError:
                with self.session() as s:
                    aid = s.scalar(select(Article.id).where(Article.content_hash == h))
                if aid is not None:
                    return AddResult("duplicate", aid, h)
                if attempt == retries - 1:
                    raise
            except OperationalError:
                if attempt == retries - 1:
                    raise
                time.sleep(0.1 * (attempt + 1))
        raise AssertionError("unreachable")

    def _add(self, doc: Document, h: str, m: Any) -> AddResult:
        """One transaction: the article row, then each layer's rows in one bulk INSERT each
        (SQLAlchemy Core executemany; no ORM objects). Writers are serialised (SQLite: BEGIN
        IMMEDIATE; PostgreSQL: a transaction-scoped advisory lock) so near-duplicate lookup
        sees every committed article."""
        sig = np.asarray(m.hashvalues, dtype=np.uint32)
        with self.session() as s, s.begin():
            if not self.url.startswith("sqlite"):
                s.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_LOCK})
            existing = s.scalar(select(Article.id).where(Article.content_hash == h))
            if existing is not None:
                return AddResult("duplicate", existing, h)
            if self._index is None:
                self._index = NearDuplicateIndex()
            self._index.refresh(s)
            group = self._index.find(m)
            aid = s.execute(insert(Article).returning(Article.id), [dict(
                content_hash=h, text=doc.text, title=doc.title, url=doc.url, outlet=doc.outlet,
                published=doc.published, source=doc.source,
                ingested_at=datetime.now(UTC).replace(tzinfo=None), dup_group=group,
                minhash=sig.tobytes())]).scalar_one()
            if group is None:
                s.execute(update(Article).where(Article.id == aid).values(dup_group=aid))
            self._insert_layers(s, aid, doc)
        self._index.add(aid, sig, group if group is not None else aid)
        return AddResult("added", aid, h, group)

    def _bulk(self, c: Any, table: Any, rows: list[dict[str, Any]]) -> None:
        """One executemany INSERT of `rows` (dicts with the same keys). SQLite gets a plain
        positional statement (no per-row SQLAlchemy processing: JSON values dumped here as
        SQLAlchemy's JSON type does); other databases go through SQLAlchemy Core."""
        if not rows:
            return
        if not self.url.startswith("sqlite"):
            c.execute(insert(table), rows)
            return
        keys = tuple(rows[0])
        sql = _RAW_SQL.get((table.name, keys))
        if sql is None:
            cols = ", ".join(f'"{k}"' for k in keys)
            sql = _RAW_SQL[(table.name, keys)] = \
                f'INSERT INTO "{table.name}" ({cols}) VALUES ({", ".join("?" * len(keys))})'
        c.exec_driver_sql(sql, [tuple(json.dumps(v) if isinstance(v, (list, dict)) else v
                                      for v in r.values()) for r in rows])

    def _insert_layers(self, s: Session, aid: int, doc: Document) -> None:
        """Every layer of `doc` as one executemany INSERT per table (not the ORM)."""
        c = s.connection()
        if doc.mentions:
            self._bulk(c, ActorMention.__table__, [
                {"article_id": aid, "start": x.start, "end": x.end, "text": x.text,
                 "actor": x.actor, "kind": x.kind, "fuzzy": x.fuzzy} for x in doc.mentions])
        qids: list[int] = []
        if doc.quotes:
            rows = [{"article_id": aid, "start": q.start, "end": q.end, "text": q.text,
                     "speaker": q.speaker, "speaker_mention": q.speaker_mention,
                     "speaker_start": q.speaker_start, "speaker_end": q.speaker_end,
                     "cue": q.cue, "type": q.type, "attribution": q.attribution,
                     "nested": q.nested} for q in doc.quotes]
            if any(c.quote_index is not None for c in doc.claims):  # claims cite quote rows
                qids = list(c.execute(insert(QuoteRow.__table__).returning(
                    QuoteRow.__table__.c.id, sort_by_parameter_order=True), rows).scalars())
            else:
                self._bulk(c, QuoteRow.__table__, rows)
        if doc.quantities:
            self._bulk(c, QuantityRow.__table__, [
                {"article_id": aid, "start": q.start, "end": q.end, "text": q.text,
                 "value": q.value, "unit": q.unit, "approximate": q.approximate}
                for q in doc.quantities])
        if doc.dates:
            self._bulk(c, DateRow.__table__, [
                {"article_id": aid, "start": d.start, "end": d.end, "text": d.text,
                 "value": d.value, "granularity": d.granularity, "relative": d.relative}
                for d in doc.dates])
        if doc.issues:
            self._bulk(c, ArticleIssue.__table__, [
                {"article_id": aid, "issue": i, "score": None} for i in dict.fromkeys(doc.issues)])
        if doc.claims:
            self._bulk(c, ClaimRow.__table__, [
                {"article_id": aid, "actor": c.actor, "speaker": c.speaker, "issue": c.issue,
                 "stance": c.stance, "target": c.target, "summary": c.summary,
                 "quantities": list(c.quantities), "date": c.date, "start": c.start,
                 "end": c.end, "text": c.text,
                 "quote_id": (qids[c.quote_index] if c.quote_index is not None
                              and 0 <= c.quote_index < len(qids) else None)}
                for c in doc.claims])

    # -- reading

    def count(self) -> int:
        with self.session() as s:
            return int(s.scalar(select(func.count(Article.id))) or 0)

    def articles(self, *, outlet: str | None = None) -> list[Article]:
        with self.session() as s:
            q = select(Article).order_by(Article.id)
            if outlet:
                q = q.where(Article.outlet == outlet)
            return list(s.scalars(q).all())

    def quotes(self, *, actor: str | None = None, outlet: str | None = None,
               limit: int | None = None) -> list[dict[str, Any]]:
        """Stored quotes (with article id, title, outlet) filtered by speaker and outlet."""
        with self.session() as s:
            q = (select(QuoteRow, Article.title, Article.outlet, Article.published)
                 .join(Article).order_by(QuoteRow.article_id, QuoteRow.start))
            if actor:
                q = q.where(func.lower(QuoteRow.speaker) == actor.lower())
            if outlet:
                q = q.where(Article.outlet == outlet)
            if limit:
                q = q.limit(limit)
            out = []
            for row, title, outl, pub in s.execute(q).all():
                out.append({"id": row.id, "article": row.article_id, "title": title,
                            "outlet": outl, "published": pub.isoformat() if pub else None,
                            "start": row.start, "end": row.end, "text": row.text,
                            "speaker": row.speaker, "speaker_mention": row.speaker_mention,
                            "cue": row.cue, "type": row.type, "attribution": row.attribution})
            return out

    def duplicate_groups(self) -> dict[int, list[int]]:
        """Near-duplicate groups with more than one article: group id → article ids."""
        with self.session() as s:
            rows = s.execute(select(Article.dup_group, Article.id).order_by(Article.id)).all()
        groups: dict[int, list[int]] = {}
        for g, aid in rows:
            groups.setdefault(g, []).append(aid)
        return {g: ids for g, ids in groups.items() if len(ids) > 1}

    def article_text(self, article_id: int) -> str:
        with self.session() as s:
            return s.scalar(select(Article.text).where(Article.id == article_id)) or ""

    def stats(self) -> dict[str, int]:
        with self.session() as s:
            return {name: int(s.scalar(select(func.count()).select_from(tbl)) or 0)
                    for name, tbl in (("articles", Article), ("mentions", ActorMention),
                                      ("quotes", QuoteRow), ("quantities", QuantityRow),
                                      ("dates", DateRow), ("article_issues", ArticleIssue),
                                      ("claims", ClaimRow))}


def iter_chunks(seq: Sequence[Any], n: int) -> Iterator[Sequence[Any]]:
    for i in range(0, len(seq), n):
        yield seq[i:i + n]


def dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, default=str)
