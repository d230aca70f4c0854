"""A word-index prefilter for regexes that only match at the start of a word.

A big alternation of words ("any of these 300 forms") costs the regex engine a try of every
alternative at every position of the text. When every match must begin a word, we read the
text once for the first three letters of each word (the word index, shared by all patterns on
the same text) and run the regex only at the words whose first letters can begin a match
(listed from the parsed pattern by `word_keys`). `WordPattern.finditer` and `.search` return
exactly the matches of the compiled regex, only faster; a pattern whose first letters cannot
be listed falls back to the plain regex.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator
from functools import lru_cache
from typing import Any

_KEY_LEN = 3
_WORD_KEY = re.compile(rf"(?<!\w)\w{{1,{_KEY_LEN}}}")
_IS_WORD = re.compile(r"\w")
_DIGIT = re.compile(r"\d")


class _Unknown(Exception):
    """The pattern's first letters cannot be listed; try it at every word."""


def _is_word(ch: str) -> bool:
    return _IS_WORD.match(ch) is not None


def _chars_of_set(items: list[tuple[Any, Any]]) -> list[str]:
    from re import _constants as C  # type: ignore[attr-defined]

    out: list[str] = []
    for op, av in items:
        if op is C.LITERAL:
            out.append(chr(av))
        elif op is C.RANGE and av[1] - av[0] <= 64:
            out.extend(chr(c) for c in range(av[0], av[1] + 1))
        elif op is C.CATEGORY and av is C.CATEGORY_DIGIT:
            out.append("0")  # every decimal digit is keyed as 0
        elif op is C.CATEGORY and av in (C.CATEGORY_SPACE, C.CATEGORY_NOT_WORD):
            out.append(" ")  # a non-word character: the word ends
        elif op is C.CATEGORY and av is C.CATEGORY_WORD:
            out.append("*")  # any word character: keyed by the letters before it
        else:
            raise _Unknown
    return out


_State = tuple[str, bool]


def _expand(seq: Any, states: set[_State]) -> set[_State]:
    """Possible (first letters, word ended) after matching `seq` from each state."""
    from re import _constants as C  # type: ignore[attr-defined]

    for op, av in seq:
        if all(done for _s, done in states):
            return states
        if op is C.LITERAL or op is C.IN:
            chars = [chr(av)] if op is C.LITERAL else _chars_of_set(av)
            new: set[_State] = set()
            for s, done in states:
                if done:
                    new.add((s, done))
                    continue
                for ch in {_DIGIT.sub("0", c.lower()) for c in chars}:
                    if ch == "*":
                        if not s:
                            raise _Unknown
                        new.add((s + "*", True))
                    elif _is_word(ch):
                        t = s + ch
                        new.add((t, len(t) >= _KEY_LEN))
                    elif not s:
                        raise _Unknown
                    else:
                        new.add((s, True))
            states = new
        elif op is C.BRANCH:
            new = set()
            for alt in av[1]:
                new |= _expand(alt, states)
            states = new
        elif op is C.SUBPATTERN:
            states = _expand(av[-1], states)
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, getattr(C, "POSSESSIVE_REPEAT", C.MAX_REPEAT)):
            lo, hi, sub = av
            acc = set(states) if lo == 0 else set()
            cur = states
            for i in range(1, min(hi, _KEY_LEN + 1) + 1):
                cur = _expand(sub, cur)
                if i >= lo:
                    acc |= cur
            if lo > _KEY_LEN + 1:
                acc |= cur
            states = acc
        elif op in (C.AT, C.ASSERT, C.ASSERT_NOT):
            continue  # zero-width: a superset of keys stays correct
        else:
            raise _Unknown
        if len(states) > 2000:
            raise _Unknown
    return states


def _starts_word(data: Any) -> bool:
    """Does the parsed pattern open with `\\b` or a look-behind that excludes word characters?"""
    from re import _constants as C  # type: ignore[attr-defined]

    if not data:
        return False
    op, av = data[0]
    if op is C.AT:
        return av is C.AT_BOUNDARY
    if op is C.ASSERT_NOT and av[0] == -1 and len(av[1]) == 1 and av[1][0][0] is C.IN:
        return (C.CATEGORY, C.CATEGORY_WORD) in av[1][0][1]
    return False


