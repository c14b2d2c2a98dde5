"""What changed between two versions of a film: shots added, removed, moved and changed field by
field, and changes to the bible. Pure functions over the documents.

    diff_documents(old_plan, old_bible, new_plan, new_bible) -> [Change]
    describe(changes) -> ["shot 3 (s1-3): framing medium shot -> close-up, lens 45 -> 85 mm", ...]

Shots are matched by id, so a shot keeps its identity when others are added or removed before
it; numbers are 1-based film order, as in the shot list and the storyboard.
"""

from __future__ import annotations

import difflib
from dataclasses import asdict, dataclass
from typing import Any, Literal

from storyreel.models.bible import Bible
from storyreel.models.camera import LABELS
from storyreel.models.plan import Shot, ShotPlan

Kind = Literal["added", "removed", "moved", "changed", "bible"]

# Shot fields compared, in the order a director reads them, and those reported only in passing.
SHOT_FIELDS = (
    "kind",
    "subjects",
    "description",
    "duration_s",
    "camera.framing",
    "camera.angle",
    "camera.movements",
    "camera.lens_mm",
    "camera.speed",
    "camera.move_gain",
    "pacing",
    "transition_in",
    "transition_out",
    "seed",
    "covers",
    "blocking",
)
MINOR_FIELDS = ("keyframes", "prompt", "memory")


@dataclass(frozen=True)
class Change:
    """One difference. `subject` is a shot id, 'character NAME', 'location NAME' or 'style'."""

    kind: Kind
    subject: str
    field: str | None = None
    before: Any = None
    after: Any = None
    number: int | None = None  # the shot's number in the newer plan (the older for a removed one)
    old_number: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def diff_documents(
    old_plan: ShotPlan, old_bible: Bible, new_plan: ShotPlan, new_bible: Bible
) -> list[Change]:
    """Every difference from the old plan and bible to the new ones."""
    return diff_plans(old_plan, new_plan) + diff_bibles(old_bible, new_bible)


def diff_plans(old: ShotPlan, new: ShotPlan) -> list[Change]:
    old_numbers = {shot.id: n for n, shot in enumerate(old.shots, start=1)}
    new_numbers = {shot.id: n for n, shot in enumerate(new.shots, start=1)}
    old_shots = {shot.id: shot for shot in old.shots}
    changes: list[Change] = []
    moved = _moved(
        [s.id for s in old.shots if s.id in new_numbers], [s.id for s in new.shots if s.id in old_numbers]
    )
    for shot in new.shots:
        number = new_numbers[shot.id]
        if shot.id not in old_shots:
            changes.append(Change("added", shot.id, number=number, after=_shot_summary(shot)))
            continue
        before = old_shots[shot.id]
        if shot.id in moved:
            changes.append(
                Change(
                    "moved",
                    shot.id,
                    "position",
                    old_numbers[shot.id],
                    number,
                    number=number,
                    old_number=old_numbers[shot.id],
                )
            )
        for name in (*SHOT_FIELDS, *MINOR_FIELDS):
            a, b = _field(before, name), _field(shot, name)
            if a != b:
                changes.append(
                    Change("changed", shot.id, name, a, b, number=number, old_number=old_numbers[shot.id])
                )
    for shot in old.shots:
        if shot.id not in new_numbers:
            changes.append(
                Change("removed", shot.id, number=old_numbers[shot.id], before=_shot_summary(shot))
            )
    return changes


def diff_bibles(old: Bible, new: Bible) -> list[Change]:
    changes: list[Change] = []
    for family, label in (("characters", "character"), ("locations", "location")):
        before = {sheet.name: sheet.model_dump(mode="json") for sheet in getattr(old, family)}
        after = {sheet.name: sheet.model_dump(mode="json") for sheet in getattr(new, family)}
        for name in after:
            if name not in before:
                changes.append(Change("bible", f"{label} {name}", "added", None, after[name]))
                continue
            for key, value in _flatten(after[name]).items():
                previous = _flatten(before[name]).get(key)
                if previous != value:
                    changes.append(Change("bible", f"{label} {name}", key, previous, value))
        for name in before:
            if name not in after:
                changes.append(Change("bible", f"{label} {name}", "removed", before[name], None))
    old_style, new_style = (
        _flatten(old.style.model_dump(mode="json")),
        _flatten(new.style.model_dump(mode="json")),
    )
    for key, value in new_style.items():
        if old_style.get(key) != value:
            changes.append(Change("bible", "style", key, old_style.get(key), value))
    return changes


def changed_shot_ids(changes: list[Change]) -> list[str]:
    """Ids of shots (in the newer plan) that a change added, moved or changed."""
    return list(dict.fromkeys(c.subject for c in changes if c.kind in ("added", "moved", "changed")))


