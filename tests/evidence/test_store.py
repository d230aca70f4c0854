"""The store: idempotent by content hash, whole articles only, near-duplicates grouped."""

from __future__ import annotations

from accord.evidence import Document, Store, build_pipeline
from accord.evidence.document import Quote


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
