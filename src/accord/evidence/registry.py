"""Actors: the registry (bundled YAML plus user files) and a mention finder over text.

A mention is found by exact surface forms (names, aliases, automatically a person's surname),
metonyms (Moscow, the Kremlin → Russia), demonyms before a group noun ("Russian troops",
"the Russians" → Russia), and titles resolved to the holder at the article's date ("the vice
president" → the registry's holder of that role then). Fuzzy matching (rapidfuzz) of unknown
capitalised words against person surnames is a flagged fallback (`Mention.fuzzy`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from accord.errors import InputError
from accord.evidence.document import Document, Mention
from accord.evidence.wordindex import finditer_anchored, prefiltered

GROUP_NOUNS = ("troops", "forces", "army", "military", "officials", "official", "government",
               "authorities", "side", "delegation", "negotiators", "diplomats", "leadership",
               "soldiers", "administration", "defence ministry", "defense ministry",
               "foreign ministry", "ministry of defence", "ministry of defense", "leaders",
               "negotiating team", "team")
PERSON_TYPES = {"person", "anonymous"}


@dataclass(frozen=True)
class Role:
    title: str
    of: str
    start: date | None = None
    end: date | None = None

    def active(self, on: date | None) -> bool:
        if on is None:
            return self.end is None
        return (self.start is None or self.start <= on) and (self.end is None or on < self.end)


@dataclass
class Actor:
    """A registry entry."""

    name: str
    type: str
    affiliation: str | None = None
    description: str | None = None
    aliases: list[str] = field(default_factory=list)
    metonyms: list[str] = field(default_factory=list)
    demonyms: list[str] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)

    @property
    def is_person(self) -> bool:
        return self.type in PERSON_TYPES

    def party(self) -> str:
        """The party the actor speaks for (state level for officials)."""
        return self.affiliation if self.is_person and self.affiliation else self.name


def _d(v: Any) -> date | None:
    if v is None or isinstance(v, date):
        return v
    return date.fromisoformat(str(v))


class Registry:
    """Actors by canonical name, with a compiled matcher over all their surface forms."""

    def __init__(self, actors: Iterable[Actor]) -> None:
        self.actors: dict[str, Actor] = {}
        for a in actors:
            if a.name in self.actors:
                old = self.actors[a.name]
                for attr in ("aliases", "metonyms", "demonyms", "roles"):
                    getattr(old, attr).extend(x for x in getattr(a, attr)
                                              if x not in getattr(old, attr))
                old.affiliation = a.affiliation or old.affiliation
            else:
                self.actors[a.name] = a
        self._build()

    # -- construction

    def _build(self) -> None:
        forms: dict[str, tuple[str, str]] = {}  # surface → (actor, kind)
        demonym_of: dict[str, str] = {}
        for a in self.actors.values():
            forms.setdefault(a.name, (a.name, "name"))
            for al in a.aliases:
                forms.setdefault(al, (a.name, "alias"))
            if a.is_person and a.type != "anonymous":
                parts = a.name.split()
                if len(parts) > 1:
                    forms.setdefault(parts[-1], (a.name, "surname"))
            for m in a.metonyms:
                forms.setdefault(m, (a.name, "metonym"))
            for dem in a.demonyms:
                demonym_of.setdefault(dem, a.name)
        # demonym + group noun, "the Russians"
        for dem, name in demonym_of.items():
            for noun in GROUP_NOUNS:
                forms.setdefault(f"{dem} {noun}", (name, "demonym"))
            if dem[-1].isalpha() and dem.isalpha() and not dem.isupper():
                forms.setdefault(f"the {dem}s", (name, "demonym"))
                forms.setdefault(f"{dem}s", (name, "demonym"))
        self.forms = forms
        self.demonym_of = demonym_of
        cased = sorted((f for f in forms if f[:1].isupper() or not f[:1].isalpha()),
                       key=len, reverse=True)
        lower = sorted((f for f in forms if f[:1].islower()), key=len, reverse=True)
        self._cased = _alternation(cased, 0)
        self._lower = _alternation(lower, re.IGNORECASE)
        self._lower_forms = {f.lower(): f for f in lower}
        # the same regexes tried only at the words that can begin a form (identical matches)
        self._cased_w, self._lower_w = prefiltered(self._cased), prefiltered(self._lower)
        # titles: "the vice president", "the Russian president", "Ukraine's president"
        titles: dict[str, list[tuple[Actor, Role]]] = {}
        for a in self.actors.values():
            for r in a.roles:
                titles.setdefault(r.title.lower(), []).append((a, r))
        self.titles = titles
        dem_alt = "|".join(re.escape(d) for d in sorted(demonym_of, key=len, reverse=True))
        title_alt = "|".join(re.escape(t) for t in sorted(titles, key=len, reverse=True))
        self._title_re = re.compile(
            rf"(?<![\w])(?:(?:the|this|[Tt]hat)\s+)?(?:(?P<dem>{dem_alt})\s+|(?P<own>[A-Z][\w.]+)['’]s\s+)?"
            rf"(?P<title>{title_alt})(?![\w-])", re.IGNORECASE) if titles else None
        # the title regex tried only just before each title word (identical matches; the
        # bound of `_title_lookback` needs demonyms made of word characters and dots)
        self._title_anchor = prefiltered(re.compile(rf"(?<!\w)(?:{title_alt})(?![\w-])",
                                                    re.IGNORECASE)) \
            if titles and all(re.fullmatch(r"[\w.]+", d) for d in demonym_of) else None
        self._surnames = {f: v[0] for f, v in forms.items()
                          if v[1] in ("surname", "name", "alias")
                          and self.actors[v[0]].is_person and f[:1].isupper() and len(f) >= 5}

    # -- lookup

    def get(self, name: str) -> Actor | None:
        return self.actors.get(name)

    def resolve(self, surface: str, on: date | None = None) -> str | None:
        """The canonical name for a surface form (exact form, title or case-insensitive)."""
        s = surface.strip()
        s = re.sub(r"['’]s$", "", s)
        if s in self.forms:
            return self.forms[s][0]
        low = s.lower()
        if low in self._lower_forms:
            return self.forms[self._lower_forms[low]][0]
        for f, (name, _k) in self.forms.items():
            if f.lower() == low:
                return name
        if self._title_re is not None:
            m = self._title_re.fullmatch(s)
            if m:
                return self._title_holder(m, on)
        # a longer form containing a known name ("political analyst Kirill Ozhimko")
        for m in self._cased.finditer(s):
            return self.forms[m.group(0)][0]
        return None

    def party(self, name: str | None) -> str | None:
        """State-level party of an actor (a person's affiliation)."""
        if name is None:
            return None
        a = self.actors.get(name)
        return a.party() if a else name

    def is_person(self, name: str | None) -> bool:
        a = self.actors.get(name or "")
        return bool(a and a.is_person)

    def _title_holder(self, m: re.Match[str], on: date | None) -> str | None:
        cands = self.titles.get(m.group("title").lower(), [])
        country = None
        if m.group("dem"):
            country = self.demonym_of.get(m.group("dem")) or next(
                (v for k, v in self.demonym_of.items() if k.lower() == m.group("dem").lower()),
                None)
        elif m.group("own"):
            country = self.resolve(m.group("own"), on)
        if country:
            cands = [(a, r) for a, r in cands if r.of == country]
        active = [(a, r) for a, r in cands if r.active(on)]
        if len({a.name for a, _ in active}) == 1:
            return active[0][0].name
        return None

    # -- mentions

    def find_mentions(self, text: str, on: date | None = None,
                      fuzzy: bool = True) -> list[Mention]:
        """All actor mentions in `text`, longest match first, no overlaps, in text order."""
        found: list[tuple[int, int, str, str, bool]] = []
        for rx in (self._cased_w, self._lower_w):
            for m in rx.finditer(text):
                form = m.group(0)
                key = form if form in self.forms else self._lower_forms.get(form.lower(), form)
                name, kind = self.forms[key]
                found.append((m.start(), m.end(), name, kind, False))
        if self._title_re is not None:
            anchored = self._title_anchor is not None and self._title_anchor.keys is not None
            for m in (finditer_anchored(self._title_re, self._title_anchor, text, _title_lookback)
                      if anchored else self._title_re.finditer(text)):
                if not (m.group("dem") or m.group("own") or m.group(0)[:3].lower() in
                        ("the", "thi", "tha")):
                    continue
                holder = self._title_holder(m, on)
                if holder:
                    found.append((m.start(), m.end(), holder, "title", False))
        if fuzzy and self._surnames:
            found.extend(self._fuzzy(text))
        found.sort(key=lambda t: (t[0], -(t[1] - t[0]), t[4]))
        out: list[Mention] = []
        last_end = -1
        for s, e, name, kind, fz in found:
            if s < last_end:
                continue
            a = self.actors[name]
            out.append(Mention(s, e, text[s:e], actor=name, kind="fuzzy" if fz else kind,
                               actor_type=a.type, fuzzy=fz))
            last_end = e
        return out

    def _fuzzy(self, text: str) -> list[tuple[int, int, str, str, bool]]:
        out = []
        for m in _CAPWORD.finditer(text):
            w = m.group(0)
            if w in self.forms:
                continue
            name = _fuzzy_lookup(self, w)
            if name:
                out.append((m.start(), m.end(), name, "fuzzy", True))
        return out


def _title_lookback(text: str, t: int, floor: int) -> int:
    """Earliest start of a title match whose title word begins at `t`: back over spaces, one
    token of word characters, dots and apostrophes (a demonym or "Ukraine's"), spaces, and at
    most four letters ("the", "this", "that")."""
    i = t
    while i > floor and text[i - 1].isspace():
        i -= 1
    while i > floor and (text[i - 1].isalnum() or text[i - 1] in "_.'’"):
        i -= 1
    while i > floor and text[i - 1].isspace():
        i -= 1
    n = 0
    while i > floor and n < 4 and text[i - 1].isalpha():
        i -= 1
        n += 1
    return i


_CAPWORD = re.compile(r"(?<![\w])[A-Z][a-z]{4,}(?![\w])")


@lru_cache(maxsize=20000)
def _fuzzy_cached(key: int, word: str) -> str | None:
    reg = _FUZZY_REGS[key]
    from rapidfuzz import fuzz, process

    hit = process.extractOne(word, list(reg._surnames), scorer=fuzz.ratio, score_cutoff=86)
    if hit is None:
        return None
    form = hit[0]
    # a one-letter difference in a long name (Zelenksyy, Bessant), never in short words
    if abs(len(form) - len(word)) > 1 or form[0] != word[0]:
        return None
    return reg._surnames[form]


_FUZZY_REGS: dict[int, Registry] = {}


def _fuzzy_lookup(reg: Registry, word: str) -> str | None:
    _FUZZY_REGS[id(reg)] = reg
    return _fuzzy_cached(id(reg), word)


def _alternation(forms: list[str], flags: int) -> re.Pattern[str]:
    if not forms:
        return re.compile(r"(?!x)x")
    alt = "|".join(re.escape(f) for f in forms)
    return re.compile(rf"(?<![\w])(?:{alt})(?![\w])", flags)


# ---- loading -----------------------------------------------------------------------------


def _actors_from_yaml(data: Any, source: str) -> list[Actor]:
    if not isinstance(data, dict) or not isinstance(data.get("actors"), list):
        raise InputError("an actor registry needs a top-level 'actors:' list", file=source,
                         fix="see src/accord/data/registry.yaml for the format")
    out = []
    for i, e in enumerate(data["actors"]):
        if not isinstance(e, dict) or not e.get("name"):
            raise InputError(f"entry {i} has no name", file=source, field=f"actors[{i}]",
                             fix="give each entry a 'name'")
        try:
            roles = [Role(str(r["title"]), str(r.get("of") or e.get("affiliation") or ""),
                          _d(r.get("from")), _d(r.get("to"))) for r in e.get("roles") or []]
        except (KeyError, ValueError, TypeError) as exc:
            raise InputError(f"bad role in {e['name']!r}: {exc}", file=source,
                             field=f"actors[{i}].roles",
                             fix="roles need title, of, from/to as YYYY-MM-DD") from exc
        out.append(Actor(name=str(e["name"]), type=str(e.get("type") or "person"),
                         affiliation=e.get("affiliation"), description=e.get("description"),
                         aliases=[str(x) for x in e.get("aliases") or []],
                         metonyms=[str(x) for x in e.get("metonyms") or []],
                         demonyms=[str(x) for x in e.get("demonyms") or []], roles=roles))
    return out


def _read_yaml(text: str, source: str) -> Any:
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    try:
        return YAML(typ="safe").load(text)
    except YAMLError as exc:
        raise InputError(f"not valid YAML: {' '.join(str(exc).split())[:200]}", file=source,
                         fix="fix the YAML syntax") from exc


_BUNDLED: list[Actor] | None = None


def load_registry(extra: Iterable[str | Path] = ()) -> Registry:
    """The bundled registry plus user files (entries with a known name extend it)."""
    global _BUNDLED
    if _BUNDLED is None:
        text = resources.files("accord.data").joinpath("registry.yaml").read_text("utf-8")
        _BUNDLED = _actors_from_yaml(_read_yaml(text, "registry.yaml"), "registry.yaml")
    actors = [Actor(a.name, a.type, a.affiliation, a.description, list(a.aliases),
                    list(a.metonyms), list(a.demonyms), list(a.roles)) for a in _BUNDLED]
    for p in extra:
        path = Path(p)
        if not path.is_file():
            raise InputError("registry file not found", file=str(path),
                             fix="give an existing YAML file to --registry")
        try:
            text = path.read_text("utf-8")
        except (OSError, UnicodeDecodeError) as exc:  # unreadable, binary or not UTF-8
            raise InputError(f"cannot read the registry ({exc})", file=str(path),
                             fix="give a UTF-8 YAML file to --registry") from None
        actors.extend(_actors_from_yaml(_read_yaml(text, str(path)), str(path)))
    return Registry(actors)


# ---- pipeline component --------------------------------------------------------------------


class ActorMentions:
    """Pipeline component: adds `doc.mentions`."""

    name = "actors"

    def __init__(self, registry: Registry) -> None:
        self.registry = registry

    def __call__(self, doc: Document) -> Document:
        doc.mentions = self.registry.find_mentions(doc.text, doc.published)
        return doc


def _register() -> None:
    from accord.evidence.pipeline import PipelineConfig, register_component

    @register_component("actors")
    def _factory(config: PipelineConfig) -> ActorMentions:
        return ActorMentions(config.get_registry())


_register()
