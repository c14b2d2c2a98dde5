"""The domain model of a film: nouns only, versioned, validated.

    Screenplay  what the script says            storyreel.models.screenplay
    Bible       characters, locations, style    storyreel.models.bible
    ShotPlan    shots with camera and keyframes storyreel.models.plan
    Critique    the critic's scores per round   storyreel.models.critique
    Cut         the assembled film              storyreel.models.cut
    Direction   a note and the edits it became  storyreel.models.edits
    History     the versions of a film          storyreel.models.edits

and the records agents hand each other through the graph state, which are not files of their own:

    ShotAssets     what the renderer made for a shot     storyreel.models.assets
    DirectorReply  what a directing note did             storyreel.models.reply
    ReportEntry    one entry of the run's log            storyreel.models.report

Functions over these live outside this package (`storyreel.checks`, `storyreel.documents`).
"""

from __future__ import annotations

from typing import Any

from storyreel.errors import InputError
from storyreel.models.assets import ShotAssets, StageKeys
from storyreel.models.base import Document, Noun, upgrade
from storyreel.models.bible import (
    Bible,
    CharacterSheet,
    Identity,
    LocationSheet,
    Resolution,
    Style,
)
from storyreel.models.camera import (
    ANGLES,
    BASE_MOVEMENTS,
    CAMERACLIP_CLASSES,
    EXTENDED_MOVEMENTS,
    FRAMINGS,
    GEOMETRY,
    LABELS,
    MOVEMENTS,
    Angle,
    Framing,
    MoveGeometry,
    Movement,
)
from storyreel.models.critique import Critique, RevisionRequest, Round, Scores, ShotCritique
from storyreel.models.cut import Cut, CutEntry, Subtitle
from storyreel.models.edits import Direction, History, Version
from storyreel.models.plan import (
    PACINGS,
    CameraSpec,
    FrameRef,
    Keyframe,
    Placement,
    Shot,
    ShotKind,
    ShotPlan,
    Transition,
)
from storyreel.models.reply import DirectorReply
from storyreel.models.report import ReportEntry
from storyreel.models.screenplay import Character, Element, Scene, Screenplay

# The documents a user can ask the schema of (`storyreel schema NAME`), by short name.
SCHEMAS: dict[str, type[Document]] = {
    "plan": ShotPlan,
    "bible": Bible,
    "screenplay": Screenplay,
    "critique": Critique,
    "cut": Cut,
    "direction": Direction,
    "history": History,
}

# The records that cross modules without being files of their own, by name.
RECORDS: dict[str, type[Noun]] = {
    "ShotAssets": ShotAssets,
    "DirectorReply": DirectorReply,
    "ReportEntry": ReportEntry,
}


def json_schema(name: str = "plan") -> dict[str, Any]:
    """The JSON Schema of the document `name` (a key of SCHEMAS), as pydantic validates it."""
    try:
        cls = SCHEMAS[name]
    except KeyError:
        raise InputError(f"unknown schema {name!r} (expected one of {', '.join(SCHEMAS)})") from None
    return cls.model_json_schema()


__all__ = [
    "ANGLES",
    "BASE_MOVEMENTS",
    "CAMERACLIP_CLASSES",
    "EXTENDED_MOVEMENTS",
    "FRAMINGS",
    "GEOMETRY",
    "LABELS",
    "MOVEMENTS",
    "PACINGS",
    "RECORDS",
    "SCHEMAS",
    "Angle",
    "Bible",
    "CameraSpec",
    "Character",
    "CharacterSheet",
    "Critique",
    "Cut",
    "CutEntry",
    "Direction",
    "DirectorReply",
    "Document",
    "Element",
    "FrameRef",
    "Framing",
    "History",
    "Identity",
    "Keyframe",
    "LocationSheet",
    "MoveGeometry",
    "Movement",
    "Noun",
    "Placement",
    "ReportEntry",
    "Resolution",
    "RevisionRequest",
    "Round",
    "Scene",
    "Scores",
    "Screenplay",
    "Shot",
    "ShotAssets",
    "ShotCritique",
    "ShotKind",
    "ShotPlan",
    "StageKeys",
    "Style",
    "Subtitle",
    "Transition",
    "Version",
    "json_schema",
    "upgrade",
]
