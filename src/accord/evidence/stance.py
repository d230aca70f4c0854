"""Stances and claims: who holds which position on which issue, from quotes and reported speech.

A claim is (actor holding the position, speaker, issue, stance, target, quantities, date,
evidence span). Stances come from cue lexicons in the style of PLOVER's event classes
(Schrodt et al., "PLOVER: Political Language Ontology for Verifiable Event Records", 2021):
request → demand, reject → rejection, concede/agree → offer/agreement, threaten/forecast →
assessment, with negation written into multi-word cues ("will never recognise" → red line,
"does not rule out" → offer). The holder is the party named nearest before the winning cue in
the clause (state level for officials; analysts and media speak but hold nothing), with
pronouns resolved to the last person or party and first person inside a quote resolved to the
quote's speaker. Clauses without an issue word take the sentence's issues, or the previous
sentence's through an anaphor ("rejected his plan") or inside a quote.

Precision rules (the gold's annotation rules, general to any outlet): a stance needs a cue
(reported speech alone is no position); questions and short headings hold none; a cue or a
party inside a "whether/if …" stretch is hypothetical and ignored; a clause whose subject is
someone's statement ("X's remarks are an excuse…", "what X said is…") evaluates a person, not
an issue; a subject after the cue counts only as an inverted speaker; and each actor × issue ×
span keeps one claim, the strongest cue's (a stance over an assessment, a phrase over a word).
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from accord.errors import InputError
from accord.evidence.document import Claim, Document, Mention, Sentence
from accord.evidence.issues import (
    IssueLexicon,
    IssueTag,
    WordPattern,
    article_issues,
    compile_words,
    issues_in_span,
    lexicon_path,
    load_issue_lexicon,
    load_yaml,
    tag_issues,
)

STANCES = ("demand", "red_line", "offer", "rejection", "assessment", "agreement")
HOLDER_TYPES = {"state", "international_organisation", "coalition", "collective"}


@dataclass(frozen=True)
class Cue:
    """A stance cue found in the text."""

    stance: str
    start: int
    end: int
    phrase: bool
    obligation: bool = False


@dataclass(frozen=True)
class StanceLexicon:
    """Compiled stance cues: multi-word phrases, single cues and reporting verbs."""

    priority: tuple[str, ...]
    phrases: dict[str, WordPattern | None]
    cues: dict[str, WordPattern | None]
    reporting: WordPattern | None
    obligation: WordPattern | None = None

    def find(self, text: str) -> list[Cue]:
        """All cues in `text`; single cues overlapped by a phrase are dropped."""
        phrases = [Cue(st, m.start(), m.end(), True)
                   for st, rx in self.phrases.items() if rx is not None
                   for m in rx.finditer(text)]
        if self.obligation is not None:
            phrases += [Cue("demand", m.start(), m.end(), True, True)
                        for m in self.obligation.finditer(text)]
        spans = sorted((c.start, c.end) for c in phrases)
        starts = [s for s, _ in spans]
        out = list(phrases)
        for st, rx in self.cues.items():
            if rx is None:
                continue
            for m in rx.finditer(text):
                k = bisect.bisect_right(starts, m.start()) - 1
                covered = any(spans[j][0] <= m.start() < spans[j][1]
                              for j in range(max(0, k - 3), k + 1))
                if not covered:
                    out.append(Cue(st, m.start(), m.end(), False))
        out.sort(key=lambda c: c.start)
        return out


@lru_cache(maxsize=8)
def load_stance_lexicon(path: str | None = None) -> StanceLexicon:
    """Load and compile a stance cue lexicon (the bundled one by default)."""
    p = Path(path) if path else lexicon_path("stances.yaml")
    data = load_yaml(p)
    if not isinstance(data, dict):
        raise InputError(f"{p}: expected a mapping with phrases, cues, reporting")
    priority = tuple(data.get("priority") or STANCES)
    unknown = [s for s in priority if s not in STANCES]
    if unknown:
        raise InputError(f"{p}: unknown stance {unknown[0]!r} in priority; use {STANCES}")
    phrases = {s: compile_words(list((data.get("phrases") or {}).get(s) or []),
                                      f"{p}: phrases.{s}") for s in priority}
    cues = {s: compile_words(list((data.get("cues") or {}).get(s) or []),
                                   f"{p}: cues.{s}") for s in priority}
    rep = compile_words(list(data.get("reporting") or []), f"{p}: reporting")
    obl = compile_words(list(data.get("obligation") or []), f"{p}: obligation")
    return StanceLexicon(priority, phrases, cues, rep, obl)


# -- text helpers ----------------------------------------------------------------------------

_CLAUSE_SEP = re.compile(  # the look-ahead lets the engine skip to the few possible starts
    r"(?=[;,:]|\s+[–—bw])(?:;|\s[–—]\s|,?\s+but\s+|,\s+while\s+|\s+whereas\s+|,\s+though\s+|,\s+although\s+"
    r"|,\s+and\s+(?=(?:he|she|they|it|we)\s)|:\s+(?=[A-Z“\"]))")
_LEAD_SUB = re.compile(r"(?:While|Although|Though|As|If|Even as|After|Before)\b[^,]{3,160},")
_QUOTE_RX = re.compile(r"“[^”]{1,1500}”|\"[^\"\n]{1,1500}\"|«[^»]{1,1500}»")
_HE = re.compile(r"\b(?:[Hh]e|[Ss]he|[Hh]is|[Hh]er)\b")
_IT = re.compile(r"\b(?:[Ii]ts|[Ii]t)\b")
_WE = re.compile(r"\b(?:[Ww]e|[Oo]ur|[Uu]s|I)\b")


def clause_spans(text: str, start: int, end: int,
                 seps: list[tuple[int, int]] | None = None) -> list[tuple[int, int]]:
    """Split a sentence into clauses at contrastive and coordinating breaks (`seps`: the
    breaks of the whole text, found once, to skip a scan per sentence)."""
    cuts = [start]
    lead = _LEAD_SUB.match(text, start, end)
    if lead:
        cuts.append(lead.end())
    if seps is None:
        found = [m.span() for m in _CLAUSE_SEP.finditer(text, start, end)]
    else:
        found = _within(seps, start, end)
    for a, b in found:
        if a > cuts[-1] + 8:
            cuts.append(b)
    cuts.append(end)
    out = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        if b > a:
            out.append((a, b))
    return out


def quote_spans(doc: Document) -> list[tuple[int, int, str | None]]:
    """Quoted stretches with their speaker: the quotes layer, or paired marks as a fallback."""
    if doc.quotes:
        return [(q.start, q.end, q.speaker) for q in doc.quotes]
    return [(m.start() + 1, m.end() - 1, None) for m in _QUOTE_RX.finditer(doc.text)]


def _within(spans: list[tuple[int, int]], start: int, end: int) -> list[tuple[int, int]]:
    """The spans (sorted) lying inside [start, end)."""
    lo = bisect.bisect_left(spans, (start, -1))
    out = []
    for a, b in spans[lo:]:
        if a >= end:
            break
        if b <= end:
            out.append((a, b))
    return out


@dataclass(frozen=True)
class _Ment:
    start: int
    end: int
    party: str | None  # holder party, None for speakers who hold nothing (analysts, media)
    person: str | None  # canonical person name when a person


class ClaimExtractor:
    """Pipeline component `claims`: fills `doc.claims` and the article-level `doc.issues`."""

    name = "claims"

    def __init__(self, registry: Any = None, issue_lexicon: IssueLexicon | None = None,
                 stance_lexicon: StanceLexicon | None = None) -> None:
        self.registry = registry
        self.issues = issue_lexicon or load_issue_lexicon()
        self.stances = stance_lexicon or load_stance_lexicon()

    # -- mentions --------------------------------------------------------------------------
    def _mentions(self, doc: Document) -> list[_Ment]:
        mentions: list[Mention] = doc.mentions
        if not mentions and self.registry is not None:
            mentions = self.registry.find_mentions(doc.text, doc.published)
        out = []
        for m in mentions:
            out.append(self._resolve(m.actor, m.actor_type, m.start, m.end))
        return out

    def _resolve(self, actor: str, actor_type: str, s: int, e: int) -> _Ment:
        reg = self.registry
        if actor_type in HOLDER_TYPES:
            return _Ment(s, e, actor, None)
        if actor_type in ("person", "anonymous"):
            party = reg.party(actor) if reg is not None else None
            ok = reg is not None and party in reg.actors and \
                reg.actors[party].type in HOLDER_TYPES
            return _Ment(s, e, party if ok else None, actor if actor_type == "person" else None)
        return _Ment(s, e, None, None)

    # -- main ------------------------------------------------------------------------------
    def __call__(self, doc: Document) -> Document:
        doc.claims = self.extract(doc)
        qissues = []
        tags = doc.layers.get("issue_tags")
        if tags is not None:
            for q in doc.quotes:
                qissues.append(issues_in_span(tags, q.start, q.end))
        doc.issues = article_issues(doc.claims, qissues)
        return doc

    def extract(self, doc: Document) -> list[Claim]:
        """The claims of one document (see the module docstring for the rules)."""
        text = doc.text
        sents = doc.sentences
        if not sents:
            from accord.evidence.pipeline import split_sentences
            sents = split_sentences(text)
        tags: list[IssueTag] = doc.layers.get("issue_tags") or tag_issues(text, self.issues)
        doc.layers["issue_tags"] = tags
        tstarts = [t.start for t in tags]
        ments = self._mentions(doc)
        seps = [m.span() for m in _CLAUSE_SEP.finditer(text)]
        pron = ([m.span() for m in _HE.finditer(text)], [m.span() for m in _IT.finditer(text)])
        mstarts = [m.start for m in ments]
        quotes = quote_spans(doc)
        qstarts = [q[0] for q in quotes]
        cues = self.stances.find(text)
        cstarts = [c.start for c in cues]
        quants = doc.quantities
        date, how = article_date(doc)
        doc.layers["date_source"] = how
        day_dates = sorted((d.start, d.value) for d in doc.dates
                           if d.value and d.granularity == "day" and len(d.value) == 10)

        def in_quote(pos: int) -> tuple[int, int, str | None] | None:
            k = bisect.bisect_right(qstarts, pos) - 1
            if k >= 0 and quotes[k][0] <= pos < quotes[k][1]:
                return quotes[k]
            return None

        last_person: _Ment | None = None
        last_party: _Ment | None = None
        prev_issues: list[str] = []
        prev_para = -1
        claims: list[Claim] = []
        seen: set[tuple[str, str, str, int]] = set()
        best: dict[tuple[str, str, int], tuple[int, tuple[bool, int, int, int]]] = {}
        prio = self.stances.priority
        for sent in sents:
            para = getattr(sent, "paragraph", 0)
            if para != prev_para and para > prev_para + 1:
                prev_issues = []
            s0, s1 = sent.start, sent.end
            lo, hi = bisect.bisect_left(mstarts, s0), bisect.bisect_left(mstarts, s1)
            smen = list(ments[lo:hi])
            allm = self._with_pronouns(smen, s0, s1, last_person, last_party, in_quote, pron)
            # the sentence's reporting person (speaker of reported speech)
            rep_person = next((m for m in allm if m.person and in_quote(m.start) is None), None)
            sent_issues = issues_in_span(tags, s0, s1, tstarts)
            clauses = clause_spans(text, s0, s1, seps)
            # interviewer and rhetorical questions, and short headings, hold no position
            if _QUESTION.search(text, max(s0, s1 - 4), s1):
                clauses = []
            if text[s1 - 1] not in ".!?\"”’»:;,—–)" and \
                    len(text[s0:s1].split()) < 5:
                clauses = []
            for ci, (c0, c1) in enumerate(clauses):
                ccues = cues[bisect.bisect_left(cstarts, c0):bisect.bisect_left(cstarts, c1)]
                ccues = [c for c in ccues if c.end <= c1]
                # a cue or a party inside a 'whether/if …' stretch is hypothetical
                hypo = [m.span() for m in _HYPO.finditer(text, c0, c1)]
                if hypo:
                    ccues = [c for c in ccues if not any(a <= c.start < b for a, b in hypo)]
                if ccues and self._evaluates_statement(text, allm, c0, ccues[0].start):
                    continue
                issues = issues_in_span(tags, c0, c1, tstarts)
                q = in_quote(c0) or in_quote(max(c0, c1 - 2))
                if q is not None and not q[2]:
                    sp = rep_person or last_person
                    q = (q[0], q[1], sp.person if sp else None)
                # the previous sentence's issues only through an anaphor ("rejected his
                # plan", "such an agreement") or inside a quote
                if not issues and (ccues or q) and (
                        sent_issues or q or (ccues and _ANAPHOR.search(text, ccues[0].end, c1))):
                    issues = sent_issues or prev_issues
                if not issues:
                    continue
                picks: list[tuple[str, Cue | None]] = []
                if ccues:
                    by_stance: dict[str, Cue] = {}
                    for c in ccues:
                        by_stance.setdefault(c.stance, c)
                    order = sorted(by_stance, key=prio.index)
                    picks.append((order[0], by_stance[order[0]]))
                    for st in order[1:]:
                        if by_stance[st].phrase:
                            picks.append((st, by_stance[st]))
                        else:
                            picks.append((st, None if st == "assessment" else by_stance[st]))
                    picks = [(st, c) for st, c in picks if c is not None]
                else:  # a stance needs a cue: reported speech alone is no position
                    continue
                first_holders: set[str | None] = set()
                for pi, (stance, cue) in enumerate(picks):
                    a0, a1 = (cue.start, cue.end) if cue else (c1, c1)
                    if cue is not None and cue.obligation:
                        holders = self._reporter(rep_person, q, last_person)
                        tgt_before = [m for m in allm if c0 <= m.start < a0 and m.party]
                        target = tgt_before[-1].party if tgt_before else None
                    else:
                        cm = [m for m in allm
                              if not any(a <= m.start < b for a, b in hypo)] if hypo else allm
                        holders = self._holders(text, cm, c0, c1, a0, a1, q)
                        # a leading 'While …ing,' clause: the main clause's subject holds it
                        if not holders and ci + 1 < len(clauses) and \
                                _LEAD_FREE.match(text, c0, c1):
                            n0, n1 = clauses[ci + 1]
                            holders = [m for m in allm if n0 <= m.start < n1 and m.party][:1]
                        target = None
                    if not holders:
                        continue
                    hp = {h.party for h in holders}
                    if pi == 0:
                        first_holders = hp
                    elif not cue or (not cue.phrase and hp <= first_holders):
                        continue
                    if target is None:
                        target = next((m.party for m in allm if a1 <= m.start < c1 and m.party
                                       and m.party not in hp), None)
                    speaker = self._speaker(holders, q, rep_person)
                    qs = [{"text": x.text, "value": x.value, "unit": x.unit,
                           "approximate": x.approximate}
                          for x in quants if c0 <= x.start and x.end <= c1]
                    for h in holders:
                        for issue in issues:
                            key = (h.party or "", issue, stance, c0)
                            if key in seen:
                                continue
                            seen.add(key)
                            rank = (stance == "assessment", 0 if cue and cue.phrase else 1,
                                    -(a1 - a0), prio.index(stance))
                            k2 = (h.party or "", issue, c0)
                            # one claim per actor × issue × span: the strongest cue wins
                            # (a stance over an assessment, a phrase over a word, longer first)
                            if k2 in best:
                                j, r = best[k2]
                                if r <= rank:
                                    continue
                                best[k2] = (j, rank)
                                claims[j] = Claim(
                                    actor=h.party or "", issue=issue, stance=stance, start=c0,
                                    end=c1, text=text[c0:c1], speaker=speaker, target=target,
                                    summary=_summary(h.party or "", speaker, stance, issue, target,
                                                     text[a0:a1]),
                                    quantities=qs, date=_claim_date(date, day_dates, s0, s1),
                                    quote_index=None)
                                continue
                            best[k2] = (len(claims), rank)
                            claims.append(Claim(
                                actor=h.party or "", issue=issue, stance=stance, start=c0,
                                end=c1, text=text[c0:c1], speaker=speaker, target=target,
                                summary=_summary(h.party or "", speaker, stance, issue, target,
                                                 text[a0:a1]),
                                quantities=qs, date=_claim_date(date, day_dates, s0, s1),
                                quote_index=None))
            # carry-over state for the next sentence
            for m in allm:
                if in_quote(m.start) is not None or m.start < 0:
                    continue
                if m.person:
                    last_person = m
                elif m.party:
                    last_party = m
            prev_issues = sent_issues or prev_issues
            prev_para = para
        return claims

    @staticmethod
    def _with_pronouns(smen: list[_Ment], s0: int, s1: int, last_person: _Ment | None,
                       last_party: _Ment | None, in_quote: Any,
                       pron: tuple[list[tuple[int, int]], list[tuple[int, int]]]
                       ) -> list[_Ment]:
        """Sentence mentions plus narrator pronouns (`pron`: the he/his and it/its spans of
        the text) resolved to the nearest earlier person (he, his) or party (it, its)."""
        out = list(smen)
        for spans, want_person in ((pron[0], True), (pron[1], False)):
            for a, b in _within(spans, s0, s1):
                if in_quote(a) is not None:
                    continue
                prior = [x for x in smen if x.start < a
                         and (x.person if want_person else (x.party and not x.person))]
                ref = prior[-1] if prior else (last_person if want_person else last_party)
                if ref is not None:
                    out.append(_Ment(a, b, ref.party, ref.person if want_person else None))
        out.sort(key=lambda x: x.start)
        return out

    @staticmethod
    def _evaluates_statement(text: str, allm: list[_Ment], c0: int, a0: int) -> bool:
        """The clause's subject is a person's statement ("X's statement is …", "what X
        announced is …"): an evaluation of someone's words, not a position."""
        for m in allm:
            if c0 <= m.start < a0 and m.person and _SPEECH_NOUN.match(text, m.end):
                return True
        return bool(_WHAT_SAID.search(text, c0, a0))

    def _reporter(self, rep_person: _Ment | None, q: tuple[int, int, str | None] | None,
                  last_person: _Ment | None) -> list[_Ment]:
        """Who voices an obligation: the quote's speaker or the sentence's reporting person."""
        if q is not None and q[2]:
            sp = self._speaker_ment(q[2])
            if sp.party:
                return [sp]
        for m in (rep_person, last_person):
            if m is not None and m.party:
                return [m]
        return []

    def _speaker_ment(self, name: str) -> _Ment:
        reg = self.registry
        if reg is not None and reg.get(name) is not None:
            a = reg.get(name)
            return self._resolve(a.name, a.type, -1, -1)
        return _Ment(-1, -1, None, name)

    def _holders(self, text: str, allm: list[_Ment], c0: int, c1: int, a0: int, a1: int,
                 q: tuple[int, int, str | None] | None) -> list[_Ment]:
        """The party named nearest before the cue as a subject (not after a preposition, not a
        possessive or compound modifier), with a coordinated partner; first person in a quote
        → the quote's speaker; else an inverted speaker after the cue ("…, X said") or a
        possessive opening the clause. No holder → no claim (never the previous clause's
        party or the nearest mention: a wrong holder is worse than a missed claim)."""
        before = [m for m in allm if c0 <= m.start < a0 and m.party]
        if q is not None and q[2]:
            we = list(_WE.finditer(text, max(c0, q[0]), min(a0, q[1])))
            if we and (not before or we[-1].start() > before[-1].start):
                sp = self._speaker_ment(q[2])
                return [sp] if sp.party else []
        subj = [m for m in before if _role(text, m) == "subject"]
        if subj:
            h = subj[-1]
            out = [h]
            # "Washington and Moscow announced", "Ukraine and the West have rejected"
            for m in reversed(before):
                if m.start >= out[-1].start:
                    continue
                gap = text[m.end:out[-1].start]
                if re.fullmatch(r"\s*(?:,|and|,\s*and)\s*(?:the\s+)?", gap) and \
                        m.party not in {x.party for x in out}:
                    out.append(m)
                else:
                    break
            return out
        after = [m for m in allm if a1 <= m.start < c1 and m.party
                 and _role(text, m) == "subject"]
        # a subject after the cue only as an inverted speaker ("…, the minister said")
        after = [m for m in after if _REPORT_AFTER.match(text, m.end)]
        if after:
            return after[:1]
        # a possessive opening the clause: "Ukraine's plan demanded …"
        mods = [m for m in before if _role(text, m) == "modifier"
                and _SUBJ_LEAD.fullmatch(text, c0, m.start) and text[m.end:m.end + 1] in ("'", "’")]
        return mods[-1:]

    def _speaker(self, holders: list[_Ment], q: tuple[int, int, str | None] | None,
                 rep_person: _Ment | None) -> str | None:
        for h in holders:
            if h.person:
                return h.person
        if q is not None and q[2]:
            return q[2]
        if rep_person is not None:
            return rep_person.person
        return None


_ANAPHOR = re.compile(r"\b(?:(?:this|these|those|such|his|her|its|their)\s+(?!own\b)\w+"
                      r"|the\s+(?:plan|proposals?|offer|idea|initiative|demands?|conditions|"
                      r"terms|deal|agreement|request|formula)|it|them|this)\b", re.IGNORECASE)
_COMMENTATOR = re.compile(r"(?:-based)?\s+(?:military\s+|political\s+|independent\s+)?"
                         r"(?:analysts?|experts?|observers?|commentators?|scholars?|pundits?|"
                         r"media|press|newspapers?|think[- ]tanks?)\b", re.IGNORECASE)
_QUESTION = re.compile(r"\?[\"'”’»)]*$")
_HYPO = re.compile(r"\b(?:whether|if)\b[^,;:—–]*", re.IGNORECASE)
_LEAD_FREE = re.compile(r"[\W]*(?:while|although|though|as|after|before|when|\w+ing)\b",
                        re.IGNORECASE)
_SUBJ_LEAD = re.compile(r"[\s\"“'‘«(—–-]*(?:(?:the|[A-Z][\w.’'-]*)\s+)*")
_SPEECH_NOUN = re.compile(r"['’]s?\s+(?:\w+\s+)?(?:statements?|declarations?|remarks?|words|"
                          r"comments?|announcements?|speech|rhetoric|understanding|claims?|"
                          r"promises?|assertions?)\b[^.;:,]{0,60}?\b(?:is|are|was|were|seems?|"
                          r"fits?|means?|amounts?|equates?)\b", re.IGNORECASE)
_WHAT_SAID = re.compile(r"\bwhat\s+(?:\S+\s+){1,3}(?:has\s+|had\s+)?(?:said|announced|stated|"
                        r"claimed|declared)\s+(?:is|was|are|were|means|amounts)\b", re.IGNORECASE)
_REPORT_AFTER = re.compile(r"[\s,]*(?:[\w.'’-]+\s+){0,2}?(?:said|says|told|noted|added|stated|"
                           r"wrote|writes|declared|announced|argued|believes)\b")

_OBLIQUE = re.compile(r"(?:\b(?:between|of|for|to|from|with|against|on|in|into|over|toward|towards"
                      r"|regarding|about|at|by|than|across|inside|within|under)\s+(?:the\s+)?"
                      r"(?:[\w'’.-]+\s+and\s+(?:the\s+|its\s+|their\s+)?(?:other\s+)?)?)$",
                      re.IGNORECASE)


def _role(text: str, m: _Ment) -> str:
    """How a mention sits in its clause: `subject`, `modifier` (possessive or compound such
    as "Russia's war", "Russia-Ukraine"), or `oblique` (after a preposition)."""
    if m.start < 0:
        return "subject"
    return _role_at(text, m.start, m.end)


@lru_cache(maxsize=4096)
def _role_at(text: str, start: int, end: int) -> str:
    m = _Ment(start, end, None, None)
    nxt = text[m.end:m.end + 2]
    if nxt[:1] in "-–" and nxt[:1] != "" or text[m.start - 1:m.start] in ("-", "–"):
        return "modifier"
    if nxt in ("'s", "’s") or nxt[:1] in ("'", "’") and text[m.end - 1:m.end] == "s":
        return "modifier"
    if _COMMENTATOR.match(text, m.end):  # "Moscow analysts", "Kyiv-based experts"
        return "modifier"
    if _OBLIQUE.search(text, max(0, m.start - 40), m.start):
        return "oblique"
    return "subject"


_PATH_DATE = re.compile(
    r"(?<!\d)((?:19|20)\d\d)([-/_.])(0[1-9]|1[0-2])\2(0[1-9]|[12]\d|3[01])(?!\d)")


def article_date(doc: Document) -> tuple[str | None, str]:
    """When the article was written (ISO day) and how we know: its publication date, a date in
    its address or file name, or else the latest calendar day its text names."""
    if doc.published:
        return doc.published.isoformat(), "published"
    for where, value in (("url", doc.url), ("file name", doc.source)):
        m = _PATH_DATE.search(value or "")
        if m:
            try:
                return dt.date(int(m[1]), int(m[3]), int(m[4])).isoformat(), where
            except ValueError:
                continue
    days = [d.value for d in doc.dates if d.value and d.granularity == "day"
            and len(d.value) == 10 and not d.relative]
    if days:
        return max(days), "latest date in the text"
    return None, "unknown"


def _claim_date(article: str | None, day_dates: list[tuple[int, str]], s0: int, s1: int
                ) -> str | None:
    """A claim is dated by the day its sentence names ("on Friday", "on 14 February") when
    that day falls in the month before the article; else by the article's date."""
    if article is None:
        return None
    k = bisect.bisect_left(day_dates, (s0, ""))
    art = dt.date.fromisoformat(article)
    while k < len(day_dates) and day_dates[k][0] < s1:
        try:
            d = dt.date.fromisoformat(day_dates[k][1])
        except ValueError:
            d = None
        if d is not None and 0 <= (art - d).days <= 31:
            return d.isoformat()
        k += 1
    return article


_VERB = {"demand": "demands", "red_line": "draws a red line on", "offer": "offers",
         "rejection": "rejects", "assessment": "assesses", "agreement": "announces agreement on"}


def _summary(actor: str, speaker: str | None, stance: str, issue: str, target: str | None,
             cue: str) -> str:
    """A one-line paraphrase in our words: who, which stance, which issue, to whom."""
    who = actor + (f" (per {speaker})" if speaker and speaker != actor else "")
    tgt = f" towards {target}" if target else ""
    cue_s = f' [cue: "{cue.strip()}"]' if cue.strip() else ""
    return f"{who} {_VERB.get(stance, stance)} {issue.replace('_', ' ')}{tgt}{cue_s}"


def extract_claims(text: str, *, published: Any = None, registry: Any = None) -> list[Claim]:
    """Claims of a plain text (sentences and actors found here; no quotes layer)."""
    if registry is None:
        from accord.evidence.registry import load_registry
        registry = load_registry()
    doc = Document(text=text, published=published)
    return ClaimExtractor(registry)(doc).claims


def _register() -> None:
    from accord.evidence.pipeline import PipelineConfig, register_component

    @register_component("claims")
    def _factory(config: PipelineConfig) -> ClaimExtractor:
        return ClaimExtractor(config.get_registry())


_register()

__all__ = ["ClaimExtractor", "Cue", "StanceLexicon", "Sentence", "extract_claims",
           "load_stance_lexicon", "STANCES"]
