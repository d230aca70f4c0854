"""The word-index prefilter must return exactly the matches of the plain regex."""

from __future__ import annotations

import random
import re

import pytest

from accord.evidence import quantities
from accord.evidence.issues import compile_alternation, load_issue_lexicon
from accord.evidence.stance import load_stance_lexicon
from accord.evidence.wordindex import WordPattern, prefiltered, word_keys

_WORDS = ("Russia Ukraine Kyiv Kiev the of security guarantees won't will never recognise "
         "don't rule out ceasefire talks NATO membership sanctions relief 20% 1,000 km² about "
         "a fifth of territory Zaporizhzhia nuclear plant mid-June on Friday 14 March 2025 "
         "U.S. Trump's envoy demanded insisted rejected agreed peacekeepers $5bn two weeks "
         "İstanbul Straße ÆON co-operation non-NATO 3-point plan land-for-peace")
WORDS = _WORDS.split()
SEPS = (" ", "-", " - ", "\n", ", ", "'", "’s ", "  ", "/", "(", "2", "n't ", ". ", "“", "”")


def _texts(n: int, seed: int = 0) -> list[str]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        t = "".join(rng.choice(WORDS) + rng.choice(SEPS) for _ in range(rng.randint(5, 120)))
        out.append(t.upper() if i % 4 == 0 else t)
    return out


def _patterns() -> list[WordPattern]:
    lex = load_issue_lexicon()
    sl = load_stance_lexicon()
    pats = [*lex.positive.values(), *lex.exclude.values(), *sl.phrases.values(),
            *sl.cues.values(), sl.reporting, sl.obligation]
    pats += [prefiltered(r) for r in (quantities._FRACTION, quantities._WORDQ,
                                      quantities._BARE_SCALE, quantities._DATE_RE)]
    return [p for p in pats if p is not None]


def test_word_keys_lists_first_letters() -> None:
    assert word_keys(r"land(?:s)?") == {"lan"}
    assert word_keys(r"(?:dpr|lpr)") == {"dpr", "lpr"}
    assert word_keys(r"eu") == {"eu"}
    assert word_keys(r"u\.s\.") == {"u"}
    assert word_keys(r"\d+-point") == {"0", "00", "000"}
    assert word_keys(r"do\s?(?:\w+ )?not") == {"do", "don", "do*"}
    # cannot be listed: starts with any word character or a non-word character
    assert word_keys(r"\w+ism") is None
    assert word_keys(r"\$\d+") is None


def test_prefiltered_needs_a_word_start_anchor() -> None:
    assert prefiltered(re.compile(r"foo")).keys is None  # may match inside a word
    assert prefiltered(re.compile(r"(?<![\w-])foo")).keys == {"foo"}


@pytest.mark.parametrize("seed", [0, 1])
def test_same_matches_as_the_regex(seed: int) -> None:
    pats = _patterns()
    rng = random.Random(seed)
    for text in _texts(60, seed):
        for p in pats:
            assert [m.span() for m in p.finditer(text)] == \
                [m.span() for m in p.rx.finditer(text)], p.pattern[:80]
            a = rng.randint(0, len(text))
            b = rng.randint(a, len(text))
            m1, m2 = p.search(text, a, b), p.rx.search(text, a, b)
            assert (m1 and m1.span()) == (m2 and m2.span())


def test_alternation_prefers_longest_form() -> None:
    rx = compile_alternation(["security", "security guarantees"], "t")
    assert rx is not None
    p = WordPattern(rx, word_keys("security"))
    assert [m.group() for m in p.finditer("Security guarantees, security.")] == \
        ["Security guarantees", "security"]


def test_digit_matches_equal_finditer() -> None:
    for text in _texts(80, 3) + ["about   \n 5 km", "hover 5", "more than €3bn", "1,000,000"]:
        assert [m.span() for m in quantities._digit_matches(text)] == \
            [m.span() for m in quantities._DIGIT.finditer(text)]


def test_title_matches_equal_finditer() -> None:
    from accord.evidence import load_registry
    from accord.evidence.registry import _title_lookback
    from accord.evidence.wordindex import finditer_anchored

    reg = load_registry()
    assert reg._title_anchor is not None and reg._title_re is not None
    words = ["the", "This", "that", "Ukraine's", "Russia’s", "U.S.", "said", "bathe",
             "presidential", *list(reg.titles)[:30], *reg.demonym_of]
    rng = random.Random(5)
    found = 0
    for i in range(400):
        t = "".join(rng.choice(words) + rng.choice((" ", "  ", "\n", "-", ", ", "’s "))
                    for _ in range(rng.randint(3, 30)))
        t = t.upper() if i % 5 == 0 else t
        want = [m.span() for m in reg._title_re.finditer(t)]
        got = [m.span() for m in finditer_anchored(reg._title_re, reg._title_anchor, t,
                                                   _title_lookback)]
        assert got == want, t
        found += len(want)
    assert found > 100
