"""The writer: reads the script (or adapts prose into one) and builds the bible.

state.script | script_text | screenplay -> Screenplay -> Bible (characters, locations, style)
"""

from __future__ import annotations

import math
from typing import Any

from langgraph.runtime import Runtime

from storyreel.agents.brains import Task
from storyreel.agents.context import Context
from storyreel.agents.crew import Crew, crew, progress
from storyreel.agents.film_grammar.bible import write_bible
from storyreel.agents.film_grammar.prose import prose_to_fountain
from storyreel.agents.schemas import FountainDraft
from storyreel.agents.state import RESET, State, StateView, to_state
from storyreel.errors import InputError
from storyreel.models.bible import Bible, Resolution, Style
from storyreel.models.report import ReportEntry
from storyreel.models.screenplay import Scene, Screenplay
from storyreel.tools.screenplay import parse_fountain, read_screenplay

INTRODUCTION_CHARS = 400  # enough of the action that introduces a character for a prompt

# The writer starts every run: what an earlier run on the project's thread left is cleared, so
# a new script or new settings never meet the old run's clips. (Its files stay in the cache.)
FRESH_RUN: dict[str, Any] = {
    "assets": {RESET: True},
    "critiques": {RESET: True},
    "cut": {},
    "outputs": {},
    "revise": [],
    "round": 0,
}


def writer(state: State, runtime: Runtime[Context]) -> dict[str, Any]:
    """Read or adapt the screenplay, then build the bible."""
    team = crew(runtime)
    report: list[Any] = [{RESET: True}]  # a new run, a new report
    progress("writer", 0, 2, "reading the script")
    screenplay = load_screenplay(state)
    if screenplay.kind == "prose":
        screenplay, note = adapt_prose(screenplay, team)
        report.append(note)
    screenplay = ensure_scenes(screenplay)
    progress("writer", 1, 2, "building the bible")
    task = bible_task(screenplay)
    answer = team.brain.ask(task)
    report.append(answer.report(task))
    bible = with_format(answer.value, team.context)
    progress("writer", 2, 2, f"{len(bible.characters)} characters")
    return to_state({"screenplay": screenplay, "bible": bible, "report": report, **FRESH_RUN}, team.project)


def with_format(bible: Bible, context: Context) -> Bible:
    """The delivery format is the user's: the run's --resolution / --fps, or the default
    Style's where they are not given, whatever the brain's bible says (a model asked for a
    bible once set the film to 8192x8192 at 240 fps). The aspect ratio follows."""
    style, default = bible.style, Style()
    width = context.width or default.resolution.width
    height = context.height or default.resolution.height
    fps = context.fps or default.fps
    if (width, height, fps) == (style.resolution.width, style.resolution.height, style.fps):
        return bible
    divisor = math.gcd(width, height)
    new_style = Style(
        look=style.look,
        aspect_ratio=f"{width // divisor}:{height // divisor}",
        fps=fps,
        resolution=Resolution(width=width, height=height),
        seed=style.seed,
    )
    return bible.model_copy(update={"style": new_style})


def load_screenplay(state: State) -> Screenplay:
    if state.get("screenplay"):
        return StateView(state).screenplay
    if state.get("script"):
        return read_screenplay(state["script"])
    if state.get("script_text"):
        return parse_fountain(state["script_text"], source_format="text")
    raise InputError("nothing to film: give `script` (a path), `script_text` or `screenplay`")


def adapt_prose(screenplay: Screenplay, team: Crew) -> tuple[Screenplay, ReportEntry]:
    """Turn a logline or story into a screenplay, keep it in the project, say what happened."""
    prose = screenplay.prose or ""
    title = screenplay.title_page.get("title", "Untitled")

    def check(draft: FountainDraft) -> list[str]:
        parsed = parse_fountain(draft.fountain)
        return (
            []
            if parsed.kind == "screenplay" and parsed.scenes
            else ["the reply is not a Fountain screenplay with scene headings"]
        )

    task = Task(
        agent="adapter",
        output=FountainDraft,
        inputs={"prose": prose, "title": title},
        rules=lambda: FountainDraft(fountain=prose_to_fountain(prose)),
        check=check,
        label="prose",
    )
    answer = team.brain.ask(task)
    path = team.project.write_text("adapted.fountain", answer.value.fountain)
    adapted = parse_fountain(answer.value.fountain, path=str(path))
    warned = (
        {
            "warning": "the script is prose: the rules brain made an action-only screenplay of it "
            "(it invents no dialogue); use --brain openai to have it written as scenes"
        }
        if answer.brain == "rules"
        else {}
    )
    return adapted, answer.report(task, **warned, saved=str(path))


def ensure_scenes(screenplay: Screenplay) -> Screenplay:
    """A script with speeches but no scene heading gets one untitled scene holding them."""
    if screenplay.scenes or not screenplay.elements:
        return screenplay
    first = screenplay.elements[0]
    scene = Scene(
        index=0,
        id="sc-untitled",
        heading="UNTITLED SCENE",
        line=first.line,
        location="UNTITLED",
        elements=list(screenplay.elements),
    )
    return screenplay.model_copy(update={"scenes": [scene], "elements": []})


def bible_task(screenplay: Screenplay) -> Task[Bible]:
    elements = {e.id: e for e in screenplay.all_elements()}
    characters = []
    for character in screenplay.characters:
        first = elements.get(character.first_appearance.element)
        introduction = first.text if first is not None and first.type == "action" else ""
        characters.append(
            {
                "name": character.name,
                "cues": character.cues,
                "speeches": character.speeches,
                "introduction": introduction[:INTRODUCTION_CHARS],
            }
        )
    locations: dict[str, dict[str, Any]] = {}
    for scene in screenplay.scenes:
        entry = locations.setdefault(
            scene.location,
            {
                "name": scene.location,
                "int_ext": scene.int_ext,
                "times_of_day": [],
                "first_action": next(
                    (e.text[:INTRODUCTION_CHARS] for e in scene.elements if e.type == "action"), ""
                ),
            },
        )
        if scene.time_of_day and scene.time_of_day not in entry["times_of_day"]:
            entry["times_of_day"].append(scene.time_of_day)
    return Task(
        agent="writer",
        output=Bible,
        inputs={
            "title": screenplay.title_page.get("title", "Untitled"),
            "title_page": dict(screenplay.title_page),
            "characters": characters,
            "locations": list(locations.values()),
        },
        rules=lambda: write_bible(screenplay),
        check=lambda bible: bible_problems(bible, screenplay),
        label="bible",
    )


def bible_problems(bible: Bible, screenplay: Screenplay) -> list[str]:
    """A bible must have a sheet for every speaking character and every location."""
    problems = []
    sheets = {sheet.name for sheet in bible.characters}
    for character in screenplay.characters:
        if character.name not in sheets:
            problems.append(f"characters: no sheet for {character.name!r}")
    places = {sheet.name for sheet in bible.locations}
    for scene in screenplay.scenes:
        if scene.location not in places:
            problems.append(f"locations: no sheet for {scene.location!r}")
            places.add(scene.location)
    return problems
