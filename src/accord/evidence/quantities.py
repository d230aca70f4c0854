"""Quantities (numbers with units, approximations, fractions) and dates, by rules.

Quantities follow the gold rule: every expression with digits, spelled-out numbers attached
to time units, to "points" or to thousand/million/billion, and fractions ("a fifth" = 0.2);
approximators that belong to the figure ("about", "more than", "nearly", "or so") are part of
the span and set `approximate`. Left out: dates, years, clock times, numbers inside names or
identifiers (URLs, long ids), spelled-out counts of other things, multipliers ("twice").
Dates: explicit ("14 February 2025", "Feb. 14", "in June") and relative ("last week", "on
Friday", "yesterday"), resolved against the publication date when it is known.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta

from accord.evidence.document import DateMention, Document, Quantity
from accord.evidence.pipeline import FunctionComponent, PipelineConfig, register_component
from accord.evidence.wordindex import prefiltered

WORD_NUM = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
            "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
            "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
            "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
            "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "a hundred": 100,
            "a dozen": 12, "dozen": 12, "a few": 3, "several": 3}
SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "k": 1e3,
         "mln": 1e6, "bn": 1e9}
FRACTIONS = {"half": 0.5, "third": 1 / 3, "quarter": 0.25, "fourth": 0.25, "fifth": 0.2,
             "sixth": 1 / 6, "seventh": 1 / 7, "eighth": 0.125, "tenth": 0.1}
TIME_UNITS = r"(?:second|minute|hour|day|week|month|year|decade)s?"
UNITS = [  # (regex after the number, canonical unit)
    (r"(?:square|sq\.?)\s*(?:kilomet(?:er|re)s?|km)|km2|km²", "km²"),
    (r"(?:square|sq\.?)\s*miles?|mi²", "mi²"),
    (r"kilomet(?:er|re)s?|km", "km"), (r"miles?|mi\b", "miles"),
    (r"met(?:er|re)s?|m\b", "m"), (r"hectares?|ha\b", "ha"),
    (r"%|percent|per\s+cent|percentage\s+points?", "percent"),
    (r"points?", "points"),
    (r"hours?", "hours"), (r"days?", "days"), (r"weeks?", "weeks"), (r"months?", "months"),
    (r"years?", "years"), (r"decades?", "decades"), (r"minutes?", "minutes"),
    (r"(?:US\s+)?dollars?|USD", "USD"), (r"euros?|EUR", "EUR"), (r"rubles?|roubles?", "RUB"),
    (r"hryvnias?|UAH", "UAH"),
    (r"troops|soldiers|servicemen|personnel", "troops"), (r"brigades?", "brigades"),
    (r"people|civilians|deaths|casualties|lives", "people"),
]
_UNIT_RE = [(re.compile(rf"[\s-]*(?:{rx})(?![\w])", re.IGNORECASE), u) for rx, u in UNITS]
CURRENCY = {"$": "USD", "€": "EUR", "£": "GBP", "₽": "RUB", "₴": "UAH"}
APPROX = (r"(?:about|around|approximately|roughly|some|nearly|almost|over|more\s+than|"
          r"less\s+than|fewer\s+than|at\s+least|up\s+to|as\s+many\s+as|as\s+much\s+as|"
          r"just\s+over|just\s+under|under|close\s+to|an\s+estimated|upwards\s+of)")
NUM = r"\d{1,3}(?:[,\u202f ]\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
WORDS = "|".join(sorted((w for w in WORD_NUM if " " not in w), key=len, reverse=True))
MONTHS = ("january|february|march|april|may|june|july|august|september|october|november|"
          "december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec")

_DIGIT = re.compile(
    rf"(?P<approx>{APPROX}\s+)?(?P<cur>[$€£₽₴])?(?P<num>{NUM})(?P<apos>[’']s)?"
    rf"(?P<plus>\+)?(?:\s*(?P<scale>thousand|million|billion|trillion|mln|bn)\b)?",
    re.IGNORECASE)
_WORDQ = re.compile(
    rf"(?<![\w-])(?P<approx>{APPROX}\s+)?(?P<num>(?:{WORDS})(?:[\s-](?:{WORDS}))?)"
    rf"(?P<unit>[\s-]+{TIME_UNITS}|[\s-]+points?|[\s-]+(?:thousand|million|billion)\b)"
    r"(?![\w])", re.IGNORECASE)
_BARE_SCALE = re.compile(r"(?<![\w-])(?P<pre>another\s+|a\s+)?(?P<scale>million|billion|"
                         r"thousand)(?P<tail>-\w+)?(?![\w])", re.IGNORECASE)
_FRACTION = re.compile(rf"(?<![\w-])(?P<approx>{APPROX}\s+)?(?P<q>an?|one|two|three)\s+"
                       rf"(?P<f>{'|'.join(FRACTIONS)})s?(?=\s+of\b)", re.IGNORECASE)
_ORSO = re.compile(r"\s+or\s+so\b", re.IGNORECASE)
_YEAR_CONTEXT = re.compile(rf"(?:\b(?:in|since|by|of|from|until|before|after|early|late|mid|"
                           rf"{MONTHS})\.?,?\s*-?$)", re.IGNORECASE)


# The same regexes tried only at the words that can begin them: identical matches, faster.
_FRACTION_W, _WORDQ_W, _BARE_SCALE_W = (prefiltered(r) for r in (_FRACTION, _WORDQ, _BARE_SCALE))
_ANY_DIGIT = re.compile(r"\d")


def _digit_matches(text: str) -> Iterator[re.Match[str]]:
    """`_DIGIT.finditer(text)`, each search started just before the next digit: a match holds
    a digit, preceded only by an approximator (letters and spaces) and a currency sign."""
    pos, n = 0, len(text)
    while pos < n:
        d = _ANY_DIGIT.search(text, pos)
        if d is None:
            return
        i = d.start()
        if i > pos and text[i - 1] in CURRENCY:
            i -= 1
        letters = 0
        while i > pos and (text[i - 1].isspace() or (text[i - 1].isalpha() and letters < 16)):
            letters += not text[i - 1].isspace()
            i -= 1
        m = _DIGIT.search(text, i)
        if m is None:
            return
        yield m
        pos = m.end()


def _num(s: str) -> float:
    return float(re.sub(r"[,\u202f ]", "", s))


def _unit_after(text: str, pos: int) -> tuple[str, int] | None:
    seg = text[pos:pos + 40]
    for rx, unit in _UNIT_RE:
        m = rx.match(seg)
        if m:
            return unit, pos + m.end()
    return None


def _in_identifier(text: str, s: int, e: int) -> bool:
    """Numbers inside URLs, ids, names with digits, clock times."""
    ls = text.rfind(" ", 0, s) + 1
    le = text.find(" ", e)
    word = text[ls: len(text) if le < 0 else le]
    if re.search(r"https?://|www\.|/\w|\w@\w|#\d", word):
        return True
    if re.match(r"\d{1,2}:\d{2}", text[s:s + 5]) or (s > 0 and text[s - 1] == ":"):
        return True
    return bool(s > 0 and (text[s - 1].isalpha() or text[s - 1] in "_/#"))


def _is_date_number(text: str, s: int, e: int, raw: str) -> bool:
    v = raw.replace(",", "")
    unit_next = re.match(r"\s*(%|km|people|troops|soldiers|square|miles)", text[e:e + 10])
    if re.fullmatch(r"(1[89]|20)\d\d", v) and not unit_next:
        return True
    before = text[max(0, s - 12):s]
    after = text[e:e + 12]
    if re.search(rf"\b(?:{MONTHS})\.?\s*$", before, re.IGNORECASE) and re.fullmatch(r"\d{1,2}", v):
        return True
    return bool(re.fullmatch(r"\d{1,2}", v) and re.match(rf"\s*(?:{MONTHS})\b", after,
                                                          re.IGNORECASE))


def find_quantities(doc: Document) -> Document:
    doc.quantities = extract_quantities(doc.text)
    return doc


def extract_quantities(text: str) -> list[Quantity]:
    """All quantities in `text` (see the module docstring for the rule)."""
    out: list[Quantity] = []
    taken: list[tuple[int, int]] = []

    def free(s: int, e: int) -> bool:
        return all(e <= a or s >= b for a, b in taken)

    def add(s: int, e: int, value: float, unit: str, approx: bool) -> None:
        if not free(s, e):
            return
        taken.append((s, e))
        out.append(Quantity(s, e, text[s:e], value=value, unit=unit, approximate=approx))

    for m in _FRACTION_W.finditer(text):
        q = m.group("q").lower()
        k = 1 if q in ("a", "an", "one") else WORD_NUM[q]
        add(m.start(), m.end(), k * FRACTIONS[m.group("f").lower()], "fraction",
            bool(m.group("approx")))
    for m in _digit_matches(text):
        s, e = m.start("num"), m.end("num")
        if s > 0 and (text[s - 1].isdigit() or text[s - 1] == "."):
            continue
        raw = m.group("num")
        if _in_identifier(text, s, e) or (len(raw.replace(",", "")) > 9 and "," not in raw):
            continue
        if _is_date_number(text, s, e, raw) and not m.group("cur"):
            continue
        value = _num(raw)
        start = m.start("cur") if m.group("cur") else s
        approx = bool(m.group("approx"))
        if approx:
            start = m.start()
        end = m.end()
        if m.group("scale"):
            value *= SCALE[m.group("scale").lower()]
        unit = CURRENCY.get(m.group("cur") or "", "")
        qualifier = None
        if m.group("apos"):
            value *= 1  # "100’s" of titles: the figure as written
            qualifier = "hundreds"
        if m.group("plus"):
            approx = True
        ua = _unit_after(text, end)
        if ua and not unit:
            unit, end = ua
        elif not unit:
            nm = re.match(r"\s*(?:of\s+)?([a-z]+)", text[end:end + 30])
            unit = nm.group(1) if nm else "count"
        so = _ORSO.match(text, m.end("num") if not ua else end)
        if so:
            approx = True
            if ua and not m.group("scale"):
                ua2 = _unit_after(text, so.end())
                if ua2:
                    unit, end = ua2
        # "about 6,000 or so square kilometers"
        so2 = _ORSO.match(text, m.end())
        if so2:
            ua2 = _unit_after(text, so2.end())
            if ua2:
                unit, end = ua2
                approx = True
        if text[end - 1:end] == "-" or text[end:end + 1] == "-":
            pass
        add(start, end, value, unit, approx)
        del qualifier
    for m in _WORDQ_W.finditer(text):
        num = m.group("num").lower()
        parts = re.split(r"[\s-]+", num)
        value = float(sum(WORD_NUM.get(p, 0) for p in parts))
        unit_raw = m.group("unit").strip(" -").lower()
        if unit_raw in SCALE:
            value *= SCALE[unit_raw]
            unit = "count"
        else:
            ua = _unit_after(text, m.start("unit"))
            unit = ua[0] if ua else unit_raw
        start = m.start() if m.group("approx") else m.start("num")
        add(start, m.end(), value, unit, bool(m.group("approx")))
    for m in _BARE_SCALE_W.finditer(text):
        pre = (m.group("pre") or "").strip().lower()
        if not pre and not m.group("tail"):
            continue
        s = m.start("scale") if pre == "another" else m.start()
        e = m.end() if m.group("tail") else m.end("scale")
        add(s, e, SCALE[m.group("scale").lower()], "count", False)
    out.sort(key=lambda q: q.start)
    return out


# ---- dates ---------------------------------------------------------------------------------

_MONTH_N = {m: i for i, m in enumerate(["january", "february", "march", "april", "may", "june",
                                        "july", "august", "september", "october",
                                        "november", "december"], 1)}
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_MFULL = "|".join(_MONTH_N) + "|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
_DATE_RE = re.compile(
    rf"(?<![\w])(?:(?P<d1>\d{{1,2}})\s+(?P<m1>{_MFULL})\.?,?\s+(?P<y1>\d{{4}})"
    rf"|(?P<m2>{_MFULL})\.?\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<y2>\d{{4}}))?"
    rf"|(?P<y3>\d{{4}})-(?P<mo3>\d{{2}})-(?P<d3>\d{{2}})"
    rf"|(?:in|since|by|until|from|early|late|mid-?)\s+(?P<m4>{_MFULL.split('|jan')[0]})"
    rf"(?:\s+(?P<y4>\d{{4}}))?"
    rf"|(?P<rel>(?:last|next|this|past|coming)\s+(?:week|month|year|weekend)|yesterday|today|"
    rf"tomorrow|(?:on\s+|last\s+|this\s+|next\s+)?(?:{'|'.join(_WEEKDAYS)}))"
    rf"|(?:in|since|by|until|before|after)\s+(?P<y5>(?:19|20)\d\d))(?![\w])",
    re.IGNORECASE)


_DATE_RE_W = prefiltered(_DATE_RE)


def _mnum(s: str) -> int:
    s = s.lower()[:3]
    return next(n for m, n in _MONTH_N.items() if m.startswith(s))


def _safe_date(y: int, m: int, d: int) -> str | None:
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


def extract_dates(text: str, published: date | None = None) -> list[DateMention]:
    """Date expressions; relative ones resolved against `published` when given."""
    out = []
    for m in _DATE_RE_W.finditer(text):
        g = m.groupdict()
        s, e = m.start(), m.end()
        value, gran, rel = None, "day", False
        if g["d1"]:
            value = _safe_date(int(g["y1"]), _mnum(g["m1"]), int(g["d1"]))
        elif g["m2"]:
            y = int(g["y2"]) if g["y2"] else (published.year if published else None)
            value = _safe_date(y, _mnum(g["m2"]), int(g["d2"])) if y else None
            rel = not g["y2"]
        elif g["y3"]:
            value = _safe_date(int(g["y3"]), int(g["mo3"]), int(g["d3"]))
        elif g["m4"]:
            gran = "month"
            y = int(g["y4"]) if g["y4"] else None
            mo = _mnum(g["m4"])
            if y is None and published:
                y = published.year if mo <= published.month else published.year - 1
                rel = True
            value = f"{y:04d}-{mo:02d}" if y else None
        elif g["y5"]:
            gran, value = "year", g["y5"]
        elif g["rel"]:
            rel = True
            value, gran = _relative(g["rel"].lower(), published)
        out.append(DateMention(s, e, text[s:e], value=value, granularity=gran, relative=rel))
    return out


def _relative(expr: str, pub: date | None) -> tuple[str | None, str]:
    words = expr.split()
    last = words[-1]
    if last in ("week", "weekend"):
        gran = "week"
    elif last in ("month", "year"):
        gran = last
    else:
        gran = "day"
    if pub is None:
        return None, gran
    if expr == "yesterday":
        return (pub - timedelta(days=1)).isoformat(), "day"
    if expr == "today":
        return pub.isoformat(), "day"
    if expr == "tomorrow":
        return (pub + timedelta(days=1)).isoformat(), "day"
    if last in _WEEKDAYS:
        wd = _WEEKDAYS.index(last)
        if words[0] == "next":
            delta = (wd - pub.weekday()) % 7 or 7
            return (pub + timedelta(days=delta)).isoformat(), "day"
        delta = (pub.weekday() - wd) % 7 or 7  # news "on Friday": the most recent one
        return (pub - timedelta(days=delta)).isoformat(), "day"
    step = {"last": -1, "past": -1, "next": 1, "coming": 1, "this": 0}.get(words[0], 0)
    if gran == "week":
        d = pub + timedelta(weeks=step)
        monday = d - timedelta(days=d.weekday())
        return monday.isoformat(), "week"
    if gran == "month":
        y, mo = pub.year, pub.month + step
        if mo < 1:
            y, mo = y - 1, 12
        elif mo > 12:
            y, mo = y + 1, 1
        return f"{y:04d}-{mo:02d}", "month"
    if gran == "year":
        return f"{pub.year + step:04d}", "year"
    return None, gran


def find_dates(doc: Document) -> Document:
    doc.dates = extract_dates(doc.text, doc.published)
    return doc


@register_component("quantities")
def _q_factory(_config: PipelineConfig) -> FunctionComponent:
    return FunctionComponent("quantities", find_quantities)


@register_component("dates")
def _d_factory(_config: PipelineConfig) -> FunctionComponent:
    return FunctionComponent("dates", find_dates)
