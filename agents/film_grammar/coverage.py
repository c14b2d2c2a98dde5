"""Coverage: how the rules brain breaks one scene into storyboard shots.

The grammar, in the order a scene is read:

1. A new place opens on an establishing shot (extreme long outside, long inside); an empty
   scene is just that shot (or a master of the place when the place is not new).
2. Every character of the scene gets a screen side once (first speaker left, second right, the
   others center, then alternating) and keeps it in every shot of the scene: the 180-degree rule.
3. A run of dialogue opens on a two-shot (two people) or a master (more), then cuts between
   over-the-shoulders and singles on the speakers (shot/reverse-shot), tightening as the
   exchange goes on; strong lines get a reaction shot of the listener.
4. Emotional beats (parentheticals such as (quietly), (barely), (tearful); exclamations; a
   short line after a long silence or a long stretch of action) go to a close-up, the quietest
   ones to an extreme close-up.
5. Off-screen and voice-over lines play over the listeners.
6. Action is covered by shots sized by what happens: wide for big movement, medium for business,
   close for a face or a detail; long paragraphs are split across shots.
7. POV headings give pov shots, INSERT headings insert shots (close-up or extreme close-up),
   MONTAGE / SERIES OF SHOTS give several short montage shots.
8. Durations come from the words: speech at `words_per_second` plus a beat per parenthetical,
   action a little slower; 1.5 s to 12 s a shot, longer speeches are split.
9. Never the same framing three shots in a row.

Everything is a pure function of its inputs; the script's text is only ever quoted.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from itertools import pairwise

from storyreel.agents.film_grammar.bible import location_name
from storyreel.agents.schemas import BoardShot, StoryboardOutput
from storyreel.models.bible import Bible
from storyreel.models.camera import LABELS
from storyreel.models.plan import Placement
from storyreel.models.screenplay import Element, Scene

MIN_SHOT_S = 1.5
MAX_SHOT_S = 12.0
SPLIT_SHOT_S = 9.0  # a speech or action longer than MAX_SHOT_S is cut into pieces about this long
PARENTHETICAL_BEAT_S = 0.5
ACTION_WORDS_PER_SECOND_FACTOR = 1.2  # action plays a little faster than dialogue is spoken
ESTABLISHING_S = (3.0, 8.0)
MONTAGE_S = (1.5, 3.0)

FRAMINGS_WIDE_TO_TIGHT = ("extreme_long", "long", "full", "medium", "close_up", "extreme_close_up")

# 1. Reading the text --------------------------------------------------------------------------

_POV = re.compile(r"\bPOV\b|\bPOINT OF VIEW\b", re.IGNORECASE)
_INSERT = re.compile(r"^\s*(?:INSERT|CLOSE ON|CLOSE-UP|EXTREME CLOSE|ECU|CU)\b", re.IGNORECASE)
_MONTAGE = re.compile(r"\b(?:MONTAGE|SERIES OF SHOTS|QUICK CUTS)\b", re.IGNORECASE)
_MONTAGE_END = re.compile(
    r"^\s*(?:END (?:OF )?(?:MONTAGE|SERIES OF SHOTS|QUICK CUTS)|BACK TO (?:SCENE|PRESENT))\b",
    re.IGNORECASE,
)
_OFFSCREEN = re.compile(r"\b(?:V\.?\s?O|O\.?\s?S|O\.?\s?C)\b\.?", re.IGNORECASE)
_EMOTIONAL = re.compile(
    r"\b(quiet|quietly|barely|whisper\w*|tearful\w*|tears?|crying|cries|sob\w*|soft|softly|"
    r"hushed|trembl\w*|shaking|choked?|choking|broken|breaking|beat|pause|to (?:him|her|them)self|"
    r"smile\w*|laugh\w*|grin\w*|gently|moved|hurt|stunned|shocked|horrified|afraid|scared|"
    r"desperate\w*|pleading|fierce\w*|furious\w*|angr\w*|shout\w*|scream\w*|yell\w*|firm\w*|"
    r"cold\w*|stricken|numb|almost inaudible|under (?:his|her|their) breath)\b",
    re.IGNORECASE,
)
_QUIETEST = re.compile(
    r"\b(barely|whisper\w*|almost inaudible|under (?:his|her|their) breath|to (?:him|her|them)self)\b",
    re.IGNORECASE,
)
_SILENCE = re.compile(
    r"\b(silence|a beat|beat\.|a long moment|a moment|pause|long, terrible|still)\b", re.IGNORECASE
)
_BIG_MOVE = re.compile(
    r"\b(runs?|running|sprints?|sprinting|races?|racing|chases?|chasing|leaps?|leaping|jumps?|"
    r"jumping|vaults?|dives?|falls?|falling|collapses?|crash\w*|explod\w*|drives? (?:off|away)|"
    r"speeds?|flees?|fleeing|escapes?|climbs?|storms?|charges?|rushes?|bolts?|scrambles?|"
    r"tumbles?|rolls?|spins?|skids?|billows?|rips?|rain(?:s)? down|shatter\w*|crowd|limps? up|"
    r"flies|fly|soars?|swoops?|gallops?|marches?|arrives?|enters?|leaves?|walks? (?:in|out|away|off)|"
    r"disappears?)\b",
    re.IGNORECASE,
)
_BUSINESS = re.compile(
    r"\b(picks? up|opens?|closes?|pours?|drinks?|drains?|types?|writes?|reads?|checks?|tunes?|"
    r"plays?|hands?|takes?|gives?|holds?|sits?|stands?|kneels?|presses?|turns? the|pops?|wipes?|"
    r"cracks?|sends?|counts? in|sings?|orders?|grabs?|slides?|paces?|leans?|puts?)\b",
    re.IGNORECASE,
)
_FACE = re.compile(
    r"\b(goes (?:very )?still|freezes?|stares?|glares?|looks? at|eyes|tears?|cries|crying|sobs?|"
    r"laughs?|smiles?|flinch\w*|realis\w*|realiz\w*|swallows?|blinks?|winces?|face|sees it|hears it)\b",
    re.IGNORECASE,
)
_DETAIL = re.compile(
    r"\b(dashboard|screen|phone|key|keys|letter|envelope|photograph|photo|note|ring|watch|clock|"
    r"dipstick|receipt|glovebox|cassette|tape|button|trigger|label|address|handwriting|badge|"
    r"gun|knife|bottle|glass|cup)\b",
    re.IGNORECASE,
)
_SENTENCE = re.compile(r"(?<=[.!?…])\s+(?=\S)")


def _words(text: str) -> int:
    return len(text.split())


def _snippet(text: str, words: int = 12, tail: bool = False) -> str:
    parts = " ".join(text.split()).split(" ")
    if len(parts) <= words:
        return " ".join(parts)
    return ("... " + " ".join(parts[-words:])) if tail else (" ".join(parts[:words]) + " ...")


def _sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE.split(" ".join(text.split())) if s]


def _clamp(value: float, low: float, high: float) -> float:
    return round(min(high, max(low, value)), 2)


def _speech_seconds(element: Element, words_per_second: float) -> float:
    seconds = _words(element.text) / words_per_second
    seconds += PARENTHETICAL_BEAT_S * len(element.parentheticals)
    return seconds


def _action_seconds(text: str, words_per_second: float) -> float:
    """Screen time of action: its words less the asides introducing people ('(40s, ...)')."""
    return _words(re.sub(r"\([^()]*\)", " ", text)) / (words_per_second * ACTION_WORDS_PER_SECOND_FACTOR)


def is_offscreen(element: Element) -> bool:
    """A voice-over or off-screen line: the speaker is heard, not seen."""
    return bool(element.extension and _OFFSCREEN.search(element.extension)) or bool(
        element.cue and _OFFSCREEN.search(element.cue.split(element.character or "", 1)[-1])
    )


def emotional_weight(element: Element, previous: Element | None) -> int:
    """0 none, 1 an emotional beat (close-up), 2 the quietest beats (extreme close-up)."""
    parentheticals = " ".join(element.parentheticals)
    short = _words(element.text) <= 4
    after_silence = (
        previous is not None
        and previous.type == "action"
        and (_words(previous.text) >= 25 or bool(_SILENCE.search(previous.text)))
    )
    if parentheticals and _QUIETEST.search(parentheticals):
        return 2 if short else 1
    if parentheticals and _EMOTIONAL.search(parentheticals):
        return 1
    if "!" in element.text:
        return 1
    if short and after_silence:
        return 1
    return 0


# 2. The scene's cast and sides ----------------------------------------------------------------


@dataclass
class _Cast:
    """Who is in the scene, their bible names and their screen sides (the 180-degree rule)."""

    names: dict[str, str]  # screenplay name -> bible name
    groups: dict[str, list[str]]  # group cue ('ROSA AND THEO') -> member bible names
    sides: dict[str, str] = field(default_factory=dict)
    mention: re.Pattern[str] | None = None
    mention_names: dict[str, str] = field(default_factory=dict)  # spelling in action -> bible name
    gender: dict[str, str] = field(default_factory=dict)  # bible name -> 'f' or 'm' when the text says

    def side(self, name: str) -> str:
        if name not in self.sides:
            order = ("left", "right", "center")
            n = len(self.sides)
            self.sides[name] = order[n] if n < 3 else ("left", "right")[(n - 3) % 2]
        return self.sides[name]

    def blocking(self, subjects: list[str]) -> list[Placement]:
        return [Placement(character=s, side=self.side(s)) for s in subjects]  # type: ignore[arg-type]

    def speakers_of(self, element: Element) -> list[str]:
        name = element.character or ""
        if name in self.groups:
            return list(self.groups[name])
        return [self.names.get(name, name.upper() or "UNNAMED")]

    def mentioned(self, text: str) -> list[str]:
        if self.mention is None:
            return []
        out: list[str] = []
        for match in self.mention.finditer(text):
            name = self.mention_names[match.group(0)]
            if name not in out:
                out.append(name)
        return out


_SHE = re.compile(r"\b(she|her|hers|herself)\b", re.IGNORECASE)
_HE = re.compile(r"\b(he|him|his|himself)\b", re.IGNORECASE)


def _pronoun(text: str) -> str | None:
    """'f' or 'm' from the first personal pronoun in `text`, None without one."""
    she, he = _SHE.search(text), _HE.search(text)
    if she and (not he or she.start() < he.start()):
        return "f"
    if he:
        return "m"
    return None


def _cast(scene: Scene, bible: Bible, previous: BoardShot | None = None) -> _Cast:
    sheet_names = [c.name for c in bible.characters]
    by_upper = {n.upper(): n for n in sheet_names}
    names: dict[str, str] = {}
    groups: dict[str, list[str]] = {}

    def resolve(name: str) -> str:
        return by_upper.get(
            name.upper(), by_upper.get(" ".join(name.split()).upper(), name.upper() or "UNNAMED")
        )

    speakers: list[str] = []
    for element in scene.elements:
        if element.type != "dialogue" or not element.character:
            continue
        name = element.character
        if name not in names and name not in groups:
            members = [m for m in re.split(r"\s+(?:AND|&)\s+", name) if m]
            if len(members) > 1 and all(m.upper() in by_upper for m in members):
                groups[name] = [by_upper[m.upper()] for m in members]
            else:
                names[name] = resolve(name)
        if not is_offscreen(element):
            for speaker in groups.get(name) or [names[name]]:
                if speaker not in speakers:
                    speakers.append(speaker)
    cast = _Cast(names=names, groups=groups)
    # Names as they appear in action: capitals ('NELL') and title case ('Nell'), first word too.
    spellings: dict[str, str] = {}
    for sheet in sheet_names:
        if len(sheet) < 2:
            continue
        for form in dict.fromkeys((sheet, sheet.title())):
            spellings.setdefault(form, sheet)
        first = sheet.split()[0]
        if len(first) >= 3 and first != sheet:
            for form in dict.fromkeys((first, first.title())):
                spellings.setdefault(form, sheet)
    if spellings:
        alternation = "|".join(re.escape(s) for s in sorted(spellings, key=len, reverse=True))
        cast.mention = re.compile(r"(?<![\w'])(?:" + alternation + r")(?![\w])")
        cast.mention_names = spellings
    # Pronouns: 'her fist' in an introduction, or the first pronoun after the name in action.
    for sheet in bible.characters:
        found = _pronoun(f"{sheet.description} {sheet.wardrobe}")
        if found:
            cast.gender[sheet.name] = found
    # Then in action, a sentence opening on a name followed by one opening on He or She
    # ("Mara doesn't stop. She leaps the gap.").
    for element in scene.elements:
        if element.type != "action" or cast.mention is None:
            continue
        sentences = _sentences(element.text)
        for this, following in pairwise(sentences):
            opener = cast.mention.match(this)
            pronoun = re.match(r"(She|He)\b", following)
            if opener and pronoun:
                cast.gender.setdefault(
                    cast.mention_names[opener.group(0)], "f" if pronoun.group(1) == "She" else "m"
                )
    # Sides: whoever was in the previous shot keeps their side across the cut (screen
    # direction); then speakers in order of first speech, then the others as they appear.
    if previous is not None:
        in_scene = set(speakers) | {
            n for e in scene.elements if e.type == "action" for n in cast.mentioned(e.text)
        }
        for placement in previous.blocking:
            if placement.character in in_scene and placement.character not in cast.sides:
                cast.sides[placement.character] = placement.side
    for speaker in speakers:
        cast.side(speaker)
    for element in scene.elements:
        if element.type == "action":
            for name in cast.mentioned(element.text):
                cast.side(name)
    return cast


# 3. Boarding ----------------------------------------------------------------------------------


@dataclass
class _Draft:
    kind: str
    covers: list[str]
    subjects: list[str]
    framing: str
    duration_s: float
    description: str
    start_frame: str
    end_frame: str
    emphasis: bool = False  # an emotional beat: keep it tight when varying framings


class _Boarder:
    def __init__(
        self, scene: Scene, bible: Bible, words_per_second: float, previous: BoardShot | None
    ) -> None:
        self.scene = scene
        self.wps = words_per_second
        self.cast = _cast(scene, bible, previous)
        self.place = location_name(scene)
        self.drafts: list[_Draft] = []
        self.present: list[str] = []  # on-screen characters seen so far, in order
        self.exchange: list[str] = []  # speakers of the current run of dialogue
        self.exchange_lines = 0
        self.last_speaker: str | None = None
        self.recent: list[str] = []  # characters by last appearance, most recent last
        self.has_master = False  # a two-shot or master of the scene's people has played
        owner = re.match(r"\s*(.+?)['’]S\s+(?:POV|POINT OF VIEW)\b", scene.heading, re.IGNORECASE)
        self.pov_owner = owner.group(1).strip().upper() if owner else None

    def _through(self) -> str:
        return f" through {self.pov_owner}'s eyes" if self.pov_owner else ""

    def touch(self, names: list[str]) -> None:
        for name in names:
            if name in self.recent:
                self.recent.remove(name)
            self.recent.append(name)

    # helpers
    def add(self, draft: _Draft) -> None:
        if draft.kind in ("two_shot", "master") and len(draft.subjects) > 1:
            self.has_master = True
        self.drafts.append(draft)

    def who(self, names: list[str]) -> str:
        if not names:
            return "nobody in frame"
        placed = [f"{n} ({self.cast.side(n)})" for n in names]
        return placed[0] if len(placed) == 1 else ", ".join(placed[:-1]) + " and " + placed[-1]

    def arrive(self, names: list[str]) -> None:
        for name in names:
            if name not in self.present:
                self.present.append(name)

    def listener(self, speakers: list[str]) -> str | None:
        for name in reversed(self.exchange):
            if name not in speakers:
                return name
        for name in self.present:
            if name not in speakers:
                return name
        return None

    # 3a. establishing
    def establish(self, element: Element | None) -> None:
        exterior = self.scene.int_ext in ("EXT", "EST")
        framing = "extreme_long" if exterior else "long"
        covers = [element.id] if element is not None else []
        seconds = _action_seconds(element.text, self.wps) if element is not None else 0.0
        duration = _clamp(max(ESTABLISHING_S[0] + 1.0, seconds), *ESTABLISHING_S) if element else 3.0
        text = element.text if element is not None else ""
        self.add(
            _Draft(
                kind="establishing",
                covers=covers,
                subjects=[],
                framing=framing,
                duration_s=duration,
                description=f"Establishing {LABELS[framing]} of {self.place}."
                + (f" {_snippet(text, 30)}" if text else ""),
                start_frame=f"{self.place} seen whole, {LABELS[framing]}"
                + (f": {_snippet(_sentences(text)[0], 16)}" if text else "."),
                end_frame=f"{self.place}, the geography clear"
                + (f": {_snippet(_sentences(text)[-1], 16, tail=True)}" if text else "."),
            )
        )

    def master_of_place(self) -> None:
        self.add(
            _Draft(
                kind="master",
                covers=[],
                subjects=[],
                framing="long",
                duration_s=ESTABLISHING_S[0],
                description=f"Master long shot of {self.place}; nothing happens yet.",
                start_frame=f"{self.place}, empty, long shot.",
                end_frame=f"{self.place}, unchanged.",
            )
        )

    # 3b. action
    def action(self, element: Element, kind_override: str | None = None) -> None:
        text = " ".join(element.text.split())
        if not text:
            return
        mentioned = self.cast.mentioned(text)
        self.arrive(mentioned)
        self.exchange, self.exchange_lines = [], 0
        # Split long paragraphs into pieces of about SPLIT_SHOT_S seconds, at sentence ends.
        total = _action_seconds(text, self.wps)
        pieces = [text]
        if total > MAX_SHOT_S:
            sentences = _sentences(text)
            budget = SPLIT_SHOT_S * self.wps * ACTION_WORDS_PER_SECOND_FACTOR
            pieces, current = [], []
            for sentence in sentences:
                if current and _words(" ".join(current + [sentence])) > budget:
                    pieces.append(" ".join(current))
                    current = []
                current.append(sentence)
            if current:
                pieces.append(" ".join(current))
        for piece in pieces:
            self._action_piece(element, piece, kind_override)

    def _action_piece(self, element: Element, text: str, kind_override: str | None) -> None:
        subjects = self.cast.mentioned(text)
        for pronouns, gender in ((_SHE, "f"), (_HE, "m")):
            if pronouns.search(text):
                named = [n for n in subjects if self.cast.gender.get(n) == gender]
                if not named:
                    candidates = [n for n in reversed(self.recent) if self.cast.gender.get(n) == gender]
                    if candidates:
                        subjects.append(candidates[0])
        self.arrive(subjects)
        self.touch(subjects)
        words = _words(text)
        big = bool(_BIG_MOVE.search(text))
        face = bool(_FACE.search(text))
        detail = bool(_DETAIL.search(text))
        exterior = self.scene.int_ext in ("EXT", "EST")
        if kind_override == "pov":
            kind, framing = "pov", ("long" if big or not subjects else "medium")
            subjects = []
        elif kind_override == "insert":
            kind = "insert"
            framing = (
                "extreme_close_up"
                if (
                    words <= 12
                    or re.search(r"\b(address|handwriting|label|text|writing|words)\b", text, re.IGNORECASE)
                )
                else "close_up"
            )
            subjects = []
        elif big:
            kind = self._group_kind(subjects)
            framing = "long" if (exterior or len(subjects) != 1) else "full"
        elif face and subjects and words <= 20:
            kind = self._group_kind(subjects)
            framing = {1: "close_up", 2: "medium"}.get(len(subjects), "full")
        elif detail and words <= 20:
            kind, framing = "insert", "close_up"
            subjects = []
        elif not subjects:
            kind = "cutaway"
            framing = "full" if words > 10 else "medium"
        else:
            kind = self._group_kind(subjects)
            framing = "medium" if _BUSINESS.search(text) or len(subjects) <= 2 else "full"
        duration = _clamp(
            _action_seconds(text, self.wps), 2.0 if kind != "insert" else MIN_SHOT_S, MAX_SHOT_S
        )
        # Frames show the moment, not the asides introducing people: "(20s, bike courier)".
        sentences = _sentences(re.sub(r"\s*\([^()]*\)", "", text)) or [text]
        who = self.who(subjects)
        self.add(
            _Draft(
                kind=kind,
                covers=[element.id],
                subjects=subjects,
                framing=framing,
                duration_s=duration,
                description=f"{_kind_label(kind)}{self._through()}, {LABELS[framing]}: {_snippet(text, 30)}",
                start_frame=f"{who} in {self.place}: {_snippet(sentences[0], 16)}",
                end_frame=f"{who}: {_snippet(sentences[-1], 16, tail=True)}",
                emphasis=face and framing in ("close_up", "extreme_close_up"),
            )
        )

    @staticmethod
    def _group_kind(subjects: list[str]) -> str:
        return {0: "cutaway", 1: "single", 2: "two_shot"}.get(len(subjects), "master")

    # 3c. dialogue
    def speech(self, element: Element, previous: Element | None, following: Element | None = None) -> None:
        speakers = self.cast.speakers_of(element)
        offscreen = is_offscreen(element)
        weight = emotional_weight(element, previous)
        seconds = _speech_seconds(element, self.wps) + (PARENTHETICAL_BEAT_S if weight else 0.0)
        spoken = element.text
        if offscreen:
            self._offscreen(element, speakers, seconds, weight)
            return
        self.arrive(speakers)
        self.touch(speakers)
        listener = self.listener(speakers)
        new_exchange = not self.exchange
        for s in speakers:
            if s not in self.exchange:
                self.exchange.append(s)
        self.exchange_lines += 1
        # How many pieces: long speeches are cut across shots.
        pieces = 1 if seconds <= MAX_SHOT_S else math.ceil(seconds / SPLIT_SHOT_S)
        piece_s = seconds / pieces
        for p in range(pieces):
            if p == 0:
                draft = self._first_piece(element, speakers, listener, new_exchange, weight)
            elif p % 2 == 1 and listener is not None:
                draft = self._reaction(element, listener, speakers, "listens as the speech goes on")
            else:
                draft = self._single(element, speakers, "close_up" if p >= 2 else "medium")
            draft.duration_s = _clamp(piece_s, MIN_SHOT_S, MAX_SHOT_S)
            draft.start_frame, draft.end_frame = self._speech_frames(draft, speakers, spoken, p, pieces)
            self.add(draft)
        # Reaction of the listener on a strong line (once, and not if the speech was split).
        # (When action follows, that action shows the reaction itself.)
        if (
            weight
            and pieces == 1
            and listener is not None
            and (following is None or following.type != "action")
        ):
            reaction = self._reaction(element, listener, speakers, "takes the line in")
            reaction.duration_s = MIN_SHOT_S
            reaction.start_frame = f"{listener} ({self.cast.side(listener)}) hears {speakers[0]}'s line."
            reaction.end_frame = f"{listener} reacts, close-up."
            self.add(reaction)
        self.last_speaker = speakers[0]

    def _first_piece(
        self,
        element: Element,
        speakers: list[str],
        listener: str | None,
        new_exchange: bool,
        weight: int,
    ) -> _Draft:
        together = len(speakers) > 1
        needs_master = new_exchange and (listener is not None or len(self.present) > 1)
        if weight and self.has_master and not together:
            needs_master = False
        if together or needs_master:
            subjects = list(speakers) + [p for p in self.present if p not in speakers]
            subjects = subjects[:4]
            kind = "two_shot" if len(subjects) == 2 else ("master" if len(subjects) > 2 else "single")
            framing = "medium" if len(subjects) <= 2 else "full"
            if weight == 2:
                framing = "close_up" if len(subjects) <= 2 else "medium"
            return _Draft(
                kind,
                [element.id],
                subjects,
                framing,
                0,
                self._describe(kind, framing, element, subjects),
                "",
                "",
                weight > 0,
            )
        if weight:
            return self._single(
                element, speakers, "extreme_close_up" if weight == 2 else "close_up", emphasis=True
            )
        # Shot/reverse-shot: over-the-shoulders early in the exchange, then singles that
        # alternate medium and close-up, and stay close once the exchange has run a while.
        if listener is not None and self.exchange_lines <= 3:
            subjects = [speakers[0], listener]
            return _Draft(
                "over_the_shoulder",
                [element.id],
                subjects,
                "medium",
                0,
                self._describe("over_the_shoulder", "medium", element, subjects),
                "",
                "",
            )
        framing = "close_up" if self.exchange_lines >= 7 or self.exchange_lines % 2 == 0 else "medium"
        return self._single(element, speakers, framing)

    def _single(
        self, element: Element, speakers: list[str], framing: str, *, emphasis: bool = False
    ) -> _Draft:
        return _Draft(
            "single",
            [element.id],
            list(speakers),
            framing,
            0,
            self._describe("single", framing, element, speakers),
            "",
            "",
            emphasis,
        )

    def _reaction(self, element: Element, listener: str, speakers: list[str], what: str) -> _Draft:
        return _Draft(
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

    def _offscreen(self, element: Element, speakers: list[str], seconds: float, weight: int) -> None:
        listeners = [p for p in self.present if p not in speakers][:3]
        pieces = 1 if seconds <= MAX_SHOT_S else math.ceil(seconds / SPLIT_SHOT_S)
        for p in range(pieces):
            if listeners:
                kind = "reaction"
                framing = "medium" if len(listeners) > 1 else "close_up"
                if p % 2 == 1:
                    framing = "close_up" if framing == "medium" else "medium"
            else:
                kind, framing = "cutaway", "long" if p % 2 == 0 else "full"
            who = self.who(listeners) if listeners else self.place
            voice = f"{speakers[0]}'s voice ({element.extension or 'off screen'})"
            self.add(
                _Draft(
                    kind=kind,
                    covers=[element.id],
                    subjects=list(listeners),
                    framing=framing,
                    duration_s=_clamp(seconds / pieces, MIN_SHOT_S, MAX_SHOT_S),
                    description=f"{_kind_label(kind)}, {LABELS[framing]}: {who} as {voice} says "
                    f'"{_snippet(element.text, 20)}"',
                    start_frame=f'{who} in {self.place}; {voice} begins: "{_snippet(element.text, 8)}"',
                    end_frame=f'{who}; the voice ends: "{_snippet(element.text, 8, tail=True)}"',
                    emphasis=weight > 0,
                )
            )

    def _describe(self, kind: str, framing: str, element: Element, subjects: list[str]) -> str:
        parentheticals = " ".join(element.parentheticals)
        manner = f" {parentheticals}" if parentheticals else ""
        speaker = element.character or "someone"
        return (
            f"{_kind_label(kind)}, {LABELS[framing]} on {self.who(subjects)}: {speaker}{manner} says "
            f'"{_snippet(element.text, 24)}"'
        )

    def _speech_frames(
        self, draft: _Draft, speakers: list[str], text: str, piece: int, pieces: int
    ) -> tuple[str, str]:
        who = self.who(draft.subjects)
        label = LABELS[draft.framing]
        words = text.split()
        if pieces > 1:
            size = max(1, len(words) // pieces)
            words = words[piece * size : (piece + 1) * size if piece < pieces - 1 else None]
        part = " ".join(words)
        if draft.kind == "reaction":
            return (
                f"{who}, {label}, listening to {speakers[0]} off screen.",
                f'{who}, {label}, taking in "{_snippet(part, 8, tail=True)}"',
            )
        return (
            f'{who}, {label}, in {self.place}: {speakers[0]} begins "{_snippet(part, 8)}"',
            f'{who}, {label}: {speakers[0]} ends "{_snippet(part, 8, tail=True)}"',
        )

    # 3d. lyrics sung in action, dual dialogue, montage
    def lyric(self, element: Element) -> None:
        subjects = self.present[:3]
        kind = self._group_kind(subjects) if subjects else "cutaway"
        framing = "medium" if len(subjects) <= 2 else "full"
        seconds = _clamp(_words(element.text) / self.wps, MIN_SHOT_S, MAX_SHOT_S)
        who = self.who(subjects) if subjects else self.place
        self.add(
            _Draft(
                kind,
                [element.id],
                subjects,
                framing,
                seconds,
                f'{_kind_label(kind)}, {LABELS[framing]}: {who} as the song goes: "{_snippet(element.text, 16)}"',
                f'{who}, singing begins: "{_snippet(element.text, 8)}"',
                f'{who}, the line ends: "{_snippet(element.text, 8, tail=True)}"',
            )
        )

    def dual(self, first: Element, second: Element) -> None:
        speakers = self.cast.speakers_of(first) + [
            s for s in self.cast.speakers_of(second) if s not in self.cast.speakers_of(first)
        ]
        self.arrive(speakers)
        for s in speakers:
            if s not in self.exchange:
                self.exchange.append(s)
        self.exchange_lines += 1
        seconds = max(_speech_seconds(first, self.wps), _speech_seconds(second, self.wps))
        subjects = speakers[:4]
        kind = "two_shot" if len(subjects) == 2 else ("master" if len(subjects) > 2 else "single")
        framing = "medium" if len(subjects) <= 2 else "full"
        who = self.who(subjects)
        self.add(
            _Draft(
                kind,
                [first.id, second.id],
                subjects,
                framing,
                _clamp(seconds, MIN_SHOT_S, MAX_SHOT_S),
                f"{_kind_label(kind)}, {LABELS[framing]} on {who}: they speak at once, "
                f'"{_snippet(first.text, 10)}" / "{_snippet(second.text, 10)}"',
                f"{who}, both about to speak.",
                f"{who}, both finishing at once.",
            )
        )

    def montage(self, element: Element) -> None:
        items = [i.strip(" -–—•*\t") for i in re.split(r"\n|(?:^|\s)[-–—•]\s+", element.text)]
        items = [i for i in items if i and not _MONTAGE.fullmatch(i.strip(" :.-"))]
        if len(items) <= 1:
            items = _sentences(element.text) or [element.text]
        cycle = ("long", "medium", "close_up", "full", "extreme_close_up", "medium")
        for n, item in enumerate(items):
            framing = cycle[(len(self.drafts) + n) % len(cycle)]
            subjects = self.cast.mentioned(item)
            self.arrive(subjects)
            who = self.who(subjects) if subjects else self.place
            self.add(
                _Draft(
                    "montage",
                    [element.id],
                    subjects,
                    framing,
                    _clamp(_action_seconds(item, self.wps) * 0.5, *MONTAGE_S),
                    f"Montage, {LABELS[framing]}: {_snippet(item, 20)}",
                    f"{who}: {_snippet(item, 10)}",
                    f"{who}: {_snippet(item, 10, tail=True)}",
                )
            )


def _kind_label(kind: str) -> str:
    return {
        "establishing": "Establishing shot",
        "master": "Master shot",
        "two_shot": "Two-shot",
        "single": "Single",
        "over_the_shoulder": "Over-the-shoulder",
        "reaction": "Reaction shot",
        "insert": "Insert",
        "pov": "POV shot",
        "cutaway": "Cutaway",
        "montage": "Montage",
    }[kind]


def _vary(drafts: list[_Draft], previous: BoardShot | None) -> None:
    """Never the same framing three shots in a row (counting the previous scene's last shot)."""
    history = [previous.framing] if previous is not None else []
    for draft in drafts:
        if len(history) >= 2 and history[-1] == history[-2] == draft.framing:
            draft.framing = _alternative(draft)
        history.append(draft.framing)


def _alternative(draft: _Draft) -> str:
    if draft.kind == "establishing":
        return "long" if draft.framing == "extreme_long" else "extreme_long"
    if draft.kind == "insert":
        return "close_up" if draft.framing == "extreme_close_up" else "extreme_close_up"
    i = FRAMINGS_WIDE_TO_TIGHT.index(draft.framing)
    tighter = FRAMINGS_WIDE_TO_TIGHT[min(i + 1, 5)] if i < 5 else FRAMINGS_WIDE_TO_TIGHT[4]
    looser = FRAMINGS_WIDE_TO_TIGHT[max(i - 1, 0)] if i > 0 else FRAMINGS_WIDE_TO_TIGHT[1]
    prefer_tight = draft.emphasis or draft.kind in (
        "single",
        "over_the_shoulder",
        "reaction",
        "pov",
    )
    new = tighter if prefer_tight else looser
    # Keep the description honest about the framing.
    draft.description = draft.description.replace(LABELS[draft.framing], LABELS[new], 1)
    draft.start_frame = draft.start_frame.replace(LABELS[draft.framing], LABELS[new], 1)
    draft.end_frame = draft.end_frame.replace(LABELS[draft.framing], LABELS[new], 1)
    return new


# 4. The entry points --------------------------------------------------------------------------


def board_scene(
    scene: Scene,
    bible: Bible,
    *,
    words_per_second: float = 2.5,
    previous: BoardShot | None = None,
    new_location: bool = True,
) -> StoryboardOutput:
    """Break `scene` into storyboard shots by film grammar (see the module docstring)."""
    if words_per_second <= 0:
        raise ValueError(f"words_per_second must be > 0, got {words_per_second}")
    boarder = _Boarder(scene, bible, words_per_second, previous)
    pov = bool(_POV.search(scene.heading)) and scene.int_ext is None
    insert = bool(_INSERT.match(scene.heading)) and scene.int_ext is None
    montage_heading = bool(_MONTAGE.search(scene.heading))
    special = "pov" if pov else ("insert" if insert else None)
    elements = [e for e in scene.elements if e.type in ("action", "dialogue", "lyric")]

    # 1. Establish a new place (not for POV, INSERT or MONTAGE headings: they are the shot).
    establishing = (
        special is None
        and not montage_heading
        and (new_location or (scene.int_ext in ("EXT", "EST") and scene.index == 0 and previous is None))
    )
    if establishing:
        first = elements[0] if elements else None
        opener = None
        # It shows the opening description of the place when that is short and names nobody;
        # a longer opening paragraph is action and gets shots of its own.
        if (
            first is not None
            and first.type == "action"
            and not boarder.cast.mentioned(first.text)
            and _action_seconds(first.text, words_per_second) <= MAX_SHOT_S
        ):
            opener = first
            elements = elements[1:]
        boarder.establish(opener)

    # 2. Walk the scene in script order.
    in_montage = montage_heading
    previous_element: Element | None = None
    skip: set[str] = set()
    for i, element in enumerate(elements):
        if element.id in skip:
            continue
        if element.type == "action":
            if _MONTAGE_END.match(element.text):
                in_montage = False
                boarder.action(element)
            elif in_montage or _MONTAGE.match(element.text.strip()):
                in_montage = True
                boarder.montage(element)
            else:
                boarder.action(element, special)
        elif element.type == "lyric":
            boarder.lyric(element)
        elif (
            element.dual
            and i + 1 < len(elements)
            and elements[i + 1].dual
            and elements[i + 1].type == "dialogue"
        ):
            boarder.dual(element, elements[i + 1])
            skip.add(elements[i + 1].id)
        else:
            boarder.speech(element, previous_element, elements[i + 1] if i + 1 < len(elements) else None)
        previous_element = element

    # 3. An empty scene is still a place on screen.
    if not boarder.drafts:
        if special is not None or montage_heading or new_location:
            boarder.establish(None)
        else:
            boarder.master_of_place()

    # 4. Vary framings, then write the shots.
    _vary(boarder.drafts, previous)
    shots = [
        BoardShot(
            kind=d.kind,  # type: ignore[arg-type]
            covers=list(dict.fromkeys(d.covers)),
            subjects=d.subjects,
            blocking=boarder.cast.blocking(d.subjects),
            framing=d.framing,  # type: ignore[arg-type]
            duration_s=max(0.1, d.duration_s),
            description=d.description,
            start_frame=d.start_frame,
            end_frame=d.end_frame,
        )
        for d in boarder.drafts
    ]
    return StoryboardOutput(shots=shots)


def coverage_problems(output: StoryboardOutput, scene: Scene) -> list[str]:
    """What makes a storyboard unusable for `scene`, one line per problem (empty when fine)."""
    problems: list[str] = []
    ids = {e.id for e in scene.elements}
    speeches = [e.id for e in scene.elements if e.type == "dialogue"]
    speech_set = set(speeches)
    first_cover: list[str] = []
    covered: set[str] = set()
    sides: dict[str, tuple[str, int]] = {}
    for i, shot in enumerate(output.shots):
        for element_id in shot.covers:
            if element_id not in ids:
                problems.append(
                    f"shots[{i}] covers {element_id!r}, which is not an element of scene {scene.index}"
                )
                continue
            if element_id in speech_set and element_id not in covered:
                first_cover.append(element_id)
            covered.add(element_id)
        seen: set[str] = set()
        for placement in shot.blocking:
            name = placement.character
            if name not in shot.subjects:
                problems.append(f"shots[{i}] blocks {name!r}, who is not among its subjects {shot.subjects}")
            if name in seen:
                problems.append(f"shots[{i}] places {name!r} twice")
            seen.add(name)
            if name in sides and sides[name][0] != placement.side:
                problems.append(
                    f"shots[{i}] puts {name!r} {placement.side}, but shots[{sides[name][1]}] put them "
                    f"{sides[name][0]} (180-degree rule: one side per character in a scene)"
                )
            else:
                sides.setdefault(name, (placement.side, i))
        for name in shot.subjects:
            if name not in seen:
                problems.append(f"shots[{i}] gives subject {name!r} no screen side in its blocking")
    for element_id in speeches:
        if element_id not in covered:
            element = next(e for e in scene.elements if e.id == element_id)
            problems.append(
                f"element {element_id!r} (dialogue of {element.character}, line {element.line}) is covered by no shot"
            )
    order = {element_id: n for n, element_id in enumerate(speeches)}
    for earlier, later in pairwise(first_cover):
        if order[later] < order[earlier]:
            shot_index = next(i for i, s in enumerate(output.shots) if later in s.covers)
            problems.append(
                f"shots[{shot_index}] first covers {later!r} after {earlier!r}, against script order"
            )
    return problems
