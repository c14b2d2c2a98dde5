"""Shots of places and of what happens: establishing shots, action sized by what it shows,
lyrics sung over the people present, montage items.

Action is covered by shots sized by what happens: wide for big movement, close for a face,
an insert for a detail (INSERT_DETAILS), medium for business; long paragraphs are split at
sentence ends into pieces of about SPLIT_SHOT_S. POV and INSERT headings make every action shot
of the scene that kind.
"""

from __future__ import annotations

import re

from storyreel.agents.film_grammar.coverage.cast import PRONOUN_PATTERNS
from storyreel.agents.film_grammar.coverage.drafts import KIND_LABELS, Board, Draft, group_kind
from storyreel.agents.film_grammar.coverage.reading import (
    ACTION_WORDS_PER_SECOND_FACTOR,
    BIG_MOVE,
    BUSINESS,
    DETAIL,
    ESTABLISHING_S,
    FACE,
    MAX_SHOT_S,
    MIN_SHOT_S,
    MONTAGE,
    MONTAGE_S,
    READABLE,
    SPLIT_SHOT_S,
    action_seconds,
    clamp,
    sentences,
    snippet,
    words,
)
from storyreel.models.camera import LABELS
from storyreel.models.screenplay import Element

CLOSE_WORDS = 20  # an action line this short can be a close-up of a face or an insert
READ_CLOSE_WORDS = 12  # an insert this short is read at extreme close-up
MONTAGE_FRAMINGS = ("long", "medium", "close_up", "full", "extreme_close_up", "medium")


def establish(board: Board, element: Element | None) -> None:
    """The establishing shot of the place, showing its opening description when there is one."""
    framing = "extreme_long" if board.exterior else "long"
    covers = [element.id] if element is not None else []
    seconds = action_seconds(element.text, board.wps) if element is not None else 0.0
    duration = clamp(max(ESTABLISHING_S[0] + 1.0, seconds), *ESTABLISHING_S) if element else 3.0
    text = element.text if element is not None else ""
    board.add(
        Draft(
            kind="establishing",
            covers=covers,
            subjects=[],
            framing=framing,
            duration_s=duration,
            description=f"Establishing {LABELS[framing]} of {board.place}."
            + (f" {snippet(text, 30)}" if text else ""),
            start_frame=f"{board.place} seen whole, {LABELS[framing]}"
            + (f": {snippet(sentences(text)[0], 16)}" if text else "."),
            end_frame=f"{board.place}, the geography clear"
            + (f": {snippet(sentences(text)[-1], 16, tail=True)}" if text else "."),
            action=text,
        )
    )


def master_of_place(board: Board) -> None:
    """An empty scene at a place already seen: a master of the place."""
    board.add(
        Draft(
            kind="master",
            covers=[],
            subjects=[],
            framing="long",
            duration_s=ESTABLISHING_S[0],
            description=f"Master long shot of {board.place}; nothing happens yet.",
            start_frame=f"{board.place}, empty, long shot.",
            end_frame=f"{board.place}, unchanged.",
        )
    )


def _pieces(text: str, wps: float) -> list[str]:
    """A long paragraph split at sentence ends into pieces of about SPLIT_SHOT_S."""
    if action_seconds(text, wps) <= MAX_SHOT_S:
        return [text]
    budget = SPLIT_SHOT_S * wps * ACTION_WORDS_PER_SECOND_FACTOR
    pieces, current = [], []
    for sentence in sentences(text):
        if current and words(" ".join(current + [sentence])) > budget:
            pieces.append(" ".join(current))
            current = []
        current.append(sentence)
    if current:
        pieces.append(" ".join(current))
    return pieces


def action(board: Board, element: Element, kind_override: str | None = None) -> None:
    """Shots covering an action paragraph (`kind_override`: 'pov' or 'insert' from the heading)."""
    text = " ".join(element.text.split())
    if not text:
        return
    board.arrive(board.cast.mentioned(text))
    board.exchange, board.exchange_lines = [], 0
    for piece in _pieces(text, board.wps):
        _action_piece(board, element, piece, kind_override)


def _subjects(board: Board, text: str) -> list[str]:
    """The people a piece of action is about: named, or the last one seen that a pronoun fits."""
    subjects = board.cast.mentioned(text)
    for gender, pronouns in PRONOUN_PATTERNS.items():
        if pronouns.search(text) and not any(board.cast.gender.get(n) == gender for n in subjects):
            candidates = [n for n in reversed(board.recent) if board.cast.gender.get(n) == gender]
            if candidates:
                subjects.append(candidates[0])
    return subjects