def word_keys(pattern: str, flags: int = re.IGNORECASE, *, anchored: bool = True
              ) -> frozenset[str] | None:
    """The lower-cased first letters (up to three, fewer for a shorter word) that a match of
    `pattern` at a word start can begin with; None when they cannot be listed. With
    `anchored=False` the pattern itself must open with a word-start look-behind."""
    from re import _parser  # type: ignore[attr-defined]

    try:
        data = _parser.parse(pattern, flags).data
        if not anchored and not _starts_word(data):
            return None
        states = _expand(data, {("", False)})
    except (_Unknown, re.error, TypeError, ValueError):
        return None
    if any(not s for s, _done in states):
        return None
    return frozenset(s for s, _done in states)


@lru_cache(maxsize=4)  # shared by the patterns scanning the same article
def _word_index(text: str) -> dict[str, list[int]] | None:
    low = text.lower()
    if len(low) != len(text):
        return None
    idx: dict[str, list[int]] = {}
    for m in _WORD_KEY.finditer(low):
        k = m.group()
        if not k.isalpha():
            k = _DIGIT.sub("0", k)
        idx.setdefault(k, []).append(m.start())
    return idx


class WordPattern:
    """A compiled regex whose matches all begin a word (it starts with a look-behind such as
    `\\b`, `(?<!\\w)` or `(?<![\\w-])`), tried only at the words that can begin it;
    `finditer` and `search` give the same matches as the regex."""

    def __init__(self, rx: re.Pattern[str], keys: frozenset[str] | None) -> None:
        self.rx = rx
        self.pattern = rx.pattern
        self.keys = keys
        # keys ending in "*" stand for every word starting with the letters before it
        self._prefixes = frozenset(k[:-1] for k in keys or () if k.endswith("*"))
        self._last: tuple[str, list[int] | None] | None = None

    def _candidates(self, text: str) -> list[int] | None:
        last = self._last
        if last is not None and last[0] is text:
            return last[1]
        idx = _word_index(text) if self.keys is not None else None
        cands: list[int] | None = None
        if idx is not None and self.keys is not None:
            keys = self.keys
            pre = self._prefixes
            if pre:
                hit = [k for k in idx if k in keys or k[:1] in pre or k[:2] in pre]
            elif len(idx) < len(keys):
                hit = [k for k in idx if k in keys]
            else:
                hit = [k for k in keys if k in idx]
            cands = sorted(p for k in hit for p in idx[k])
        self._last = (text, cands)
        return cands

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None
                 ) -> Iterator[re.Match[str]]:
        cands = self._candidates(text)
        end = len(text) if endpos is None else endpos
        if cands is None:
            yield from self.rx.finditer(text, pos, end)
            return
        last = pos
        match = self.rx.match
        for p in cands[bisect.bisect_left(cands, pos):]:
            if p >= end:
                break
            if p < last:
                continue
            m = match(text, p, end)
            if m is not None:
                last = m.end()
                yield m

    def search(self, text: str, pos: int = 0, endpos: int | None = None
               ) -> re.Match[str] | None:
        return next(self.finditer(text, pos, endpos), None)


def prefiltered(rx: re.Pattern[str]) -> WordPattern:
    """Wrap `rx`, whose matches must begin a word, in the word-index prefilter."""
    return WordPattern(rx, word_keys(rx.pattern, rx.flags, anchored=False))


def _starts(p: WordPattern, text: str) -> list[int]:
    """Every position where `p` matches (overlapping ones too), in text order."""
    cands = p._candidates(text)
    if cands is None:
        return [i for i in range(len(text)) if p.rx.match(text, i)]
    match = p.rx.match
    return [i for i in cands if match(text, i)]


def _word_start(text: str, i: int) -> bool:
    return _is_word(text[i]) and (i == 0 or not _is_word(text[i - 1]))


def finditer_anchored(rx: re.Pattern[str], anchor: WordPattern, text: str,
                      lookback: Callable[[str, int, int], int]) -> Iterator[re.Match[str]]:
    """`rx.finditer(text)` for a regex whose every match begins a word and contains a match of
    `anchor` (at a word start `t`) no earlier than `lookback(text, t, floor)`: `rx` is tried
    only at the word starts between `lookback` and each anchor. The caller guarantees the
    bound; the matches are then those of `rx.finditer`."""
    pos, tried = 0, -1
    match = rx.match
    for t in _starts(anchor, text):
        if t < pos:
            continue
        lo = max(pos, tried + 1, lookback(text, t, pos))
        for s in range(lo, t + 1):
            if _word_start(text, s):
                m = match(text, s)
                if m is not None:
                    yield m
                    pos = m.end()
                    break
        tried = max(tried, t)
