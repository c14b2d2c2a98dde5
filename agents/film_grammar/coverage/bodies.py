"""What the action says bodies do: who moves and which way, who sits, lies or kneels (and gets
up again), whom they look at, and what is in their hands.

The script is read the way a first assistant director breaks it down for blocking, one sentence
at a time: a body's verb (a word of the lexicon carrying RUN, SIT, GAZE, ...) belongs to the
people named just before it ("Nell and Danny freeze"), or to the one a pronoun opening the
clause stands for ("She takes it"); a parenthetical belongs to whoever says the line. A verb
after "ready to", "doesn't" (lexicon.action.UNDONE) is not done. What is read is only what the
words say; the staging (staging.py) turns it into placements and fills what they leave open.

Reading is in script order with a memory (`Reader`): the people named or heard speak so far, so a
pronoun in the next paragraph still finds the latest person it fits (by gender where the cast
knows it), and the last thing named that can be held, so "takes it" finds the beer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from storyreel.agents.film_grammar.coverage.cast import Cast
from storyreel.agents.film_grammar.coverage.reading import sentences
from storyreel.agents.film_grammar.lexicon import alternation, words_pattern
from storyreel.agents.film_grammar.lexicon.action import LEFTWARD, RIGHTWARD, UNDONE, Cue, cue_pattern
from storyreel.agents.film_grammar.lexicon.objects import HELD_IN, RESTING, THINGS
from storyreel.agents.film_grammar.lexicon.script import PRONOUNS

# The motion of a shot, by the first of these meanings the text gives a body (an entrance or an
# exit is the motion even when the body also runs or turns on the way).
MOTIONS: tuple[tuple[Cue, str], ...] = (
    (Cue.ARRIVE, "enter"),
    (Cue.DEPART, "exit"),
    (Cue.RUN, "run"),
    (Cue.WALK | Cue.TOWARD, "walk"),
    (Cue.PIVOT, "turn"),
)
# The pose a body is left in: the last of these the text gives it.
POSES: tuple[tuple[Cue, str], ...] = (
    (Cue.SIT, "sit"),
    (Cue.LIE, "lie"),
    (Cue.KNEEL, "kneel"),
    (Cue.STAND, "stand"),
)
# Where the eyes go, when the text says: the last of these it gives a body.
LOOKS: tuple[tuple[Cue, str], ...] = (
    (Cue.ADDRESS, "camera"),  # into the lens
    (Cue.BACK_TURNED, "away"),  # their back to us
    (Cue.AVERT, "averted"),  # turned from the one they would face
    (Cue.GAZE, "gaze"),  # at someone (`Body.at`) or at something
)

_MOTION_PATTERNS = tuple((cue_pattern(cue), motion) for cue, motion in MOTIONS)
_POSE_PATTERNS = tuple((cue_pattern(cue), pose) for cue, pose in POSES)
_LOOK_PATTERNS = tuple((cue_pattern(cue), look) for cue, look in LOOKS)
_SIT = cue_pattern(Cue.SIT)
_HANDLING = cue_pattern(Cue.BUSINESS)
_LEFTWARD = words_pattern(LEFTWARD)
_RIGHTWARD = words_pattern(RIGHTWARD)
_UNDONE = re.compile(rf"\b{alternation(UNDONE)}\s+(?:\w+\s+)?$", re.IGNORECASE)
_SUBJECT_PRONOUN = re.compile(r"\b(she|he|they)\b", re.IGNORECASE)
_PRONOUN_WORDS = ("she", "he", "they")
_CLAUSE_OPENS = re.compile(
    r"(?:^|[,;:(]|--|\b(?:and|but|while|as|then|when|until|so|before|after))\s*$", re.IGNORECASE
)
_SEATED_ON = re.compile(r"^\s*(?:down\s+)?(?:on|onto|upon|in|into|astride)\b", re.IGNORECASE)
_SAT_ON = re.compile(r"\b(?:on|onto|upon|in|into)\s*$", re.IGNORECASE)  # the verb says it: 'sinks onto'
_RELEASE = cue_pattern(Cue.RELEASE)
_IT_INSIDE = re.compile(r"\b(?:it|them)\b", re.IGNORECASE)
_GENDER = {form: gender for gender, forms in PRONOUNS.items() for form in forms}
_JOINED = re.compile(r"^\s*(?:,|and|&|,\s*and)\s*$", re.IGNORECASE)
_BEFORE_TARGET = re.compile(
    r"^\s*(?:(?:up|down|across|over|back|straight|right|out)\s+)?(?:(?:at|toward|towards|to|after)\s+)?",
    re.IGNORECASE,
)
_OBJECT_PRONOUN = re.compile(r"^(him|her|them)\b", re.IGNORECASE)
_RESTING = re.compile(rf"\b{alternation(RESTING)}\s+(?:[\w'-]+\s+){{0,2}}$", re.IGNORECASE)
_HELD_IN = re.compile(
    rf"^[^.;]{{0,30}}?\b(?:in|between)\s+(her|his|their)\s+{alternation(HELD_IN)}\b", re.IGNORECASE
)
_IT = re.compile(r"^\s+(?:out\s+|up\s+|over\s+)?it\b", re.IGNORECASE)
SEAT_WORDS = 4  # what someone sits on is named within this many words of the verb
SEAT_REACH = 24  # ... and within this many characters ('on an upturned bucket')


def _forms(noun: str) -> tuple[str, ...]:
    """A noun and its plural ('box', 'boxes'); a word ending in 'ss' keeps one form ('glasses'
    are eyewear more often than drinks)."""
    if noun.endswith("ss"):
        return (noun,)
    if re.search(r"(?:s|x|ch|sh|z)$", noun):
        return noun, noun + "es"
    if re.search(r"[^aeiou]y$", noun):
        return noun, noun[:-1] + "ies"
    return noun, noun + "s"


_NOUN_OF = {form: noun for noun in THINGS for form in _forms(noun)}
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_LONGEST = max(len(form.split()) for form in _NOUN_OF)


@dataclass(frozen=True)
class Mention:
    """A thing the text names: its noun in the lexicon (`THINGS`), as written, and where."""

    noun: str
    text: str
    start: int
    end: int


def things(text: str) -> list[Mention]:
    """Every object word of the lexicon in `text`, in order (compounds win over their parts)."""
    return list(_things(text))


@lru_cache(maxsize=4096)  # a scene's lines are read again for every shot that covers them
def _things(text: str) -> tuple[Mention, ...]:
    # Word by word, the longest compound first ('car keys' before 'car'): a look-up per word,
    # where one pattern of every form would try each form at every word.
    words = list(_WORD.finditer(text))
    found, i = [], 0
    while i < len(words):
        for n in range(min(_LONGEST, len(words) - i), 0, -1):
            start, end = words[i].start(), words[i + n - 1].end()
            written = " ".join(text[start:end].lower().split())
            if written in _NOUN_OF:
                found.append(Mention(_NOUN_OF[written], written, start, end))
                i += n
                break
        else:
            i += 1
    return tuple(found)


@dataclass
class Body:
    """What one character's body does over one shot, as far as the text says."""

    motion: str = "still"
    direction: str | None = None  # 'left' or 'right': the screen direction the text gives travel
    toward: str | None = None  # the person they move toward
    pose: str | None = None  # the pose the text leaves them in (None: as they were)
    look: str | None = None  # 'camera', 'away', 'averted', 'gaze' (at `at` or `at_thing`) or 'turn'
    at: str | None = None  # whom they look or turn to, when it is a person
    at_thing: str | None = None  # the noun of what they look or turn to, when it is a thing
    holding: str | None = None  # the noun of the thing in their hands at the end of the shot
    released: bool = False  # they let go of what they held
    gripped: int = 0  # when they last took something, in reading order (the later hand wins)