def describe(changes: list[Change]) -> list[str]:
    """One line per shot or sheet, major fields first; prompts and keyframes said in passing."""
    lines: list[str] = []
    groups: dict[tuple[str, str], list[Change]] = {}
    for change in changes:
        group = "bible" if change.kind == "bible" else "shot"
        groups.setdefault((group, change.subject), []).append(change)
    for (group, subject), items in groups.items():
        if group == "bible":
            parts = [_bible_part(c) for c in items]
            lines.append(f"{subject}: " + "; ".join(parts))
            continue
        first = items[0]
        name = f"shot {first.number} ({subject})"
        if first.kind == "added":
            lines.append(f"{name}: new, {first.after}")
            continue
        if first.kind == "removed":
            lines.append(f"{name}: removed ({first.before})")
            continue
        major = [c for c in items if c.field not in MINOR_FIELDS]
        minor = [c.field for c in items if c.field in MINOR_FIELDS]
        parts = [_shot_part(c) for c in major]
        if minor:
            parts.append(f"{' and '.join(_MINOR_WORDS[m] for m in minor)} follow")
        lines.append(f"{name}: " + "; ".join(parts))
    return lines


# -- helpers ------------------------------------------------------------------------------------

_MINOR_WORDS = {"keyframes": "keyframes", "prompt": "prompts", "memory": "memory"}
_FIELD_WORDS = {
    "camera.framing": "framing",
    "camera.angle": "angle",
    "camera.movements": "move",
    "camera.lens_mm": "lens",
    "camera.speed": "speed",
    "camera.move_gain": "move gain",
    "duration_s": "length",
    "transition_in": "start",
    "transition_out": "end",
}


def _moved(old_order: list[str], new_order: list[str]) -> set[str]:
    """Ids out of their relative order: those outside the longest common ordering."""
    matcher = difflib.SequenceMatcher(a=old_order, b=new_order, autojunk=False)
    kept = {old_order[block.a + i] for block in matcher.get_matching_blocks() for i in range(block.size)}
    return set(new_order) - kept


def _field(shot: Shot, name: str) -> Any:
    value: Any = shot
    for part in name.split("."):
        value = getattr(value, part)
    if name == "keyframes":
        return [k.frame for k in value]
    if name == "prompt":
        return [shot.prompt, *[k.prompt for k in shot.keyframes]]
    if hasattr(value, "model_dump"):
        return value.model_dump(mode="json")
    if isinstance(value, list):
        return [v.model_dump(mode="json") if hasattr(v, "model_dump") else v for v in value]
    return value


def _flatten(data: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, dict):
            out.update(_flatten(value, f"{prefix}{key}."))
        else:
            out[f"{prefix}{key}"] = value
    return out


def _shot_summary(shot: Shot) -> str:
    moves = " + ".join(LABELS[m] for m in shot.camera.movements)
    who = f" of {', '.join(shot.subjects)}" if shot.subjects else ""
    return f"{LABELS[shot.camera.framing]}{who}, {LABELS[shot.camera.angle]}, {moves}, {shot.duration_s:g} s"


def _words(field: str | None, value: Any) -> str:
    if value is None:
        return "none"
    if field in ("camera.framing", "camera.angle"):
        return LABELS.get(value, str(value))
    if field == "camera.movements":
        return " + ".join(LABELS.get(m, m) for m in value)
    if field == "camera.lens_mm":
        return f"{value:g} mm"
    if field == "duration_s":
        return f"{value:g} s"
    if field in ("transition_in", "transition_out"):
        if value["type"] == "cut":
            return "cut"
        colour = f" through {value['colour']}" if value.get("colour") else ""
        return f"{value['type']}{colour} {value['duration_s']:g} s"
    if field == "covers":
        return f"{len(value)} element{'s' if len(value) != 1 else ''}"
    if field == "blocking":
        return ", ".join(f"{p['character']} {p['side']}" for p in value) or "none"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "none"
    if isinstance(value, float):
        return f"{value:g}"
    text = str(value)
    return repr(text if len(text) <= 60 else text[:57] + "...") if isinstance(value, str) else text


def _shot_part(change: Change) -> str:
    if change.kind == "moved":
        return f"moved from {change.before} to {change.after}"
    label = _FIELD_WORDS.get(change.field or "", change.field or "")
    return f"{label} {_words(change.field, change.before)} -> {_words(change.field, change.after)}"


def _bible_part(change: Change) -> str:
    if change.field == "added":
        return "new"
    if change.field == "removed":
        return "removed"
    return f"{change.field} {_words(None, change.before)} -> {_words(None, change.after)}"
