"""Structural edits in a note: adding, removing, splitting, merging, moving and swapping shots,
and another take of a shot (a new seed)."""

from __future__ import annotations

import re

from storyreel.agents.film_grammar.lexicon import IC, alternation
from storyreel.agents.film_grammar.lexicon.camera import DROPPED_MOVES, FRAMINGS, MOVE_NOUNS
from storyreel.agents.film_grammar.lexicon.notes import (
    ADD_ARTICLES,
    ADD_VERBS,
    BEFORE,
    MERGE_WORDS,
    MOMENTS,
    MOVE_PLACES,
    MOVE_VERBS,
    POSITIONS,
    REMOVE_VERBS,
    RESEED,
    SHOT_GROUPS,
    SHOT_NOUNS,
    SPLIT_VERBS,
    SPLIT_WHERE,
    SWAP_VERBS,
)
from storyreel.agents.film_grammar.notes.camera import angle_values, framing_value, move_values
from storyreel.agents.film_grammar.notes.clause import NUMBER, UNITS, negated, seconds, without
from storyreel.agents.film_grammar.notes.film import Ask, Film, Read
from storyreel.agents.film_grammar.notes.references import Ref, characters, resolve, scope_of, shot_refs
from storyreel.models.camera import LABELS
from storyreel.models.edits import AddEdit, Edit, MergeEdit, MoveEdit, RemoveEdit, ReseedEdit, SplitEdit

_ADD = re.compile(rf"\b{alternation(ADD_VERBS)}\b\s+(?:{alternation(ADD_ARTICLES)}\s+)(.+)$", IC)
_SHOT_NOUN = re.compile(rf"\b({alternation(SHOT_NOUNS)})\b", IC)
_NOT_A_SHOT = re.compile(alternation([*MOVE_NOUNS, *MOMENTS]), IC)
_POSITION = re.compile(rf"\b({alternation(POSITIONS)})\b", IC)
_REMOVE = re.compile(rf"\b({alternation(REMOVE_VERBS)})\b", IC)
# What 'lose the ...' drops from a shot rather than the shot itself (notes/camera.py reads it).
_CAMERA_PART = re.compile(
    rf"\s*(?:the\s+)?{alternation([*DROPPED_MOVES, 'camera move', 'move', 'movement', 'dutch'])}\b", IC
)
# A length the reader cannot take ('at 1e9 seconds'): asked about, not ignored (no mid-shot default).
_UNREAD_LENGTH = re.compile(rf"\d\S*\s*{UNITS}\b", IC)
_SPLIT = re.compile(rf"\b({alternation(SPLIT_VERBS)})\b.*\b({alternation(SPLIT_WHERE)})\b|\bsplit\b", IC)
_MERGE = re.compile(rf"\b({alternation(MERGE_WORDS)})\b", IC)
_SWAP = re.compile(rf"\b({alternation(SWAP_VERBS)})\b", IC)
_MOVE = re.compile(rf"\b({alternation(MOVE_VERBS)})\b.*\b({alternation(MOVE_PLACES)})\b", IC)
_RESEED = re.compile(rf"\b({alternation(RESEED)})\b", IC)
# Framing of an added shot by its kind, when the note names none.
ADDED_FRAMING = {
    "establishing": "extreme_long",
    "master": "full",
    "two_shot": "medium",
    "insert": "close_up",
    "reaction": "close_up",
    "pov": "medium",
    "over_the_shoulder": "medium",
}


def _added_where(
    clause: str, body_start: int, body: str, film: Film, previous: list[str] | None
) -> tuple[str, str]:
    """('before' or 'after', the anchor shot) of a shot a note adds."""
    position = _POSITION.search(body)
    refs = shot_refs(clause, film)
    anchors = [r for r in refs if position and r.start >= body_start + position.start()]
    if position and position.group(1).lower() == "between":
        ids = sorted({i for r in anchors for i in r.shots}, key=film.ids.index)
        if len(ids) < 2 or film.ids.index(ids[1]) != film.ids.index(ids[0]) + 1:
            raise Ask("Between which two consecutive shots? Say 'between shots 4 and 5'.")
        return "after", ids[0]
    if anchors and position:
        where = "before" if position.group(1).lower() in BEFORE else "after"
        return where, anchors[0].shots[0] if where == "before" else anchors[0].shots[-1]
    if previous or film.focus:
        return "after", (previous or film.focus)[-1]
    raise Ask(
        f"Where should the new shot go? Say 'after shot 5' or 'before shot 2'. ({len(film.ids)} shots.)"
    )


