"""Run settings of the director graph (LangGraph's `context_schema`), read from the environment
in one place.

The context is not checkpointed; it is given again on every run. Secrets never enter it: the
OpenAI-compatible brain reads its API key from the environment when it builds its client.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields


def _env(name: str) -> str | None:
    value = os.environ.get(name)
    return value if value else None


@dataclass(frozen=True)
class Context:
    """How to run the crew on one project."""

    project_dir: str = field(default=".", metadata={"description": "Where the run keeps everything."})
    brain: str = field(default="rules", metadata={"description": "rules (offline) or openai."})
    renderer: str = field(
        default="none", metadata={"description": "Which renderer draws keyframes and clips."}
    )
    models: str | None = field(
        default=None,
        metadata={
            "description": "Model configuration of the diffusers renderer: a built-in name "
            "(ltx-video, wan-flf2v, tiny-random) or a TOML file; None: ltx-video."
        },
    )
    scorer: str = field(
        default="none", metadata={"description": "Which scorer the critic uses on rendered drafts."}
    )
    width: int | None = field(
        default=None, metadata={"description": "Frame width override (else the bible's style)."}
    )
    height: int | None = field(
        default=None, metadata={"description": "Frame height override (else the bible's style)."}
    )
    fps: int | None = field(default=None, metadata={"description": "Frame rate override."})
    slates: bool = field(default=False, metadata={"description": "A slate card at each scene start."})
    captions: bool = field(
        default=False, metadata={"description": "Burn each shot's action description in at the top."}
    )
    keyframes_dir: str | None = field(
        default=None,
        metadata={
            "description": "A folder of keyframe images to use instead of drawing them: "
            "<shot id>_<keyframe index>.png (or .jpg/.jpeg/.webp), e.g. s3-2_0.png."
        },
    )
    cameraclip: str | None = field(
        default="default",
        metadata={
            "description": "CameraCLIP checkpoint for the full scorer: a path, 'default' for the "
            "one shipped with storyreel, or None to skip CameraCLIP."
        },
    )
    damping: float = field(
        default=1.0,
        metadata={
            "description": "Share of each planned camera move the animatic delivers (1.0 = all); "
            "below 1 it imitates a video model that under-delivers movement."
        },
    )
    movement_match_min: float = field(
        default=0.5,
        metadata={
            "description": "Critic: share of planned moves the probe must find (a dolly read as "
            "a zoom, or a truck as a pan, counts half)."
        },
    )
    delivered_min: float = field(
        default=0.5,
        metadata={
            "description": "Critic: least share of the planned movement a draft must deliver "
            "(halved for dolly, truck and pedestal, whose measure is rougher)."
        },
    )
    cameraclip_min: float = field(
        default=0.0,
        metadata={
            "description": "Critic: least CameraCLIP similarity to the planned camera caption "
            "(the shipped model gives a clip's own caption about 0.6 and unrelated ones about 0)."
        },
    )
    keyframe_ssim_min: float = field(
        default=0.5, metadata={"description": "Critic: least SSIM of frames at keyframe indices."}
    )
    consistency_min: float = field(
        default=0.5, metadata={"description": "Critic: least character consistency with the bible."}
    )
    max_move_gain: float = field(
        default=4.0,
        metadata={"description": "Critic: the most it multiplies a move by to make up for damping."},
    )
    max_rounds: int = field(
        default=2, metadata={"description": "Revision rounds per shot before it is accepted as is."}
    )
    prompts_dir: str | None = field(
        default=None,
        metadata={"description": "A folder of Jinja2 templates overriding prompts/<agent>.j2."},
    )
    model: str | None = field(
        default_factory=lambda: _env("STORYREEL_MODEL"),
        metadata={"description": "Model name for the openai brain (STORYREEL_MODEL)."},
    )
    base_url: str | None = field(
        default_factory=lambda: _env("OPENAI_BASE_URL"),
        metadata={"description": "OpenAI-compatible endpoint (OPENAI_BASE_URL)."},
    )
    timeout_s: float = field(
        default=120.0, metadata={"description": "Seconds before one model call is abandoned."}
    )
    max_retries: int = field(
        default=2, metadata={"description": "Client retries on 429/5xx/connection errors."}
    )
    max_reasks: int = field(
        default=2,
        metadata={"description": "Times the model is re-asked with the validation error."},
    )
    words_per_second: float = field(
        default=2.5, metadata={"description": "Speaking rate used to time dialogue."}
    )

    def describe(self) -> dict[str, object]:
        """The settings as plain data, for manifests and reports (no secrets are held here)."""
        return {f.name: getattr(self, f.name) for f in fields(self)}
