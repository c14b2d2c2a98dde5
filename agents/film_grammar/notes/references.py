"""What a clause is about: shots by number, range, ordinal, id or "this shot"; scenes by number
or place; characters; groups of shots by coverage or framing ("every close-up of Steel"); or a
phrase the grammar finds in one scene's words ("the argument"). Asks rather than guesses."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from storyreel.agents.film_grammar.bible import location_name
from storyreel.agents.film_grammar.lexicon import IC, alternation
from storyreel.agents.film_grammar.lexicon.notes import (
    EVERYTHING,
    KNOWN_SUBJECTS,
    LAST_SHOT,
    NEXT_SHOT,
    ORDINALS,
    PENULTIMATE,
    PREVIOUS_SHOT,
    QUANTIFIERS,
    SHOT_GROUPS,
    SUBJECT_CHANGES,
    SUBJECT_VERBS,
    SUFFIXES,
    THIS_SHOT,
)
from storyreel.agents.film_grammar.notes.film import WHICH, Ask, Film, singular, words


@dataclass
class Ref:
    """Shots named at clause[start:end]."""

    start: int
    end: int
    shots: list[str]
    said: str


@dataclass
class Scope:
    """Everything a clause says about which shots it means."""

    explicit: list[Ref] = field(default_factory=list)  # shot references, in clause order
    scenes: set[int] | None = None
    scene_said: str = ""
    framings: set[str] | None = None
    kinds: set[str] | None = None
    characters: set[str] | None = None
    everything: bool = False
    plural: bool = False
    filter_said: str = ""
    group_said: list[str] = field(default_factory=list)  # the coverage and framing words that pick shots
    unknown: str | None = None  # a reference the grammar does not know ("the argument")
    spans: list[tuple[int, int]] = field(default_factory=list)  # text consumed by references

    @property
    def named(self) -> bool:
        """The clause names shots: explicitly, by scene, or all of them."""
        return bool(self.explicit) or self.scenes is not None or self.everything


_ORDINAL = alternation([*ORDINALS, r"\d+(?:st|nd|rd|th)"])
_ENDS = alternation([*LAST_SHOT, *PENULTIMATE])
_SHOT = r"(?:shot|one)"
_RANGE = re.compile(r"\bshots?\s*#?\s*(\d+)\s*(?:-|to|through|thru|until)\s*#?\s*(\d+)\b", IC)
_LIST = re.compile(
    r"\bshots?\s*#?\s*(\d+(?:\s*(?:,|and|&|or)\s*#?\s*\d+)*)\b(?!\s*(?:s|sec|secs|seconds)\b)", IC
)
_BETWEEN = re.compile(r"\b(?:between|from)\s+#?(\d+)\s*(?:and|to|into|&)\s*(?:shot\s*)?#?(\d+)\b", IC)
_HASH = re.compile(r"(?<![\w#])#\s*(\d+)\b")
_NEGATIVE = re.compile(r"\bshots?\s*#?\s*[-\u2212]\s*(\d+)\b", IC)  # "shot -1": never shot 1
_NTH = re.compile(rf"\bthe\s+(?:very\s+)?({_ORDINAL}|{_ENDS})\s+{_SHOT}\b", IC)
_NEXT = re.compile(
    rf"\bthe\s+{alternation(NEXT_SHOT)}\s+{_SHOT}\b|\bthe\s+{_SHOT}\s+after\s+(?:this|that|it)\b", IC
)
_PREVIOUS = re.compile(
    rf"\bthe\s+{alternation(PREVIOUS_SHOT)}\s+{_SHOT}\b|\bthe\s+{_SHOT}\s+before\s+(?:this|that|it)\b", IC
)
_THIS = re.compile(rf"\b{alternation(THIS_SHOT)}\s+{_SHOT}\b", IC)
_SCENES = re.compile(r"\bscenes?\s*#?\s*(\d+[a-z]?)(?:\s*(?:-|to|through|and)\s*#?\s*(\d+[a-z]?))?\b", IC)
_EVERYTHING = re.compile(rf"\b{alternation(EVERYTHING)}\b", IC)
_GROUPS = [
    (
        re.compile(rf"\b(?:({alternation(QUANTIFIERS)})\s+)?(?:([a-z]+'s)\s+)?(?:{pattern})\b", IC),
        family,
        values,
    )
    for pattern, family, values in SHOT_GROUPS
]
_UNKNOWN_SUBJECT = re.compile(
    rf"^(?:(?:make|have|let)\s+)?the\s+([a-z][a-z' -]*?)\s+{alternation(SUBJECT_VERBS)}\b"
    rf"|\b{alternation(SUBJECT_CHANGES)}\s+the\s+([a-z][a-z' -]*?)$",
    IC,
)
_KNOWN = re.compile(rf"\b{alternation(KNOWN_SUBJECTS)}\b", IC)


def shot_refs(clause: str, film: Film) -> list[Ref]:
    """Every reference to particular shots in `clause`, in clause order (none overlapping)."""
    refs: list[Ref] = []

    def add(match: re.Match[str], numbers: list[int] | None = None, ids: list[str] | None = None) -> None:
        if any(not (match.end() <= r.start or match.start() >= r.end) for r in refs):
            return
        said = match.group(0)
        shots = ids if ids is not None else film.number(numbers or [], said)
        refs.append(Ref(match.start(), match.end(), shots, said))

    for m in _NEGATIVE.finditer(clause):
        film.number([-int(m.group(1))], m.group(0))  # asks: there is no shot -1
    for m in _RANGE.finditer(clause):
        a, b = int(m.group(1)), int(m.group(2))
        add(m, list(range(min(a, b), max(a, b) + 1)))
    for m in _LIST.finditer(clause):
        add(m, [int(n) for n in re.findall(r"\d+", m.group(1))])
    for m in _BETWEEN.finditer(clause):
        add(m, [int(m.group(1)), int(m.group(2))])
    for m in _HASH.finditer(clause):
        add(m, [int(m.group(1))])
    for m in _NTH.finditer(clause):
        word = m.group(1).lower()
        if word in LAST_SHOT:
            add(m, ids=[film.ids[-1]])
        elif word in PENULTIMATE:
            add(m, ids=[film.ids[max(0, len(film.ids) - 2)]])
        else:
            add(m, [ORDINALS.get(word) or int(re.sub(r"\D", "", word))])
    for m in _NEXT.finditer(clause):
        index = film.ids.index(film.need_focus(m.group(0))[-1]) + 1
        if index >= len(film.ids):
            raise Ask(f"'{m.group(0)}': shot {index} is the last shot, there is none after it.")
        add(m, ids=[film.ids[index]])
    for m in _PREVIOUS.finditer(clause):
        index = film.ids.index(film.need_focus(m.group(0))[0]) - 1
        if index < 0:
            raise Ask(f"'{m.group(0)}': shot 1 is the first shot, there is none before it.")
        add(m, ids=[film.ids[index]])
    for m in _THIS.finditer(clause):
        add(m, ids=film.need_focus(m.group(0)))
    if film.ids:
        by_length = sorted(film.ids, key=len, reverse=True)
        pattern = r"(?<![\w-])(" + "|".join(re.escape(i) for i in by_length) + r")(?![\w-])"
        for m in re.finditer(pattern, clause, IC):
            add(m, ids=[next(i for i in film.ids if i.lower() == m.group(1).lower())])
    refs.sort(key=lambda ref: ref.start)
    return refs


def scope_of(clause: str, film: Film, look_edit: bool = False) -> Scope:
    """Which shots `clause` names, and how (`look_edit`: the clause changes a look, so names
    and places in it are what changes, not a choice of shots)."""
    scope = Scope(explicit=shot_refs(clause, film))
    scope.spans = [(r.start, r.end) for r in scope.explicit]
    _scenes(scope, clause, film, look_edit)
    names = characters(clause, film) if not look_edit else set()
    said = _groups(scope, clause, bool(names))
    if names:
        scope.characters = names
        if not any("'s" in term for term in said):
            said.append("of " + " / ".join(sorted(names)))
    if _EVERYTHING.search(clause):
        scope.everything = True
        scope.plural = True
        said.append("every shot")
    scope.filter_said = " ".join(said)
    if not scope.named:
        scope.unknown = _unknown_reference(clause, film)
    return scope


def _scenes(scope: Scope, clause: str, film: Film, look_edit: bool) -> None:
    """Scenes by number ('scenes 2-3'), then by place ('the garage scene')."""
    for m in _SCENES.finditer(clause):
        first, last = _scene_index(m.group(1), film), _scene_index(m.group(2) or m.group(1), film)
        scope.scenes = (scope.scenes or set()) | set(range(min(first, last), max(first, last) + 1))
        scope.spans.append((m.start(), m.end()))
        scope.scene_said = m.group(0)
    if scope.scenes is not None or look_edit:
        return
    found = places(clause, film)
    if not found:
        return
    scenes = {s.index for s in film.screenplay.scenes if location_name(s) in found or s.location in found}
    plural = re.search(r"\bscenes\b|\b(?:every|all|each)\b", clause, IC)
    if re.search(r"\bscene\b", clause, IC) and not plural and len(scenes) > 1:
        listed = ", ".join(f"{i + 1} ({film.screenplay.scenes[i].heading})" for i in sorted(scenes))
        said = _place_scene_said(clause, film, found)
        raise Ask(
            f"Which scene at {' / '.join(sorted(found))}? Scenes {listed}.",
            [said] if said else [],
            [scene_words(film, i) for i in sorted(scenes)] if said else [],
        )
    scope.scenes = scenes
    scope.scene_said = f"the {' / '.join(sorted(found))} scene{'s' if len(scenes) > 1 else ''}"


def scene_words(film: Film, index: int) -> str:
    """How a note names scene `index`: by its number in the script, else by its place in the film."""
    return f"scene {film.screenplay.scenes[index].number or index + 1}"


def _place_scene_said(clause: str, film: Film, places_found: set[str]) -> str | None:
    """The words of `clause` that name a scene by its place ('the garage scene'), or None."""
    forms = sorted(
        (form for form, found in film.locations.items() if found & places_found), key=len, reverse=True
    )
    named = "|".join(re.escape(form) for form in forms)
    m = re.search(rf"\b(?:the\s+)?(?:(?:{named})(?:'s)?\s+)+scene\b", clause, IC) if forms else None
    return m.group(0) if m else None


def _groups(scope: Scope, clause: str, names: bool) -> list[str]:
    """Coverage and framing words that pick shots ('every close-up'); returns how they were said."""
    said: list[str] = []
    for pattern, family, values in _GROUPS:
        for m in pattern.finditer(clause):
            if any(a <= m.start() < b for a, b in scope.spans):
                continue
            quantifier, owner = (m.group(1) or "").lower(), m.group(2)
            term = m.group(0)
            is_plural = bool(re.search(r"s\b", term.split()[-1], IC)) and not term.lower().endswith(
                ("ss", "ots")
            )
            if family == "framing" and not (quantifier or is_plural or owner):
                continue  # "make it a close-up": a value, not a choice of shots
            if (
                family == "framing"
                and quantifier == "the"
                and not (is_plural or owner or names or scope.scenes)
            ):
                continue  # "the close-up" alone reads as the value
            if family == "kind":
                scope.kinds = (scope.kinds or set()) | values
            else:
                scope.framings = (scope.framings or set()) | values
            scope.plural = scope.plural or is_plural or quantifier.startswith(("every", "each", "all", "any"))
            scope.spans.append((m.start(), m.end()))
            scope.group_said.append(term)
            said.append(term)
    return said


def _scene_index(token: str, film: Film) -> int:
    scenes = film.screenplay.scenes
    for scene in scenes:
        if scene.number and scene.number.lower() == token.lower():
            return scene.index
    if token.isdigit() and 1 <= int(token) <= len(scenes):
        return int(token) - 1
    raise Ask(f"There is no scene {token}: the film has {len(scenes)} scenes (1-{len(scenes)}).")


def places(clause: str, film: Film) -> set[str]:
    """The locations `clause` names (the best-scoring ones; asks when two tie)."""
    said = {singular(w.removesuffix("'s")) for w in words(clause)}
    lowered = clause.lower()
    best: dict[str, int] = {}
    for form, found in film.locations.items():
        if (" " in form and form in lowered) or form in said:
            for place in found:
                best[place] = best.get(place, 0) + 1
    if not best:
        return set()
    top = max(best.values())
    found = {place for place, score in best.items() if score == top}
    if len(found) > 1 and not re.search(r"\b(every|all|both|scenes)\b", clause, IC):
        shared = [form for form, places in film.locations.items() if len(places & found) > 1]
        said = next((form for form in sorted(shared, key=len, reverse=True) if form in lowered), None)
        answers = [place.lower() for place in sorted(found)] if said else []
        raise Ask(f"Which place do you mean: {', '.join(sorted(found))}?", [said] if said else [], answers)
    return found


def characters(clause: str, film: Film) -> set[str]:
    """The characters `clause` names; asks when a name fits two."""
    found: set[str] = set()
    for said, names in name_matches(clause, film):
        if len(names) > 1:
            owner = "'s" if said.lower().endswith("'s") else ""
            raise Ask(
                f"'{said}' could be {' or '.join(sorted(names))}: which one?",
                [said],
                [f"{name.title()}{owner}" for name in sorted(names)],
            )
        found |= names
    return found


def name_matches(clause: str, film: Film) -> list[tuple[str, set[str]]]:
    """Each name in `clause` as it is said ('Nell's'), with the characters it could mean; the
    longest names first, none overlapping."""
    lowered = clause.lower()
    found: list[tuple[str, set[str]]] = []
    consumed: list[tuple[int, int]] = []
    for form in sorted(film.names, key=len, reverse=True):
        for m in re.finditer(rf"(?<![\w']){re.escape(form)}(?:'s)?(?![\w])", lowered):
            if any(a <= m.start() < b for a, b in consumed):
                continue
            found.append((clause[m.start() : m.end()], film.names[form]))
            consumed.append((m.start(), m.end()))
    return found


def _unknown_reference(clause: str, film: Film) -> str | None:
    """A phrase like 'the argument' that names shots the grammar cannot place by name: found in
    one scene's text it means that scene; otherwise the reader asks."""
    m = _UNKNOWN_SUBJECT.search(clause)
    if not m:
        return None
    phrase = (m.group(1) or m.group(2) or "").strip()
    if not phrase or _KNOWN.search(phrase) or characters(phrase, film) or places(phrase, film):
        return None
    return phrase


def _stem(word: str) -> str:
    """'argument' and 'argue' -> 'argu'; 'fighting' -> 'fight' (enough to find a scene's words)."""
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def _scene_by_words(phrase: str, film: Film) -> set[int]:
    stems = [_stem(w) for w in words(phrase) if len(w) > 3]
    if not stems:
        return set()
    found = set()
    for scene in film.screenplay.scenes:
        text = " ".join([scene.heading, *(e.text for e in scene.elements)]).lower()
        if all(re.search(rf"\b{re.escape(stem)}", text) for stem in stems):
            found.add(scene.index)
    return found


def _place_unknown(scope: Scope, film: Film) -> None:
    """An unknown phrase found in one scene's words means that scene; otherwise ask."""
    scenes = _scene_by_words(scope.unknown or "", film)
    if len(scenes) != 1:
        where = (
            "no scene mentions it"
            if not scenes
            else f"scenes {', '.join(str(i + 1) for i in sorted(scenes))} all do"
        )
        raise Ask(
            f"Which shots are 'the {scope.unknown}'? ({where}.) {WHICH}",
            [f"the {scope.unknown}"],
            [scene_words(film, i) for i in sorted(scenes)],
        )
    scope.scenes = scenes
    scope.scene_said = f"'{scope.unknown}' (scene {next(iter(scenes)) + 1})"


def resolve(
    scope: Scope, film: Film, previous: list[str] | None, *, singular_ok: bool = True
) -> tuple[list[str], str]:
    """The shots a clause is about, and how to say them; asks rather than guesses."""
    if scope.unknown:
        _place_unknown(scope, film)
    filters = scope.framings is not None or scope.kinds is not None or scope.characters is not None
    if scope.explicit:
        base = list(dict.fromkeys(i for ref in scope.explicit for i in ref.shots))
        said = film.label(base)
    elif scope.scenes is not None:
        base = film.scene_shots(scope.scenes)
        said = scope.scene_said
    elif scope.everything or filters:
        base = list(film.ids)
        said = ""
    elif previous:
        return previous, film.label(previous)
    elif film.focus:
        return film.focus, f"{film.label(film.focus)} (the last discussed)"
    else:
        raise Ask(f"Which shot? {WHICH} The film has {len(film.ids)} shots.")
    chosen = [
        i
        for i in base
        if (scope.framings is None or film.shots[i].camera.framing in scope.framings)
        and (scope.kinds is None or film.shots[i].kind in scope.kinds)
        and (scope.characters is None or scope.characters & set(film.shots[i].subjects))
    ]
    if filters and scope.explicit:
        what = said if len(chosen) == len(base) else f"{scope.filter_said} in {said}"
    elif not scope.explicit:
        what = " ".join(x for x in (scope.filter_said, f"in {said}" if said else "") if x) or said
    else:
        what = said
    if not chosen:
        raise Ask(f"No shot fits '{what.strip()}'. {WHICH}")
    if filters and not scope.plural and not scope.explicit and len(chosen) > 1 and not singular_ok:
        said = scope.group_said[:1]
        answers = [film.label([shot]) for shot in chosen] if said else []
        raise Ask(f"Which one? '{what.strip()}' fits {film.label(chosen)}.", said, answers)
    label = film.label(chosen)
    return chosen, label if label == what else f"{label} ({what.strip()})" if what else label
