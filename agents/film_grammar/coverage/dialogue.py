"""Shots of people talking.

A run of dialogue opens on a two-shot (two people) or a master (more), then cuts between
over-the-shoulders and singles on the speakers (shot/reverse-shot), tightening as the exchange
goes on; strong lines get a reaction shot of the listener. Emotional beats go to a close-up,
the quietest to an extreme close-up (reading.emotional_weight). Off-screen and voice-over lines
play over the listeners. Speeches longer than MAX_SHOT_S are cut across shots, alternating
with the listener.
"""

from __future__ import annotations

import math

from storyreel.agents.film_grammar.coverage.drafts import KIND_LABELS, Board, Draft
from storyreel.agents.film_grammar.coverage.reading import (
    MAX_SHOT_S,
    MIN_SHOT_S,
    PARENTHETICAL_BEAT_S,
    SPLIT_SHOT_S,
    clamp,
    emotional_weight,
    is_offscreen,
    snippet,
    speech_seconds,
)
from storyreel.models.camera import LABELS
from storyreel.models.screenplay import Element

OVER_THE_SHOULDER_LINES = 3  # the first lines of an exchange play over a shoulder
STAY_CLOSE_LINES = 7  # after this many lines an exchange stays in close-up


def _pieces(seconds: float) -> int:
    return 1 if seconds <= MAX_SHOT_S else math.ceil(seconds / SPLIT_SHOT_S)


def _group(speakers: list[str]) -> str:
    return "two_shot" if len(speakers) == 2 else ("master" if len(speakers) > 2 else "single")


def speech(
    board: Board, element: Element, previous: Element | None, following: Element | None = None
) -> None:
    """Shots covering one line of dialogue (and the listener's reaction to a strong one)."""
    speakers = board.cast.speakers_of(element)
    weight = emotional_weight(element, previous)
    seconds = speech_seconds(element, board.wps) + (PARENTHETICAL_BEAT_S if weight else 0.0)
    if is_offscreen(element):
        _offscreen(board, element, speakers, seconds, weight)
        return
    board.arrive(speakers)
    board.touch(speakers)
    listener = board.listener(speakers)
    new_exchange = not board.exchange
    board.join_exchange(speakers)
    pieces = _pieces(seconds)
    for p in range(pieces):
        if p == 0:
            draft = _first_piece(board, element, speakers, listener, new_exchange, weight)
        elif p % 2 == 1 and listener is not None:
            draft = _reaction(board, element, listener, speakers, "listens as the speech goes on")
        else:
            draft = _single(board, element, speakers, "close_up" if p >= 2 else "medium")
        draft.duration_s = clamp(seconds / pieces, MIN_SHOT_S, MAX_SHOT_S)
        draft.start_frame, draft.end_frame = _speech_frames(board, draft, speakers, element.text, p, pieces)
        _roles(draft, element, speakers, listener)
        board.add(draft)
    # Reaction of the listener on a strong line (once, and not if the speech was split).
    # (When action follows, that action shows the reaction itself.)
    if weight and pieces == 1 and listener is not None and (following is None or following.type != "action"):
        reaction = _reaction(board, element, listener, speakers, "takes the line in")
        reaction.duration_s = MIN_SHOT_S
        reaction.start_frame = f"{listener} ({board.cast.side(listener)}) hears {speakers[0]}'s line."
        reaction.end_frame = f"{listener} reacts, close-up."
        _roles(reaction, element, speakers, listener)
        board.add(reaction)


def _roles(draft: Draft, element: Element, speakers: list[str], listener: str | None) -> None:
    """Who speaks in the shot and to whom, and the manner of the line for the speakers in frame
    (staging.py turns them into eyelines, and a parenthetical into what the speaker does)."""
    draft.speaker, draft.partner = speakers[0], listener
    manner = " ".join(element.parentheticals)
    draft.manner = {s: manner for s in speakers if s in draft.subjects and manner}


def _first_piece(
    board: Board, element: Element, speakers: list[str], listener: str | None, new_exchange: bool, weight: int
) -> Draft:
    together = len(speakers) > 1
    needs_master = new_exchange and (listener is not None or len(board.present) > 1)
    if weight and board.has_master and not together:
        needs_master = False
    if together or needs_master:
        subjects = (list(speakers) + [p for p in board.present if p not in speakers])[:4]
        kind = _group(subjects)
        framing = "medium" if len(subjects) <= 2 else "full"
        if weight == 2:
            framing = "close_up" if len(subjects) <= 2 else "medium"
        return _talking(board, kind, element, subjects, framing, emphasis=weight > 0)
    if weight:
        return _single(
            board, element, speakers, "extreme_close_up" if weight == 2 else "close_up", emphasis=True
        )
    # Shot/reverse-shot: over-the-shoulders early in the exchange, then singles that
    # alternate medium and close-up, and stay close once the exchange has run a while.
    if listener is not None and board.exchange_lines <= OVER_THE_SHOULDER_LINES:
        return _talking(board, "over_the_shoulder", element, [speakers[0], listener], "medium")
    lines = board.exchange_lines
    return _single(
        board, element, speakers, "close_up" if lines >= STAY_CLOSE_LINES or lines % 2 == 0 else "medium"
    )


