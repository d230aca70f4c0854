"""Quotations and their speakers, by rules over the text (no model needed).

1. Quotation marks (straight, curly, guillemets, low-9; single marks inside a quote) are
   classified as opening or closing from their neighbours (glyph shape only breaks ties), then
   paired with a stack, so nested marks pair inside out and mismatched glyphs still pair. An
   unmatched closing mark gives a quote whose opening mark is missing (it starts after the last
   dash or line start). A quote left open at a paragraph end closes there when the next
   paragraph opens a new quotation (the news convention for continued speech); otherwise it may
   run over several paragraphs to its closing mark.
2. Attribution, in order: a cue in the narrator's part of the quote's sentence before it
   ("X said that", "according to X", "X called it a"), a cue right after it ('," he said',
   '" said X'), labels at a paragraph start ("X: ..."), and carry-over from the previous quote
   for quotes that stand alone as a paragraph (attribution `context`). Words in marks that
   nothing attributes are scare quotes or names and are dropped; a quote inside a quote counts
   only when a cue inside the outer quote attributes it.
3. Speakers: registry mentions (canonical names), unknown capitalised names (kept as written,
   surnames linked back to the full name), pronouns resolved to the last person mentioned,
   anonymous sources ("a US official") to an unnamed official of that party.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from itertools import accumulate
from typing import Any

from accord.evidence.document import Document, Mention, Quote
from accord.evidence.pipeline import PipelineConfig, register_component

# Speech cues (verbs and phrases). WEAK cues attribute only a quote that follows them directly
# ("He believes, “…”"), never words in marks elsewhere in the sentence.
CUES = (
    "said", "says", "say", "saying", "told", "tells", "telling", "added", "adds", "adding",
    "noted", "notes", "noting", "stated", "states", "stating", "remarked", "remarks",
    "explained", "explains", "explaining", "emphasized", "emphasised", "emphasizes",
    "emphasises", "emphasizing", "stressed", "stresses", "stressing", "insisted", "insists",
    "insisting", "claimed", "claims", "claiming", "described", "describes", "describing",
    "characterized", "characterised", "characterizes", "called", "calls", "calling",
    "observed", "observes", "wrote", "writes", "writing", "warned", "warns", "warning",
    "promised", "promises", "pointed out", "points out", "declared", "declares",
    "announced", "announces", "argued", "argues", "arguing", "urged", "urges", "predicted",
    "predicts", "suggested", "suggests", "acknowledged", "acknowledges", "admitted",
    "admits", "asserted", "asserts", "vowed", "vows", "pledged", "pledges", "labeled",
    "labelled", "termed", "dubbed", "referred to", "replied", "replies", "responded",
    "answered", "asked", "asks", "continued", "concluded", "elaborated", "reiterated",
    "recalled", "confirmed", "denied", "demanded", "demands", "proposed", "mentioned",
    "commented", "quipped", "tweeted", "posted", "wrote on", "according to", "declaration of",
    "promise of", "promise to", "statement", "words", "put it", "expressed",
)
WEAK_CUES = ("believes", "believe", "believed", "thinks", "think", "thought", "feels", "hopes",
             "recalls", "explained", "also")
PRONOUNS = {"he": "m", "she": "f", "him": "m", "her": "f", "his": "m"}

_cue_alt = "|".join(sorted((re.escape(c).replace(r"\ ", r"\s+") for c in CUES), key=len,
                           reverse=True))
CUE_RE = re.compile(rf"(?<![\w])(?:{_cue_alt})(?![\w])", re.IGNORECASE)
WEAK_RE = re.compile(rf"(?<![\w])(?:{'|'.join(WEAK_CUES)})(?![\w])", re.IGNORECASE)
PRONOUN_RE = re.compile(r"(?<![\w])(?:he|she|him|her)(?![\w])", re.IGNORECASE)
NAME_RE = re.compile(r"(?<![\w'’])(?:[A-Z][a-z]+|[A-Z]\.(?:[A-Z]\.)?)(?:[-'’][A-Z]?[a-z]+)?"
                     r"(?:\s+(?:[A-Z][a-z]+|[A-Z]\.)(?:[-'’][A-Z]?[a-z]+)?){1,3}(?![\w])")
ANON_RE = re.compile(
    r"(?<![\w])(?:an?|one|two|three|several|some|other)?\s*(?:senior\s+|top\s+|former\s+|"
    r"high-ranking\s+)?(?P<dem>[A-Z][\w.]*\s+)?(?:government\s+|administration\s+|defen[cs]e\s+|"
    r"military\s+|intelligence\s+|diplomatic\s+)?(?:official|diplomat|source|aide|officer)s?"
    r"(?![\w])", re.IGNORECASE)

DQ_OPEN = "“„«"
DQ_CLOSE = "”»"
SQ_OPEN = "‘‹"
SQ_CLOSE = "’›"
DASHES = "–—-"


@dataclass
class _Mark:
    pos: int
    kind: str  # "d" double, "s" single
    role: str  # "open" | "close"


@dataclass
class _Cand:
    start: int  # first char inside
    end: int  # one past the last char inside (position of the closing mark)
    depth: int
    kind: str
    open_missing: bool = False


def _classify_double(text: str, i: int) -> str | None:
    ch = text[i]
    prev = text[i - 1] if i > 0 else "\n"
    nxt = text[i + 1] if i + 1 < len(text) else "\n"
    before_ok = prev.isspace() or prev in "([{—–-/:" + DQ_OPEN + SQ_OPEN + "'\""
    after_ok = nxt.isspace() or nxt in ".,;:!?)]}—–-…" + DQ_CLOSE + SQ_CLOSE + "'\""
    if before_ok and not nxt.isspace() and (not after_ok or prev not in "'\"" + DQ_CLOSE):
        return "open"
    if after_ok and not prev.isspace():
        return "close"
    if ch in DQ_OPEN:
        return "open"
    if ch in DQ_CLOSE:
        return "close"
    return None


def _classify_single(text: str, i: int) -> str | None:
    ch = text[i]
    prev = text[i - 1] if i > 0 else "\n"
    nxt = text[i + 1] if i + 1 < len(text) else "\n"
    if prev.isalnum() and nxt.isalnum():
        return None  # apostrophe: Vance's, aren’t
    if (prev.isspace() or prev in "([—–\"“") and (nxt.isalnum() or nxt in "“\"") \
            and ch in "'" + SQ_OPEN:
        return "open"
    if (prev.isalnum() or prev in ".,!?;…") and (nxt.isspace() or nxt in ".,;:!?)\"”—–")\
            and ch in "'" + SQ_CLOSE:
        return "close"
    return None


def find_marks(text: str) -> list[_Mark]:
    """Opening/closing quotation marks with their role (apostrophes left out)."""
    out = []
    for m in re.finditer(r"[\"“”„«»'‘’‹›]", text):
        i = m.start()
        ch = text[i]
        if ch in "\"“”„«»":
            role = _classify_double(text, i)
            if role:
                out.append(_Mark(i, "d", role))
        else:
            role = _classify_single(text, i)
            if role:
                out.append(_Mark(i, "s", role))
    return out


def _paragraph_starts(text: str) -> list[int]:
    starts = [0]
    for m in re.finditer(r"\n", text):
        starts.append(m.end())
    return starts


def pair_marks(text: str, marks: list[_Mark]) -> list[_Cand]:
    """Pair marks with a stack (double marks; single marks only inside a double quote)."""
    cands: list[_Cand] = []
    stack: list[_Mark] = []
    para_ends = {m.start() for m in re.finditer(r"\n", text)}
    nl = sorted(para_ends)
    import bisect

    def para_end(pos: int) -> int:
        k = bisect.bisect_left(nl, pos)
        return nl[k] if k < len(nl) else len(text)

    def next_para_opens(pos: int) -> bool:
        e = para_end(pos)
        rest = text[e:e + 400].lstrip()
        return bool(rest) and rest[0] in "\"“„«"

    for mk in marks:
        # close quotes left open at a paragraph end when the next paragraph reopens
        while stack and text.count("\n", stack[-1].pos, mk.pos) > 0 and stack[-1].kind == "d" \
                and next_para_opens(stack[-1].pos) and mk.role == "open":
            o = stack.pop()
            e = para_end(o.pos)
            cands.append(_Cand(o.pos + 1, e, len(stack), "d"))
        if mk.kind == "s" and not any(s.kind == "d" for s in stack):
            continue  # single marks count only inside a double-quoted quote
        if mk.role == "open":
            if stack and stack[-1].kind == "s" and mk.kind == "s":
                continue
            stack.append(mk)
            continue
        # closing
        if stack and stack[-1].kind == mk.kind:
            o = stack.pop()
            if o.pos + 1 < mk.pos:
                cands.append(_Cand(o.pos + 1, mk.pos, len(stack), mk.kind))
        elif mk.kind == "d" and stack and stack[-1].kind == "s":
            # unclosed single inside: drop it, then close the double
            while stack and stack[-1].kind == "s":
                stack.pop()
            if stack:
                o = stack.pop()
                cands.append(_Cand(o.pos + 1, mk.pos, len(stack), "d"))
        elif mk.kind == "d" and not stack:
            start = _missing_open_start(text, mk.pos)
            if start is not None:
                cands.append(_Cand(start, mk.pos, 0, "d", open_missing=True))
    return sorted(cands, key=lambda c: (c.start, -c.end))


def _missing_open_start(text: str, close: int) -> int | None:
    """Where a quote with no opening mark begins: after the last spaced dash or line start."""
    line_start = text.rfind("\n", 0, close) + 1
    seg = text[line_start:close]
    dashes = list(re.finditer(r"\s[–—-]\s+", seg))
    if not dashes:
        return None
    start = line_start + dashes[-1].end()
    return start if start < close else None


# ---- attribution ---------------------------------------------------------------------------


@dataclass
class _Speaker:
    name: str | None
    mention: str
    start: int
    end: int
    kind: str  # explicit | pronoun | anonymous


class QuoteExtractor:
    """Pipeline component: adds `doc.quotes` (needs `sentences` and `actors`)."""

    name = "quotes"

    def __init__(self, registry: Any) -> None:
        self.registry = registry

    def __call__(self, doc: Document) -> Document:
        doc.quotes = extract_quotes(doc, self.registry)
        return doc


def extract_quotes(doc: Document, registry: Any) -> list[Quote]:
    text = doc.text
    cands = pair_marks(text, find_marks(text))
    top = [c for c in cands if c.depth == 0]
    inner = [c for c in cands if c.depth > 0]
    quoted = [(c.start, c.end) for c in top]
    ctx = _Context(doc, registry, quoted)
    quotes: list[Quote] = []
    last_speaker: Quote | None = None
    labels = ctx.labels()
    label_iter = sorted(labels, key=lambda q: q.start)
    top = [c for c in top if not any((q.speaker_start or 0) <= c.start < (q.speaker_end or 0)
                                     for q in labels)]
    events: list[tuple[int, str, Any]] = [(c.start, "c", c) for c in top] + \
        [(q.start, "l", q) for q in label_iter]
    events.sort(key=lambda e: e[0])
    prev_label = False
    for _pos, typ, item in events:
        if typ == "l":
            quotes.append(item)
            prev_label = True
            continue
        c: _Cand = item
        q = ctx.attribute(c, last_speaker, prev_label)
        if q is None:
            continue
        quotes.append(q)
        if q.attribution != "label":
            last_speaker = q
        prev_label = False
        for ic in inner:
            if c.start <= ic.start and ic.end <= c.end:
                nq = ctx.attribute_nested(ic, c)
                if nq is not None:
                    quotes.append(nq)
    quotes.extend(ctx.unmarked_blocks())
    quotes.sort(key=lambda q: (q.start, -q.end))
    return quotes


def _cover(spans: list[tuple[int, int]]) -> Callable[[int], bool]:
    """pos → whether some [start, end) of `spans` holds it (bisect on the starts and the
    running maximum of the ends: no scan of every span)."""
    sp = sorted(spans)
    starts = [a for a, _ in sp]
    reach = list(accumulate((b for _, b in sp), max))

    def covered(pos: int) -> bool:
        k = bisect.bisect_right(starts, pos) - 1
        return k >= 0 and reach[k] > pos

    return covered


class _Context:
    def __init__(self, doc: Document, registry: Any, quoted: list[tuple[int, int]]) -> None:
        self.doc = doc
        self.text = doc.text
        self.registry = registry
        self.quoted = quoted
        self._in_quote = _cover(quoted)
        self._in_mention = _cover([(m.start, m.end) for m in doc.mentions])
        self.mentions = [m for m in doc.mentions if not self.inside_quote(m.start)]
        self.all_mentions = doc.mentions
        starts = [m.start for m in doc.mentions]
        self._mstarts = starts if starts == sorted(starts) else None
        self.unknown = self._unknown_names()

    def inside_quote(self, pos: int) -> bool:
        return self._in_quote(pos)

    def _unknown_names(self) -> dict[str, str]:
        """Capitalised multi-word names the registry does not know: surname → full name."""
        out: dict[str, str] = {}
        for m in NAME_RE.finditer(self.text):
            if self._in_mention(m.start()):
                continue
            parts = m.group(0).split()
            if len(parts) >= 2 and parts[0] not in _NOT_FIRST:
                out.setdefault(parts[-1], m.group(0))
        return out

    # -- speakers

    def speaker_in(self, start: int, end: int, *, last: bool) -> _Speaker | None:
        """The speaker named in text[start:end]: the last (or first) person/actor mention,
        pronoun, anonymous phrase or unknown name there."""
        cands: list[_Speaker] = []
        ms = self.all_mentions
        if self._mstarts is not None:  # in text order: only those starting in the range
            ms = ms[bisect.bisect_left(self._mstarts, start):
                    bisect.bisect_right(self._mstarts, end)]
        for m in ms:
            if start <= m.start and m.end <= end:
                cands.append(_Speaker(m.actor, m.text, m.start, m.end, "explicit"))
        seg = self.text[start:end]
        for m in PRONOUN_RE.finditer(seg):
            s = start + m.start()
            cands.append(_Speaker(None, m.group(0), s, s + len(m.group(0)), "pronoun"))
        for m in ANON_RE.finditer(seg):
            s = start + m.start()
            if not m.group(0).strip():
                continue
            cands.append(_Speaker(self._anon_name(m), m.group(0).strip(), s,
                                  start + m.end(), "anonymous"))
        for m in NAME_RE.finditer(seg):
            s = start + m.start()
            if any(c.start <= s < c.end for c in cands):
                continue
            name = m.group(0)
            if name.split()[0] in _NOT_FIRST:
                continue
            cands.append(_Speaker(self.unknown.get(name.split()[-1], name), name, s,
                                  start + m.end(), "explicit"))
        for m in re.finditer(r"(?<![\w])[A-Z][a-z]{2,}(?![\w])", seg):
            s = start + m.start()
            if m.group(0) in self.unknown and not any(c.start <= s < c.end for c in cands):
                cands.append(_Speaker(self.unknown[m.group(0)], m.group(0), s,
                                      start + m.end(), "explicit"))
        if not cands:
            return None
        cands.sort(key=lambda c: (c.start, -(c.end - c.start)))
        # drop overlapped candidates and objects of prepositions ("a fellow with Carnegie")
        kept: list[_Speaker] = []
        for c in cands:
            if kept and c.start < kept[-1].end:
                continue
            kept.append(c)
        subj = [c for c in kept if not _PREP_BEFORE.search(self.text[max(0, c.start - 12):
                                                                      c.start])]
        kept = subj or kept
        pick = kept[-1] if last else kept[0]
        if pick.kind == "pronoun":
            name = self.resolve_pronoun(pick.start)
            if name is None:
                return None
            pick = replace(pick, name=name)
        return pick

    def _anon_name(self, m: re.Match[str]) -> str:
        dem = (m.group("dem") or "").strip()
        party = None
        if dem and self.registry is not None:
            party = self.registry.resolve(dem) or self.registry.demonym_of.get(dem)
        name = f"Unnamed {('US' if party == 'United States' else party) or ''} official"
        name = " ".join(name.split())
        if self.registry is not None and self.registry.get(name) is None:
            alt = self.registry.resolve(f"a {dem} official") if dem else None
            return alt or name
        return name

    def resolve_pronoun(self, pos: int) -> str | None:
        """The last person mentioned before `pos` (narrator text or a quote's speaker)."""
        best: tuple[int, str] | None = None
        for m in self.mentions:
            if m.end <= pos and self._is_person(m):
                best = (m.start, m.actor)
        for s, full in self._unknown_positions():
            if s < pos and (best is None or s > best[0]):
                best = (s, full)
        return best[1] if best else None

    def _unknown_positions(self) -> list[tuple[int, str]]:
        if not hasattr(self, "_unk_pos"):
            self._unk_pos = []
            for m in NAME_RE.finditer(self.text):
                if self.inside_quote(m.start()):
                    continue
                if self._in_mention(m.start()):
                    continue
                parts = m.group(0).split()
                if len(parts) >= 2 and parts[0] not in _NOT_FIRST \
                        and self._looks_like_person_intro(m.end()) \
                        and not _PREP_BEFORE.search(self.text[max(0, m.start() - 12):
                                                              m.start()]):
                    self._unk_pos.append((m.start(), m.group(0)))
        return self._unk_pos

    def _looks_like_person_intro(self, end: int) -> bool:
        after = self.text[end:end + 40]
        return bool(re.match(r"\s*(,|said|says|told|wrote|added|noted|who)", after))

    def _is_person(self, m: Mention) -> bool:
        return m.actor_type in ("person", "anonymous")

    # -- attribution of one quote

    def sentence_bounds(self, pos: int) -> tuple[int, int]:
        s = self.doc.sentence_at(pos)
        if s is None:
            ls = self.text.rfind("\n", 0, pos) + 1
            le = self.text.find("\n", pos)
            return ls, len(self.text) if le < 0 else le
        return s.start, s.end

    def narrator(self, start: int, end: int) -> str:
        """text[start:end] with quoted stretches blanked (offsets kept)."""
        chars = list(self.text[start:end])
        for s, e in self.quoted:
            for i in range(max(s - 1, start), min(e + 1, end)):
                chars[i - start] = " "
        return "".join(chars)

    def attribute(self, c: _Cand, last: Quote | None, prev_label: bool) -> Quote | None:
        text = self.text
        body = text[c.start:c.end]
        open_pos = c.start - 1 if not c.open_missing else c.start
        sent_s, _sent_e = self.sentence_bounds(open_pos)
        para_s = text.rfind("\n", 0, open_pos) + 1
        sent_s = max(sent_s, para_s)
        pre = self.narrator(sent_s, open_pos)
        qtype = self._type(c, pre)

        # 1. cue before the quote in its sentence
        sp, cue = self._preposed(sent_s, open_pos, pre)
        if sp is not None:
            return self._quote(c, sp, cue, qtype)
        # 2. cue right after the quote
        if qtype == "direct" or body.rstrip()[-1:] in ",?!" or c.open_missing:
            sp, cue = self._postposed(c.end + 1)
            if sp is not None:
                return self._quote(c, sp, cue, qtype)
        if c.open_missing and last is not None:
            return self._quote(c, _Speaker(last.speaker, last.speaker_mention or "",
                                           last.speaker_start or 0, last.speaker_end or 0,
                                           "explicit"), last.cue, "direct")
        # 3. a quote standing alone as a paragraph: the previous speaker goes on
        alone = not pre.strip() and qtype == "direct"
        if alone and last is not None and last.speaker:
            self._last_name = last.speaker
            last_para_e = text.find("\n", last.end)
            last_para_e = len(text) if last_para_e < 0 else last_para_e
            same_para = last_para_e >= open_pos
            between = "" if same_para else text[last_para_e:para_s]
            if same_para and not self._has_other_cue(last.end + 1, open_pos):
                # the previous speaker goes on in the same paragraph
                return Quote(c.start, c.end, body, speaker=last.speaker,
                             speaker_mention=last.speaker_mention,
                             speaker_start=last.speaker_start, speaker_end=last.speaker_end,
                             cue=last.cue, type="direct", attribution=last.attribution,
                             opening_mark_missing=c.open_missing)
            if open_pos == para_s and (prev_label or not between.strip()):
                cue = "(answer)" if prev_label else last.cue
                return Quote(c.start, c.end, body, speaker=last.speaker,
                             speaker_mention=last.speaker_mention,
                             speaker_start=last.speaker_start, speaker_end=last.speaker_end,
                             cue=cue, type="direct", attribution="context",
                             opening_mark_missing=c.open_missing)
        return None

    def _has_other_cue(self, start: int, end: int) -> bool:
        """Whether narrator text between two quotes names another person (no carry-over)."""
        speakers = {q for q in (self._last_name,) if q}
        return any(start <= m.start and m.end <= end and m.actor_type == "person"
                   and m.actor not in speakers for m in self.mentions)

    def _type(self, c: _Cand, pre: str) -> str:
        p = pre.rstrip()
        first = self.text[c.start:c.start + 1]
        if not p or p[-1] in ".!?:…" or (p[-1] in ",–—-" and first.isupper()):
            return "direct"
        return "partial"

    def _preposed(self, sent_s: int, open_pos: int, pre: str) -> tuple[_Speaker | None,
                                                                          str | None]:
        # the first reporting cue of the sentence wins (later cues sit in its content)
        cues = list(CUE_RE.finditer(pre))
        weak = [m for m in WEAK_RE.finditer(pre) if re.fullmatch(r"\s*[,:]\s*",
                                                                 pre[m.end():])]
        allc = sorted(cues + weak, key=lambda m: m.start())
        for m in allc:
            cue = " ".join(m.group(0).split())
            cs, ce = sent_s + m.start(), sent_s + m.end()
            if cue.lower() == "according to":
                sp = self.speaker_in(ce, min(ce + 60, open_pos), last=False)
                if sp is not None:
                    return sp, "According to" if m.group(0)[0].isupper() else cue
                continue
            # subject before the cue, in the same clause, nearest wins
            clause_s = sent_s
            seg = self.narrator(clause_s, cs)
            # a participle ("…, saying") reports the sentence's subject; a verb its nearest
            participle = cue.lower().endswith("ing") and bool(re.search(r",\s*$", seg))
            sp = (self.speaker_in(clause_s, cs, last=not participle) if seg.strip()
                  else None)
            if sp is not None and cs - sp.end <= (MAX_PARTICIPLE_GAP if participle
                                                  else MAX_SUBJECT_GAP):
                return sp, cue
            # inverted: "said X, …" / "Quote from X:"
            sp = self.speaker_in(ce, min(ce + 50, open_pos), last=False)
            if sp is not None:
                return sp, cue
        return None, None

    def _postposed(self, pos: int) -> tuple[_Speaker | None, str | None]:
        text = self.text
        line_end = text.find("\n", pos)
        line_end = len(text) if line_end < 0 else line_end
        seg_end = min(line_end, pos + 140)
        after = text[pos:seg_end]
        m0 = re.match(r"[,.?!:;]?\s*(?:[—–-]\s*)?", after)
        rest_s = pos + (m0.end() if m0 else 0)
        # stop at the next opening mark or sentence end
        stop = re.search(r"[\"“«]|(?<=[a-z)])\.\s|[.;](?=\s*$)", text[rest_s:seg_end])
        clause_e = rest_s + stop.start() if stop else seg_end
        clause = text[rest_s:clause_e]
        words = clause.split()
        cm = CUE_RE.search(clause)
        if cm is None or len(clause[:cm.start()].split()) > 6:
            return None, None
        after_cue = clause[cm.end():].lstrip()
        if re.match(r"(that|:)\b", after_cue) and clause[:cm.start()].strip() != "":
            return None, None
        cue = " ".join(cm.group(0).split())
        cs, ce = rest_s + cm.start(), rest_s + cm.end()
        if clause[:cm.start()].strip():
            sp = self.speaker_in(rest_s, cs, last=True)
        else:
            name_end = ce + len(re.match(r"[^,.;(]*", text[ce:clause_e]).group(0))
            sp = self.speaker_in(ce, name_end, last=False)
        if sp is None or not words:
            return None, None
        return sp, cue

    def _quote(self, c: _Cand, sp: _Speaker, cue: str | None, qtype: str) -> Quote:
        return Quote(c.start, c.end, self.text[c.start:c.end], speaker=sp.name,
                     speaker_mention=sp.mention, speaker_start=sp.start, speaker_end=sp.end,
                     cue=cue, type=qtype, attribution=sp.kind,
                     opening_mark_missing=c.open_missing)

    def attribute_nested(self, ic: _Cand, outer: _Cand) -> Quote | None:
        """A quote inside a quote counts when a cue inside the outer quote attributes it."""
        text = self.text
        open_pos = ic.start - 1
        seg_s = max(outer.start, open_pos - 200)
        ends = [m.end() for m in _NESTED_SENT_END.finditer(text, seg_s, open_pos)]
        if ends:
            seg_s = ends[-1]
        pre = text[seg_s:open_pos]
        cues = list(CUE_RE.finditer(pre))
        if not cues:
            return None
        cm = cues[-1]
        # the cue must sit right before the inner quote
        if len(pre[cm.end():].split()) > 2:
            return None
        cs = seg_s + cm.start()
        sp = self.speaker_in(seg_s, cs, last=True)
        if sp is None:
            return None
        # several named people ("X and Y promised"): the party they share
        names = [mm for mm in self.all_mentions if seg_s <= mm.start and mm.end <= cs
                 and mm.actor_type == "person"]
        if len({mm.actor for mm in names}) > 1 and self.registry is not None:
            parties = {self.registry.party(mm.actor) for mm in names}
            if len(parties) == 1:
                sp = replace(sp, name=parties.pop(), mention=text[names[0].start:names[-1].end])
        return Quote(ic.start, ic.end, text[ic.start:ic.end], speaker=sp.name,
                     speaker_mention=sp.mention, speaker_start=sp.start, speaker_end=sp.end,
                     cue=" ".join(cm.group(0).split()), type="partial",
                     attribution=sp.kind, nested=True)

    # -- labels and unmarked blocks

    def labels(self) -> list[Quote]:
        """Paragraphs opened by a speaker label ("X: words", "Quote from X: words") whose
        label is a registry actor or recurs in the document: unmarked quotes of X."""
        text = self.text
        found = []
        counts: dict[str, int] = {}
        rx = re.compile(r"(?m)^(?P<label>(?:\"[^\"\n]{2,60}\"|“[^”\n]{2,60}”|"
                        r"(?:Quote|Statement|Comment)\s+(?:from|by)\s+[^:\n]{2,60}|"
                        r"[A-Z][\w.'’ -]{1,40}?)(?:\s*\([^)\n]{1,20}\))?):[ \t]+(?P<body>\S[^\n]*)")
        for m in rx.finditer(text):
            label = m.group("label")
            key = re.sub(r"\s*\([^)]*\)$", "", label).strip("\"“” ")
            key = re.sub(r"^(?:Quote|Statement|Comment)\s+(?:from|by)\s+", "", key)
            counts[key] = counts.get(key, 0) + 1
            found.append((m, key))
        out = []
        for m, key in found:
            name = self.registry.resolve(key) if self.registry is not None else None
            if name is None and counts[key] < 2:
                continue
            body = m.group("body")
            if body.lstrip()[:1] in "\"“«":
                continue  # marked quote after a label: the marks decide
            bs = m.start("body")
            be = m.end("body")
            while be > bs and text[be - 1].isspace():
                be -= 1
            cue = text[m.start():m.start("body")].strip()
            out.append(Quote(bs, be, text[bs:be], speaker=name or key,
                             speaker_mention=key, speaker_start=m.start("label"),
                             speaker_end=m.end("label"), cue=cue, type="direct_unmarked",
                             attribution="label"))
        return out

    def unmarked_blocks(self) -> list[Quote]:
        """Paragraphs without marks closed by '— Name said.': unmarked direct quotes."""
        out = []
        rx = re.compile(r"(?m)^(?P<body>[^\n\"“”«»]{20,}?)[ \t]+[—–-][ \t]*"
                        r"(?P<who>[^\n—–]{2,60}?)\s+(?P<cue>said|says|wrote|writes)\.?[ \t]*$")
        for m in rx.finditer(self.text):
            sp = self.speaker_in(m.start("who"), m.end("who"), last=True)
            if sp is None or sp.kind == "pronoun":
                continue
            out.append(Quote(m.start("body"), m.end("body"), m.group("body"), speaker=sp.name,
                             speaker_mention=sp.mention, speaker_start=sp.start,
                             speaker_end=sp.end, cue=m.group("cue"), type="direct_unmarked",
                             attribution="explicit"))
        return out


# the end of a sentence inside a quote (not the dot of an initial: "U.S. vice president")
_NESTED_SENT_END = re.compile(r"(?<!\b[A-Z])[.!?]\s+")
# how far before a reporting verb its subject may sit; a participle ("…, saying") reports the
# subject of the whole sentence, which may come before a long clause
MAX_SUBJECT_GAP = 80
MAX_PARTICIPLE_GAP = 240
_PREP_BEFORE = re.compile(r"(?<![\w])(?:with|at|of|from|for|in|to|on|by|about|against|"
                          r"toward|towards|than|into)\s+(?:the\s+)?$", re.IGNORECASE)

_NOT_FIRST = {"The", "A", "An", "In", "On", "At", "For", "But", "And", "Or", "If", "When",
              "While", "This", "That", "These", "Those", "It", "He", "She", "They", "We", "I",
              "According", "However", "Moreover", "Meanwhile", "Last", "Next", "After",
              "Before", "Since", "During", "Image", "Sign", "Read", "Download", "Our", "Get",
              "Statement", "Original", "Why", "What", "How", "Who", "Is", "Are", "Will",
              "Some", "Many", "Most", "All", "Any", "Both", "Each", "Former", "Mr", "Ms",
              "Mrs", "Dr", "President", "Prime", "Secretary", "Vice", "Foreign", "Defense",
              "Defence", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
              "Sunday", "January", "February", "March", "April", "May", "June", "July",
              "August", "September", "October", "November", "December", "Pravda", "Conversely",
              "Ukrainian", "Russian", "American", "European", "Western", "US", "U"}


@register_component("quotes")
def _factory(config: PipelineConfig) -> QuoteExtractor:
    return QuoteExtractor(config.get_registry())