def _added_kind(described: str, names: list[str]) -> str:
    """The kind of shot a note adds: as named, else a single of a person, an insert of a thing
    (or of a character's hands), a cutaway of neither."""
    kind = next(
        (
            next(iter(values))
            for pattern, family, values in SHOT_GROUPS
            if family == "kind" and re.search(rf"\b(?:{pattern})\b", described, IC)
        ),
        "single",
    )
    if kind != "single":
        return kind
    if re.search(r"\bof (?:the|a|an|his|her|their|[a-z]+'s)\s+(?!face|eyes)\w+", described, IC):
        return "insert"
    return "single" if names else "cutaway"


def read_add(clause: str, film: Film, previous: list[str] | None) -> Read | None:
    m = _ADD.search(clause)
    if not m:
        return None
    body = m.group(1)
    names_a_shot = _SHOT_NOUN.search(body) or any(pattern.search(body) for pattern, _ in FRAMINGS)
    if not names_a_shot or _NOT_A_SHOT.match(body):
        return None  # "add a tilt up" is a camera note
    where, anchor = _added_where(clause, m.start(1), body, film, previous)
    position = _POSITION.search(body)
    described = body[: position.start()].strip(" ,") if position else body.strip(" ,")
    said_framing = framing_value(described)
    names = sorted(characters(described, film))
    kind = _added_kind(described, names)
    framing = said_framing or ADDED_FRAMING.get(kind, "medium")
    angles = angle_values(described)
    length = seconds(described) or (3.0 if kind == "establishing" else 2.0)
    description = re.sub(
        rf"\s*\b(?:of\s+)?{NUMBER}\s*(?:s|secs?|seconds?)(?:\s+long)?\b", "", described, flags=IC
    )
    description = description.strip(" ,")
    description = description[0].upper() + description[1:] + ("" if description.endswith(".") else ".")
    edit = AddEdit(
        position=where,
        anchor=anchor,
        kind=kind,
        framing=framing,
        angle=angles[0] if angles else None,
        movements=move_values(described) or None,
        duration_s=length,
        subjects=names,
        description=description,
    )
    reading = f"a new {LABELS[framing]} {kind.replace('_', ' ')} ({length:g} s) {where} {film.label([anchor])}: {description}"
    return [edit], reading, [anchor]


def read_remove(clause: str, film: Film, previous: list[str] | None) -> Read | None:
    m = _REMOVE.search(clause)
    if not m or negated(clause, m.start()):
        return None
    rest = clause[m.end() :]
    if m.group(1).lower() == "cut" and re.match(
        r"\s*(?:to|between|from|in|away|straight|on|back)\b", rest, IC
    ):
        return None
    if _CAMERA_PART.match(rest):
        return None  # "lose the zoom" changes the camera
    if re.match(r"\s*(?:\w+\s+)?(?:seconds?|secs?|s|frames?|a beat|a second|half)\b", rest, IC) or re.match(
        rf"\s*{NUMBER}\s*(?:s|secs?|seconds?)\b", rest, IC
    ):
        return None  # "cut two seconds" is a trim
    if re.match(r"\s*(?:it|this|that|this shot|that shot|this one|that one)\b", rest, IC) and not shot_refs(
        rest, film
    ):
        targets, said = film.need_focus("it"), None
    else:
        scope = scope_of(clause, film)
        if not (scope.named or scope.kinds or scope.framings or scope.characters):
            if scope.unknown:
                resolve(scope, film, None)
            return None
        targets, said = resolve(scope, film, None, singular_ok=False)
    if len(targets) >= len(film.ids):
        raise Ask("That would remove every shot in the film. Which shots should go?")
    return [RemoveEdit(shots=targets)], f"remove {said or film.label(targets)}", targets


def read_split(clause: str, film: Film, previous: list[str] | None) -> Read | None:
    if not _SPLIT.search(clause):
        return None
    scope = scope_of(clause, film)
    targets, _ = resolve(scope, film, previous)
    if len(targets) != 1:
        said = [clause[a:b] for a, b in sorted(scope.spans)]
        answers = [film.label([shot]) for shot in targets]
        raise Ask(f"Which one shot should I split? You named {film.label(targets)}.", said, answers)
    shot = film.shots[targets[0]]
    at = 0.5
    text = without(clause, scope.spans)
    length = seconds(text)
    if length is not None:
        if not 0 < length < shot.duration_s:
            raise Ask(f"{film.label(targets)} is {shot.duration_s:g} s long: where in it should the cut be?")
        at = length / shot.duration_s
    elif _UNREAD_LENGTH.search(text):
        raise Ask(f"Where in {film.label(targets)} should the cut be? Say it in seconds, such as 'at 1.5 s'.")
    elif re.search(r"\bthirds?\b", text, IC):
        at = 1 / 3
    return (
        [SplitEdit(shot=targets[0], at=round(at, 4))],
        f"split {film.label(targets)} at {at * shot.duration_s:.2f} s",
        targets,
    )