def _talking(
    board: Board, kind: str, element: Element, subjects: list[str], framing: str, *, emphasis: bool = False
) -> Draft:
    """A shot of `subjects` while the line is said (frames and length come later)."""
    parentheticals = " ".join(element.parentheticals)
    manner = f" {parentheticals}" if parentheticals else ""
    speaker = element.character or "someone"
    description = (
        f"{KIND_LABELS[kind]}, {LABELS[framing]} on {board.who(subjects)}: {speaker}{manner} says "
        f'"{snippet(element.text, 24)}"'
    )
    return Draft(kind, [element.id], list(subjects), framing, 0, description, "", "", emphasis)


def _single(
    board: Board, element: Element, speakers: list[str], framing: str, *, emphasis: bool = False
) -> Draft:
    return _talking(board, "single", element, speakers, framing, emphasis=emphasis)


def _reaction(board: Board, element: Element, listener: str, speakers: list[str], what: str) -> Draft:
    return Draft(
        "reaction",
        [element.id],
        [listener],
        "close_up",
        0,
        f"Reaction close-up of {listener}, who {what} as {speakers[0]}'s line plays over.",
        "",
        "",
        True,
    )


def _offscreen(board: Board, element: Element, speakers: list[str], seconds: float, weight: int) -> None:
    """A voice heard, not seen: the listeners on screen (or the place) as it speaks."""
    listeners = [p for p in board.present if p not in speakers][:3]
    pieces = _pieces(seconds)
    for p in range(pieces):
        if listeners:
            kind = "reaction"
            framing = "medium" if len(listeners) > 1 else "close_up"
            if p % 2 == 1:
                framing = "close_up" if framing == "medium" else "medium"
        else:
            kind, framing = "cutaway", "long" if p % 2 == 0 else "full"
        who = board.who(listeners) if listeners else board.place
        voice = f"{speakers[0]}'s voice ({element.extension or 'off screen'})"
        board.add(
            Draft(
                kind=kind,
                covers=[element.id],
                subjects=list(listeners),
                framing=framing,
                duration_s=clamp(seconds / pieces, MIN_SHOT_S, MAX_SHOT_S),
                description=f"{KIND_LABELS[kind]}, {LABELS[framing]}: {who} as {voice} says "
                f'"{snippet(element.text, 20)}"',
                start_frame=f'{who} in {board.place}; {voice} begins: "{snippet(element.text, 8)}"',
                end_frame=f'{who}; the voice ends: "{snippet(element.text, 8, tail=True)}"',
                emphasis=weight > 0,
                partner=board.listener(listeners) if len(listeners) == 1 else None,
            )
        )


def _speech_frames(
    board: Board, draft: Draft, speakers: list[str], text: str, piece: int, pieces: int
) -> tuple[str, str]:
    who = board.who(draft.subjects)
    label = LABELS[draft.framing]
    spoken = text.split()
    if pieces > 1:
        size = max(1, len(spoken) // pieces)
        spoken = spoken[piece * size : (piece + 1) * size if piece < pieces - 1 else None]
    part = " ".join(spoken)
    if draft.kind == "reaction":
        return (
            f"{who}, {label}, listening to {speakers[0]} off screen.",
            f'{who}, {label}, taking in "{snippet(part, 8, tail=True)}"',
        )
    return (
        f'{who}, {label}, in {board.place}: {speakers[0]} begins "{snippet(part, 8)}"',
        f'{who}, {label}: {speakers[0]} ends "{snippet(part, 8, tail=True)}"',
    )


def dual(board: Board, first: Element, second: Element) -> None:
    """Dual dialogue: both speakers in one shot, speaking at once."""
    speakers = board.cast.speakers_of(first) + [
        s for s in board.cast.speakers_of(second) if s not in board.cast.speakers_of(first)
    ]
    board.arrive(speakers)
    board.join_exchange(speakers)
    seconds = max(speech_seconds(first, board.wps), speech_seconds(second, board.wps))
    subjects = speakers[:4]
    kind = _group(subjects)
    framing = "medium" if len(subjects) <= 2 else "full"
    who = board.who(subjects)
    board.add(
        Draft(
            kind,
            [first.id, second.id],
            subjects,
            framing,
            clamp(seconds, MIN_SHOT_S, MAX_SHOT_S),
            f"{KIND_LABELS[kind]}, {LABELS[framing]} on {who}: they speak at once, "
            f'"{snippet(first.text, 10)}" / "{snippet(second.text, 10)}"',
            f"{who}, both about to speak.",
            f"{who}, both finishing at once.",
            manner={
                s: " ".join(e.parentheticals)
                for e in (first, second)
                for s in board.cast.speakers_of(e)
                if s in subjects and e.parentheticals
            },
        )
    )