@dataclass(frozen=True)
class _Word:
    """A body's word in a sentence: where, what kind ('motion', 'pose', 'look', 'grip',
    'release') and its value (a motion, a pose, a look, the noun gripped)."""

    at: int
    kind: str
    value: str
    end: int
    subject_at: int | None = None  # where its subject is looked for, when not at `at`


@dataclass
class Reader:
    """Reads a scene's text in script order, remembering who and what a pronoun can stand for:
    the people named or heard so far (`saw`), the latest last, and the last thing taken."""

    cast: Cast
    last_thing: str | None = None  # the last thing named that can be held ('takes it')
    seen: list[str] = field(default_factory=list)  # everyone named so far, the latest last
    grips: int = 0  # how many times something has been taken so far

    def read(
        self,
        action: str,
        subjects: list[str],
        manner: dict[str, str] | None = None,
        held: set[str] | None = None,
    ) -> dict[str, Body]:
        """What each body does in a shot: `action` is the action it shows, `manner` each
        speaker's parentheticals, `held` the nouns that can be held on this set."""
        bodies: dict[str, Body] = {}
        for speaker, text in (manner or {}).items():
            for sentence in sentences(text):
                self._sentence(sentence, subjects, bodies, held or set(), speaker=speaker)
        for sentence in sentences(action):
            self._sentence(sentence, subjects, bodies, held or set())
        return bodies

    def actors_at(self, text: str, at: int, subjects: list[str] | None = None) -> list[str]:
        """Who does what a sentence says at `at` (see `_actors`)."""
        return self._actors(text, at, subjects or [])

    # -- one sentence ---------------------------------------------------------------------------

    def _sentence(
        self,
        text: str,
        subjects: list[str],
        bodies: dict[str, Body],
        held: set[str],
        speaker: str | None = None,
    ) -> None:
        # The body's words in the order the sentence says them: a later pose, look or grip wins.
        for word in self._words(text, held):
            anywhere = word.kind == "grip"
            at = word.at if word.subject_at is None else word.subject_at
            for name in [speaker] if speaker else self._actors(text, at, subjects, anywhere=anywhere):
                self._apply(bodies.setdefault(name, Body()), word, text, subjects, name)
            if word.kind == "grip":
                self.last_thing = word.value
        for _, _, name in self._mentions(text):
            self.saw(name)

    def saw(self, name: str) -> None:
        """`name` was just named or heard: the nearest antecedent of a pronoun that fits."""
        if name in self.seen:
            self.seen.remove(name)
        self.seen.append(name)

    def _words(self, text: str, held: set[str]) -> list[_Word]:
        words = [
            _Word(match.start(), kind, value, match.end())
            for kind, table in (
                ("motion", _MOTION_PATTERNS),
                ("pose", _POSE_PATTERNS),
                ("look", _LOOK_PATTERNS),
            )
            for pattern, value in table
            for match in _done(pattern, text)
        ]
        # A release counts where it ends ('puts the bottle down'): after the grip inside it.
        words += [_Word(m.end(), "release", "", m.end(), m.start()) for m in _done(_RELEASE, text)]
        # A thing that can be held is gripped by whoever the sentence has handle it, unless the
        # words before it say where it rests; 'it' after a handling verb is the last one named.
        words += [
            _Word(m.start, "grip", m.noun, m.end)
            for m in things(text)
            if m.noun in held and not _RESTING.search(text[: m.start])
        ]
        if self.last_thing is not None:
            for match in _HANDLING.finditer(text):
                if _IT.match(text[match.end() :]) or _IT_INSIDE.search(match.group(0)):
                    words.append(_Word(match.start(), "grip", self.last_thing, match.end()))
        return sorted(words, key=lambda w: (w.at, w.kind))

    def _apply(self, body: Body, word: _Word, text: str, subjects: list[str], name: str) -> None:
        """One word of the sentence done by `name`'s body."""
        rest = text[word.end :]
        if word.kind == "motion":
            order = [m for _, m in MOTIONS]
            if body.motion == "still" or order.index(word.value) < order.index(body.motion):
                body.motion = word.value
            if _LEFTWARD.search(text):
                body.direction = "left"
            elif _RIGHTWARD.search(text):
                body.direction = "right"
            if word.value == "walk":
                body.toward = body.toward or self._target(rest, subjects, name)
            if word.value == "turn":
                body.look, body.at, body.at_thing = (
                    "turn",
                    self._target(rest, subjects, name),
                    _thing_after(rest),
                )
        elif word.kind == "pose":
            body.pose = word.value
        elif word.kind == "look":
            body.look = word.value
            body.at = self._target(rest, subjects, name) if word.value == "gaze" else None
            body.at_thing = _thing_after(rest) if word.value == "gaze" and body.at is None else None
        elif word.kind == "grip":
            self.grips += 1
            body.holding, body.released, body.gripped = word.value, False, self.grips
        else:
            body.holding, body.released = None, True

    # -- who --------------------------------------------------------------------------------------

    def _mentions(self, text: str) -> list[tuple[int, int, str]]:
        if self.cast.mention is None:
            return []
        return [
            (m.start(), m.end(), self.cast.mention_names[m.group(0)])
            for m in self.cast.mention.finditer(text)
        ]

    def _actors(self, text: str, at: int, subjects: list[str], anywhere: bool = False) -> list[str]:
        """Who does what is said at `at`: the subject of its clause. That is the nearest name (or
        names joined by 'and': 'Nell and Danny') or subject pronoun before it which opens the
        sentence or a clause of it; a name after a verb ('walks toward Ruth and sits') is an
        object, not who sits. With `anywhere` (a thing held), when nothing before it says, whose
        hands the sentence puts it in ('The envelope is still in her fist')."""
        candidates = self._candidates(text)
        before = [c for c in candidates if c[1] <= at]
        for index in range(len(before) - 1, -1, -1):
            start, _, names = before[index]
            if index == 0 or _CLAUSE_OPENS.search(text[:start]):
                return self._who(names, text[:start], subjects)
        held_in = _HELD_IN.match(text[at:]) if anywhere else None
        if held_in is not None:
            return self._resolve(held_in.group(1), text[: at + held_in.start(1)], subjects)
        return []

    def _candidates(self, text: str) -> list[tuple[int, int, list[str]]]:
        """Who a sentence may be about, in order: groups of names ('Nell and Danny'), and subject
        pronouns (as [pronoun])."""
        found: list[tuple[int, int, list[str]]] = []
        for start, end, name in self._mentions(text):
            if found and found[-1][2][0] not in _PRONOUN_WORDS and _JOINED.match(text[found[-1][1] : start]):
                found[-1] = (found[-1][0], end, [*found[-1][2], name])
            else:
                found.append((start, end, [name]))
        found += [(m.start(), m.end(), [m.group(1).lower()]) for m in _SUBJECT_PRONOUN.finditer(text)]
        return sorted(found)

    def _who(self, names: list[str], before: str, subjects: list[str]) -> list[str]:
        if names[0] in _PRONOUN_WORDS:
            return self._resolve(names[0], before, subjects)
        return list(dict.fromkeys(names))

    def _resolve(
        self, pronoun: str, before: str, subjects: list[str], exclude: str | None = None
    ) -> list[str]:
        """The person (or people, for 'they') a pronoun stands for."""
        word = pronoun.lower()
        if word in ("they", "them", "their"):
            return [s for s in subjects if s != exclude] if len(subjects) > 1 else []
        gender = _GENDER.get(word)
        named = [name for _, _, name in self._mentions(before)]
        recent = [*reversed(named), *reversed(self.seen), *subjects]
        for name in recent:  # the latest named whose gender fits, or is not known
            if name != exclude and self.cast.gender.get(name) in (gender, None):
                return [name]
        return []

    def _target(self, rest: str, subjects: list[str], actor: str) -> str | None:
        """The person named (or meant by 'him', 'her') right after a look, a turn or an approach."""
        rest = _BEFORE_TARGET.sub("", rest, count=1)
        if self.cast.mention is not None:
            named = self.cast.mention.match(rest)
            if named is not None:
                name = self.cast.mention_names[named.group(0)]
                return name if name != actor else None
        pronoun = _OBJECT_PRONOUN.match(rest)
        if pronoun is not None:
            found = self._resolve(pronoun.group(1), "", subjects, exclude=actor)
            return found[0] if len(found) == 1 else None
        return None


def _done(pattern: re.Pattern[str], text: str) -> list[re.Match[str]]:
    """Matches of `pattern` whose verb is done, not only meant ('ready to run')."""
    return [m for m in pattern.finditer(text) if not _UNDONE.search(text[: m.start()])]


def _thing_after(rest: str) -> str | None:
    """The thing named right after a look or a turn ('at the dashboard', 'to the window')."""
    found = things(" ".join(_BEFORE_TARGET.sub("", rest, count=1).split()[:3]))
    return found[0].noun if found else None


def seat_of(text: str, match_end: int) -> Mention | None:
    """The thing someone sits on: named right after the verb, on or in it ('sits on an upturned
    bucket', 'sinks onto the bucket'); at or beside a thing is not on it."""
    rest = text[match_end:]
    if not _SEATED_ON.match(rest) and not _SAT_ON.search(text[:match_end]):
        return None
    window = " ".join(_SEATED_ON.sub("", rest, count=1).split()[:SEAT_WORDS])
    found = things(window)
    return found[0] if found and window.lower().find(found[0].text) <= SEAT_REACH else None


def sittings(text: str) -> list[re.Match[str]]:
    """Where `text` has someone sit (the verbs that are done)."""
    return _done(_SIT, text)