def read_merge(clause: str, film: Film, previous: list[str] | None) -> Read | None:
    if not _MERGE.search(clause):
        return None
    scope = scope_of(clause, film)
    ids = [i for r in scope.explicit for i in r.shots]
    if re.search(r"\bwith the next\b", clause, IC):
        base = ids or film.need_focus("this shot")
        index = film.ids.index(base[-1])
        if index + 1 >= len(film.ids):
            raise Ask(f"{film.label([base[-1]])} is the last shot: there is no next one to merge with.")
        ids = [base[-1], film.ids[index + 1]]
    if not ids and scope.scenes is not None:
        ids = film.scene_shots(scope.scenes)
    if len(ids) < 2:
        ids = list(previous or film.focus)
    ids = sorted(dict.fromkeys(ids), key=film.ids.index)
    if len(ids) < 2:
        raise Ask("Which shots should become one? Say 'merge shots 4 and 5'.")
    positions = [film.ids.index(i) for i in ids]
    if positions != list(range(positions[0], positions[0] + len(positions))):
        raise Ask(f"Only consecutive shots can be merged; {film.label(ids)} are not.")
    if len({film.shots[i].scene for i in ids}) > 1:
        raise Ask(f"{film.label(ids)} belong to different scenes: a shot cannot span a scene change.")
    return [MergeEdit(shots=ids)], f"merge {film.label(ids)} into one shot", ids


def _swap(clause: str, film: Film, ids: list[str]) -> Read:
    if len(ids) == 1 and re.search(r"\bwith the next\b", clause, IC):
        ids.append(film.ids[min(len(film.ids) - 1, film.ids.index(ids[0]) + 1)])
    if len(ids) != 2 or ids[0] == ids[1]:
        raise Ask("Which two shots should swap places? Say 'swap shots 3 and 4'.")
    a, b = sorted(ids, key=film.ids.index)
    before_b = film.ids[film.ids.index(b) - 1]
    edits: list[Edit] = [MoveEdit(shot=b, position="before", anchor=a)]
    if before_b != a:
        edits.append(MoveEdit(shot=a, position="after", anchor=before_b))
    return edits, f"swap {film.label([a])} and {film.label([b])}", [a, b]


def read_move(clause: str, film: Film, previous: list[str] | None) -> Read | None:
    swap, move = _SWAP.search(clause), _MOVE.search(clause)
    if not swap and not move:
        return None
    refs = shot_refs(clause, film)
    if swap:
        return _swap(clause, film, [i for r in refs for i in r.shots])
    where = move.group(2).lower()
    if not refs:
        if not (previous or film.focus):
            raise Ask("Which shot should move? Say 'move shot 5 before shot 2'.")
        refs = [Ref(0, 0, [(previous or film.focus)[0]], "this shot")]
    shot = refs[0].shots[0]
    if where in ("first", "to the start", "to the beginning"):
        position, anchor = "before", film.ids[0]
    elif where in ("last", "to the end"):
        position, anchor = "after", film.ids[-1]
    else:
        if len(refs) < 2:
            raise Ask(f"{where.capitalize()} which shot should {film.label([shot])} go?")
        position = "before" if where in ("before", "ahead of") else "after"
        anchor = refs[1].shots[0]
    if anchor == shot:
        raise Ask(f"{film.label([shot])} is already there.")
    return (
        [MoveEdit(shot=shot, position=position, anchor=anchor)],
        f"move {film.label([shot])} {position} {film.label([anchor])}",
        [shot],
    )


def read_reseed(clause: str, film: Film, previous: list[str] | None) -> Read | None:
    if not _RESEED.search(clause):
        return None
    targets, said = resolve(scope_of(clause, film), film, previous)
    seed = re.search(r"\bseed\s*(?:=|of|to)?\s*(\d+)\b", clause, IC)
    edit = ReseedEdit(shots=targets, seed=int(seed.group(1)) if seed else None)
    take = f"seed {seed.group(1)}" if seed else "the next seed"
    return [edit], f"another take of {said} ({take})", targets
