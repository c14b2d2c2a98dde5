"""Every run setting, declared once: the director graph's `context_schema`, from which the Studio
keywords, `Studio.settings()`, the CLI options and the components' options are derived.

A field's description is its help text (in `--help` and in LangGraph Studio's form); its `Setting`
says where else it appears: its command-line flag and the commands that offer it, the Studio
keyword that gives it, whether it shapes results (and so belongs to the run's identity, which
tells a resume from a new run) and which components are built with it. `storyreel/settings.py`
derives what Studio needs, `storyreel/options.py` the click options, `crew.py` a renderer's and a
scorer's options, so a new knob is one field here.

The context is not checkpointed; it is given again on every run. Environment variables are read
here, by `Setting.env`, and nowhere else. Secrets never enter it: the OpenAI-compatible brain
reads its API key from the environment when it builds its client.

A pydantic model rather than a dataclass: values are checked where they come in (Studio's keywords,
LangGraph Studio's form, a run's stored settings) and the descriptions reach LangGraph's JSON
schema; frozen, it is hashable, which the crew cache needs.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, model_validator
from pydantic.fields import FieldInfo

ALL = frozenset({"plan", "make", "direct", "chat"})  # direct and chat: who reads the notes
MAKE = frozenset({"make"})


def parse_size(text: str) -> tuple[int, int]:
    """'1280x720' -> (1280, 720); anything else is a ValueError naming the text."""
    width, sep, height = text.lower().partition("x")
    sides = (width.strip(), height.strip())
    if not sep or not all(side.isdigit() and len(side) <= 9 for side in sides):  # int() of 5,000 digits fails
        shown = text if len(text) <= 40 else text[:30] + "..."
        raise ValueError(f"{shown!r} is not WIDTHxHEIGHT, e.g. 1280x720")
    return int(width), int(height)


def text_or_none(text: str) -> str | None:
    """A typed value where 'none' means None (a flag cannot be given None)."""
    return None if text == "none" else text


@dataclass(frozen=True)
class Setting:
    """Where one Context field appears besides the graph (see the module docstring)."""

    flag: str | None = None  # its command-line option; None: not on the command line
    commands: frozenset[str] = frozenset()  # the commands offering the flag
    choices: tuple[str, ...] = ()  # the flag's choices (the model takes any registered name)
    metavar: str | None = None
    parse: Callable[[str], Any] | None = None  # the flag's text -> value; ValueError when malformed
    help: str | None = None  # the flag's help when it gives a whole group (else the description)
    studio: bool = True  # a Studio keyword (the project is Studio's first argument instead)
    group: str | None = None  # the Studio keyword giving it with others: a (w, h) pair or a dict
    shapes: bool = True  # shapes results: in Studio.settings() and the run identity
    takes: tuple[str, ...] = ()  # components built with it: "brain", "renderer:NAME", "scorer:NAME"
    env: str | None = None  # the environment variable read when it is not given
    offered_default: Any = None  # Studio's and the CLI's default, where not the graph's (None: same)


def _env(name: str) -> str | None:
    value = os.environ.get(name)
    return value if value else None


def _path_text(value: Any) -> Any:
    return os.fspath(value) if isinstance(value, os.PathLike) else value


PathText = Annotated[str, BeforeValidator(_path_text)]  # a folder or file, given as str or Path


def _endpoint(value: str) -> str:
    """An OpenAI-compatible endpoint: an http(s) URL with a host and, if any, a numeric port.
    Checked before any work: a malformed one was an internal error mid-run, and one the client
    could not call made a whole plan by the rules brain with no word of why."""
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - raises on a port that is no number
    except ValueError:
        parts = None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError("not an http(s) URL with a host, such as http://localhost:11434/v1")
    return value


Endpoint = Annotated[str, AfterValidator(_endpoint)]


BRAIN = ("brain",)
CRITIC = Setting(group="thresholds")  # Studio(thresholds={name: value}); names as critic.Thresholds


class Context(BaseModel):
    """How to run the crew on one project."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    project_dir: Annotated[
        PathText, Setting(studio=False, shapes=False, takes=("renderer:diffusers", "scorer:full"))
    ] = Field(".", description="Where the run keeps everything.")
    brain: Annotated[str, Setting("--brain", ALL, choices=("rules", "openai"), takes=BRAIN)] = Field(
        "rules", description="rules: offline film grammar. openai: any OpenAI-compatible endpoint."
    )
    model: Annotated[str | None, Setting("--model", ALL, takes=BRAIN, env="STORYREEL_MODEL")] = Field(
        None, description="Model for the openai brain (default: $STORYREEL_MODEL)."
    )
    base_url: Annotated[Endpoint | None, Setting("--base-url", ALL, takes=BRAIN, env="OPENAI_BASE_URL")] = (
        Field(None, description="Endpoint for the openai brain (default: $OPENAI_BASE_URL).")
    )
    prompts_dir: Annotated[PathText | None, Setting("--prompts", ALL, takes=BRAIN)] = Field(
        None, description="Folder of Jinja2 templates overriding prompts/<agent>.j2."
    )
    # The graph alone (tests, LangGraph Studio) draws and measures nothing unless told to;
    # Studio and the CLI make a film: the animatic, judged by the full scorer.
    renderer: Annotated[
        str,
        Setting("--renderer", MAKE, choices=("animatic", "diffusers", "none"), offered_default="animatic"),
    ] = Field(
        "none",
        description="animatic: a virtual camera on the CPU, no weights. diffusers: open video models "
        "on your GPU (the ml extra, local weights; see --models). none: plan only.",
    )
    models: Annotated[
        PathText | None, Setting("--models", MAKE, metavar="NAME_OR_FILE", takes=("renderer:diffusers",))
    ] = Field(
        None,
        description="Models of --renderer diffusers: ltx-video (default), wan-flf2v, tiny-random "
        "(a smoke test, noise out) or a TOML file.",
    )
    width: Annotated[
        int | None,
        Setting(
            "--resolution",
            MAKE,
            parse=parse_size,
            help="Frame size WxH (default: the bible's, 1280x720).",
            group="resolution",  # Studio(resolution=(width, height))
        ),
    ] = Field(None, description="Frame width (default: the bible's).")
    height: Annotated[int | None, Setting(group="resolution")] = Field(
        None, description="Frame height (default: the bible's)."
    )
    fps: Annotated[int | None, Setting("--fps", MAKE)] = Field(
        None, description="Frames per second (default: the bible's, 24)."
    )
    slates: Annotated[bool, Setting("--slates", MAKE)] = Field(
        False, description="A slate card at the start of each scene."
    )
    captions: Annotated[
        bool, Setting("--captions", MAKE, takes=("renderer:animatic", "renderer:diffusers"))
    ] = Field(False, description="Each shot's action written at the top of the frame.")
    keyframes_dir: Annotated[PathText | None, Setting("--keyframes", MAKE)] = Field(
        None,
        description="Folder of your own keyframe images, named <shot id>_<index>.png (or .jpg, "
        ".jpeg, .webp), e.g. s3-2_0.png.",
    )
    max_rounds: Annotated[int, Setting("--max-rounds", MAKE)] = Field(
        2, ge=0, le=10, description="Critic revision rounds per shot."
    )
    scorer: Annotated[
        str, Setting("--scorer", MAKE, choices=("full", "probe", "none"), offered_default="full")
    ] = Field(
        "none",
        description="What the critic measures: full = camera probe, keyframes, characters, "
        "framing, screen sides, facing and angle, and CameraCLIP (when weights are at hand); "
        "probe = the camera probe only; none = nothing.",
    )
    cameraclip: Annotated[  # the diffusers renderer's CLIPLoRA scores camera-LoRA weightings with it
        PathText | None,
        Setting("--cameraclip", MAKE, parse=text_or_none, takes=("renderer:diffusers", "scorer:full")),
    ] = Field(
        "default",
        description="CameraCLIP checkpoint for the full scorer: a path, 'default' (the shipped one) "
        "or 'none'.",
    )
    figures: Annotated[
        PathText | None, Setting("--figures", MAKE, parse=text_or_none, takes=("scorer:full",))
    ] = Field(
        "default",
        description="Figure detector for the full scorer's framing, screen side, facing and angle "
        "checks: an .onnx model with its .json card, 'default' (the shipped one) or 'none'.",
    )
    damping: Annotated[float, Setting(takes=("renderer:animatic",))] = Field(
        1.0,
        description="Share of each planned camera move the animatic delivers (1.0 = all); below 1 "
        "it imitates a video model that under-delivers movement.",
    )
    movement_match_min: Annotated[float, CRITIC] = Field(
        0.5,
        description="Critic: share of planned moves the probe must find (a dolly read as a zoom, "
        "or a truck as a pan, counts half).",
    )
    delivered_min: Annotated[float, CRITIC] = Field(
        0.5,
        description="Critic: least share of the planned movement a draft must deliver (halved for "
        "dolly, truck and pedestal, whose measure is rougher).",
    )
    # The shipped tiny CameraCLIP reads movement poorly (R@1 0.38): below 0 it finds the clip no
    # closer to its planned caption than to an unrelated one; on garage's 40 correct shots 1 was.
    cameraclip_min: Annotated[float, CRITIC] = Field(
        0.0,
        description="Critic: least CameraCLIP similarity to the planned camera caption (the shipped "
        "model gives a clip's own caption about 0.6 and unrelated ones about 0).",
    )
    keyframe_ssim_min: Annotated[float, CRITIC] = Field(
        0.5, description="Critic: least SSIM of frames at keyframe indices."
    )
    consistency_min: Annotated[float, CRITIC] = Field(
        0.5, description="Critic: least character consistency with the bible."
    )
    max_move_gain: Annotated[float, CRITIC] = Field(
        4.0, description="Critic: the most it multiplies a move by to make up for damping."
    )
    # The bands (tools/composition.py FRAMING_BANDS) run to the middle between neighbouring
    # framings; the margin lets a head just past an edge pass, as people differ in height.
    framing_margin: Annotated[float, CRITIC] = Field(
        0.2,
        description="Critic: how far past its framing's band the main subject's head may be, as a "
        "share of the band's edge (0.2: a close-up's head may fill 0.24 to 0.70 of the frame height).",
    )
    side_match_min: Annotated[float, CRITIC] = Field(
        1.0, description="Critic: least share of the characters found on their planned screen side."
    )
    facing_match_min: Annotated[float, CRITIC] = Field(
        0.5, description="Critic: least share of the characters found turned as planned."
    )
    angle_confidence_min: Annotated[float, CRITIC] = Field(
        0.6,
        description="Critic: how sure the detector must be of an angle other than the planned one "
        "before the draft fails on it.",
    )
    # How long to wait, how often to try again and how much to ask for: not what is made, so not
    # in the run identity. Each can come from the environment, for every command at once.
    timeout_s: Annotated[
        float,
        Setting("--timeout", ALL, metavar="SECONDS", shapes=False, takes=BRAIN, env="STORYREEL_TIMEOUT"),
    ] = Field(
        60.0,
        gt=0,
        le=3600,
        description="Seconds one model call may take, its retries included; a call that runs out "
        "is not tried again.",
    )
    max_retries: Annotated[
        int, Setting("--retries", ALL, shapes=False, takes=BRAIN, env="STORYREEL_RETRIES")
    ] = Field(
        2,
        ge=0,
        le=10,
        description="Times a call is tried again after a refused connection, HTTP 408/409/429 or "
        "a 5xx, within its deadline.",
    )
    max_reasks: Annotated[
        int, Setting("--reasks", ALL, shapes=False, takes=BRAIN, env="STORYREEL_REASKS")
    ] = Field(
        2, ge=0, le=10, description="Times the model is asked again, quoting why its answer was unusable."
    )
    max_tokens: Annotated[
        int, Setting("--max-tokens", ALL, shapes=False, takes=BRAIN, env="STORYREEL_MAX_TOKENS")
    ] = Field(
        4096,
        ge=16,
        le=1_000_000,
        description="Output budget of one model call, in tokens: a model that rambles is cut off there.",
    )
    fallback: Annotated[
        Literal["none", "rules"],
        Setting("--fallback", ALL, choices=("none", "rules"), shapes=False, takes=BRAIN),
    ] = Field(
        "none",
        description="none: a model server that refuses the key or cannot be reached at the start "
        "stops the run. rules: the rules brain answers instead, and the report says so.",
    )
    # Not a Studio keyword: it would join the run identity, and every made film would run again.
    words_per_second: Annotated[float, Setting(studio=False)] = Field(
        2.5, description="Speaking rate used to time dialogue."
    )

    @model_validator(mode="before")
    @classmethod
    def _from_environment(cls, given: Any) -> Any:
        """A setting backed by an environment variable takes its value when not given (or None)."""
        if not isinstance(given, dict):
            return given
        filled = dict(given)
        for name, _info, setting in cls.declared():
            if setting.env and filled.get(name) is None:
                value = _env(setting.env)
                if value is None:
                    filled.pop(name, None)  # its default
                else:
                    filled[name] = value
        return filled

    @classmethod
    def declared(cls) -> Iterator[tuple[str, FieldInfo, Setting]]:
        """Every field with its declaration, in order (a field without one gets the defaults)."""
        for name, info in cls.model_fields.items():
            setting = next((m for m in info.metadata if isinstance(m, Setting)), Setting())
            yield name, info, setting

    def options_for(self, component: str) -> dict[str, Any]:
        """The settings `component` ("renderer:animatic", "scorer:full", "brain") is built with."""
        return {name: getattr(self, name) for name, _, s in self.declared() if component in s.takes}
