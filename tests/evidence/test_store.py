"""The store: idempotent by content hash, whole articles only, near-duplicates grouped."""

from __future__ import annotations

import numpy as np

from accord.evidence import Document, Store, build_pipeline
from accord.evidence.document import Claim, Quote
from accord.evidence.store import NEAR_DUP_JACCARD, minhash_signature


def _doc(text: str, **kw: object) -> Document:
    return build_pipeline()(Document(text=text, **kw))  # type: ignore[arg-type]


def test_add_is_idempotent_by_content_hash(db_url: str) -> None:
    store = Store(db_url)
    d = _doc('"We want peace," Putin said on Monday.', outlet="X")
    first = store.add_document(d)
    again = store.add_document(_doc(d.text, outlet="Y"))
    assert first.status == "added"
    assert again.status == "duplicate" and again.article_id == first.article_id
    assert store.count() == 1
    store.close()


def test_layers_round_trip_with_offsets(db_url: str) -> None:
    store = Store(db_url)
    text = 'Zelensky said: "We will never recognise occupied land."'
    d = Document(text=text)
    d.quotes.append(Quote(16, 55, text[16:55], speaker="Volodymyr Zelensky",
                          speaker_mention="Zelensky", cue="said"))
    d.issues.append("territory")
    store.add_document(d)
    rows = store.quotes(actor="volodymyr zelensky")
    assert len(rows) == 1
    assert text[rows[0]["start"]:rows[0]["end"]] == rows[0]["text"]
    assert store.stats()["article_issues"] == 1
    store.close()


def test_near_duplicates_are_grouped_not_dropped(db_url: str) -> None:
    base = " ".join(f"word{i} appears in the long wire story about talks number {i}."
                    for i in range(60))
    store = Store(db_url)
    a = store.add_document(Document(text=base))
    b = store.add_document(Document(text=base.replace("word7 ", "term7 ")))
    c = store.add_document(Document(text="A completely different article about sanctions."))
    assert store.count() == 3
    assert b.dup_group == a.article_id
    assert c.dup_group is None
    assert store.duplicate_groups() == {a.article_id: [a.article_id, b.article_id]}
    store.close()


_VOCAB_WORDS = ("talks ceasefire envoy minister delegation border troops sanctions proposal summit "
          "security guarantees president officials agreement negotiators capital region line "
          "front withdrawal aid energy grain port exchange prisoners monitors deadline vote "
          "parliament council spokesman statement meeting week month city villages drones "
          "missiles shelling reconstruction fund bank loan reparations referendum elections")
_FILL_WORDS = "the a of in on and to with for said after before that would could"
_VOCAB, _FILL = _VOCAB_WORDS.split(), _FILL_WORDS.split()


def _paragraphs(seed: int, n: int = 8) -> list[str]:
    """A synthetic article: `n` paragraphs of three random sentences."""
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(n):
        sents = []
        for _ in range(3):
            words = [str(rng.choice(_VOCAB if rng.random() < 0.6 else _FILL))
                     for _ in range(int(rng.integers(12, 20)))]
            sents.append(" ".join(words).capitalize() + ".")
        out.append(" ".join(sents))
    return out


def _reword(paras: list[str], seed: int, frac: float) -> list[str]:
    """Replace a fraction `frac` of the words (an editor's rewrite)."""
    rng = np.random.default_rng(seed)
    out = []
    for p in paras:
        words = p.split(" ")
        out.append(" ".join(str(rng.choice(_VOCAB)) if rng.random() < frac else w
                            for w in words))
    return out


def test_wire_copy_and_syndicated_rewrite_join_the_original_group(db_url: str) -> None:
    original = _paragraphs(1)
    wire = ["GENEVA (Wire) —", *original, "Reporting by a correspondent; editing by a desk."]
    # new lede, one paragraph dropped, 5% of words changed
    rewrite = _paragraphs(99, 1) + _reword(original[:3] + original[4:], 5, 0.05)
    store = Store(db_url)
    a = store.add_document(Document(text="\n\n".join(original)))
    other = store.add_document(Document(text="\n\n".join(_paragraphs(7))))
    store.close()
    store = Store(db_url)  # a new process: the LSH index is rebuilt from stored signatures
    w = store.add_document(Document(text="\n\n".join(wire)))
    r = store.add_document(Document(text="\n\n".join(rewrite)))
    assert other.dup_group is None
    assert w.dup_group == a.article_id and r.dup_group == a.article_id
    assert store.duplicate_groups() == {a.article_id: [a.article_id, w.article_id, r.article_id]}
    store.close()


def test_near_duplicate_of_a_group_member_joins_the_group(db_url: str) -> None:
    """A rewrite of a rewrite: too far from the original, close to the first rewrite."""
    original = _paragraphs(1)
    first = _reword(original, 2, 0.08)
    second = _reword(first, 3, 0.08)
    sig = [minhash_signature("\n\n".join(p)) for p in (original, first, second)]
    assert np.mean(sig[0] == sig[2]) < NEAR_DUP_JACCARD <= np.mean(sig[1] == sig[2])
    store = Store(db_url)
    a = store.add_document(Document(text="\n\n".join(original)))
    b = store.add_document(Document(text="\n\n".join(first)))
    c = store.add_document(Document(text="\n\n".join(second)))
    assert b.dup_group == a.article_id and c.dup_group == a.article_id
    store.close()


def test_claims_keep_their_quantities_and_point_at_their_quote_row(db_url: str) -> None:
    from sqlalchemy import select

    from accord.evidence.store import ClaimRow

    text = 'Putin said: "We want 20 percent of the land." Zelensky said: "Never."'
    d = Document(text=text)
    d.quotes += [Quote(13, 45, text[13:45], speaker="Vladimir Putin"),
                 Quote(64, 70, text[64:70], speaker="Volodymyr Zelensky")]
    qty = [{"text": "20 percent", "value": 20.0, "unit": "%", "approximate": False}]
    d.claims.append(Claim("Ukraine", "territory", "oppose", 64, 70, quote_index=1))
    d.claims.append(Claim("Russia", "territory", "demand", 13, 45, quantities=qty))
    store = Store(db_url)
    store.add_document(d)
    quotes = {q["speaker"]: q["id"] for q in store.quotes()}
    with store.session() as s:
        rows = {c.actor: c for c in s.scalars(select(ClaimRow)).all()}
    assert rows["Ukraine"].quote_id == quotes["Volodymyr Zelensky"]
    assert rows["Russia"].quote_id is None and rows["Russia"].quantities == qty
    store.close()