def _size(
    board: Board, text: str, subjects: list[str], kind_override: str | None
) -> tuple[str, str, list[str]]:
    """(kind, framing, subjects) of a piece of action, by what it shows."""
    count = words(text)
    big = bool(BIG_MOVE.search(text))
    if kind_override == "pov":
        return "pov", ("long" if big or not subjects else "medium"), []
    if kind_override == "insert":
        close = count <= READ_CLOSE_WORDS or READABLE.search(text)
        return "insert", ("extreme_close_up" if close else "close_up"), []
    if big:
        return group_kind(subjects), ("long" if (board.exterior or len(subjects) != 1) else "full"), subjects
    if FACE.search(text) and subjects and count <= CLOSE_WORDS:
        return group_kind(subjects), {1: "close_up", 2: "medium"}.get(len(subjects), "full"), subjects
    if DETAIL.search(text) and count <= CLOSE_WORDS:
        return "insert", "close_up", []
    if not subjects:
        return "cutaway", ("full" if count > 10 else "medium"), subjects
    framing = "medium" if BUSINESS.search(text) or len(subjects) <= 2 else "full"
    return group_kind(subjects), framing, subjects


def _action_piece(board: Board, element: Element, text: str, kind_override: str | None) -> None:
    subjects = _subjects(board, text)
    board.arrive(subjects)
    board.touch(subjects)
    face = bool(FACE.search(text))
    kind, framing, subjects = _size(board, text, subjects, kind_override)
    duration = clamp(action_seconds(text, board.wps), 2.0 if kind != "insert" else MIN_SHOT_S, MAX_SHOT_S)
    # Frames show the moment, not the asides introducing people: "(20s, bike courier)".
    moments = sentences(re.sub(r"\s*\([^()]*\)", "", text)) or [text]
    who = board.who(subjects)
    board.add(
        Draft(
            kind=kind,
            covers=[element.id],
            subjects=subjects,
            framing=framing,
            duration_s=duration,
            description=f"{KIND_LABELS[kind]}{board.through()}, {LABELS[framing]}: {snippet(text, 30)}",
            start_frame=f"{who} in {board.place}: {snippet(moments[0], 16)}",
            end_frame=f"{who}: {snippet(moments[-1], 16, tail=True)}",
            emphasis=face and framing in ("close_up", "extreme_close_up"),
            partner=board.listener(subjects) if len(subjects) == 1 else None,
            action=text,
        )
    )


def lyric(board: Board, element: Element) -> None:
    """A sung line: the people present as the song goes."""
    subjects = board.present[:3]
    kind = group_kind(subjects) if subjects else "cutaway"
    framing = "medium" if len(subjects) <= 2 else "full"
    seconds = clamp(words(element.text) / board.wps, MIN_SHOT_S, MAX_SHOT_S)
    who = board.who(subjects) if subjects else board.place
    board.add(
        Draft(
            kind,
            [element.id],
            subjects,
            framing,
            seconds,
            f'{KIND_LABELS[kind]}, {LABELS[framing]}: {who} as the song goes: "{snippet(element.text, 16)}"',
            f'{who}, singing begins: "{snippet(element.text, 8)}"',
            f'{who}, the line ends: "{snippet(element.text, 8, tail=True)}"',
        )
    )


def montage(board: Board, element: Element) -> None:
    """One short shot per montage item (a listed line, or a sentence)."""
    items = [i.strip(" -–—•*\t") for i in re.split(r"\n|(?:^|\s)[-–—•]\s+", element.text)]
    items = [i for i in items if i and not MONTAGE.fullmatch(i.strip(" :.-"))]
    if len(items) <= 1:
        items = sentences(element.text) or [element.text]
    for n, item in enumerate(items):
        framing = MONTAGE_FRAMINGS[(len(board.drafts) + n) % len(MONTAGE_FRAMINGS)]
        subjects = board.cast.mentioned(item)
        board.arrive(subjects)
        who = board.who(subjects) if subjects else board.place
        board.add(
            Draft(
                "montage",
                [element.id],
                subjects,
                framing,
                clamp(action_seconds(item, board.wps) * 0.5, *MONTAGE_S),
                f"Montage, {LABELS[framing]}: {snippet(item, 20)}",
                f"{who}: {snippet(item, 10)}",
                f"{who}: {snippet(item, 10, tail=True)}",
                action=item,
            )
        )
