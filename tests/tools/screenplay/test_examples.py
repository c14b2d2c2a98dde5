"""The example scripts in examples/: each reads cleanly, and the_duet reads the same from both formats."""

from __future__ import annotations

from pathlib import Path

import pytest

from storyreel.models.screenplay import ELEMENT_TYPES, Element, Screenplay
from storyreel.tools.screenplay import read_screenplay

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"
SCRIPTS = sorted([*EXAMPLES.glob("*.fountain"), *EXAMPLES.glob("*.fdx")])

# Deliberate warnings, by file name: none so far.
EXPECTED_WARNINGS: dict[str, list[str]] = {}


def test_the_examples_are_there() -> None:
    names = {path.name for path in SCRIPTS}
    assert {"garage.fountain", "rooftop_chase.fountain", "the_duet.fountain", "the_duet.fdx"} <= names


@pytest.mark.parametrize("path", SCRIPTS, ids=lambda p: p.name)
def test_example_reads_as_a_screenplay(path: Path) -> None:
    sp = read_screenplay(path)
    assert sp.kind == "screenplay"
    assert [w.message for w in sp.warnings] == EXPECTED_WARNINGS.get(path.name, [])
    assert sp.scenes and sp.speeches() and sp.characters
    assert sp.title_page.get("title")
    assert 1 <= sp.pages <= 3.5, "examples are short: one to three pages"
    ids = [e.id for e in sp.all_elements()] + [s.id for s in sp.scenes]
    assert len(ids) == len(set(ids))
    # The JSON round trip holds.
    assert Screenplay.model_validate_json(sp.model_dump_json()) == sp


def test_garage_is_an_argument_in_one_place() -> None:
    sp = read_screenplay(EXAMPLES / "garage.fountain")
    assert len({scene.location for scene in sp.scenes}) == 1
    extensions = {s.extension for s in sp.speeches()}
    assert {"V.O.", "O.S."} <= extensions
    assert any(s.contd for s in sp.speeches())
    assert sum(len(s.parentheticals) for s in sp.speeches()) >= 5
    assert {c.name for c in sp.characters} >= {"NELL", "DANNY"}


def test_rooftop_chase_moves() -> None:
    sp = read_screenplay(EXAMPLES / "rooftop_chase.fountain")
    assert len(sp.scenes) >= 6
    assert {s.int_ext for s in sp.scenes} >= {"EXT", None}  # None: the POV and INSERT headings
    assert {s.time_of_day for s in sp.scenes} >= {"DUSK", "CONTINUOUS", "NIGHT"}
    assert any(s.heading.startswith("INSERT") for s in sp.scenes)
    assert any("POV" in s.heading for s in sp.scenes)
    transitions = [e.text for e in sp.all_elements() if e.type == "transition"]
    assert transitions == ["FADE IN:", "SMASH CUT TO:", "DISSOLVE TO:", "FADE OUT."]


def test_the_duet_fountain_uses_everything() -> None:
    sp = read_screenplay(EXAMPLES / "the_duet.fountain")
    types = {e.type for e in sp.all_elements()}
    assert types == set(ELEMENT_TYPES)  # every element type appears
    assert sp.boneyard
    assert any(s.dual for s in sp.speeches())
    styles = {span.style for e in sp.all_elements() for span in e.spans}
    assert styles == {"italic", "bold", "underline"}
    assert any(part.type == "lyric" for s in sp.speeches() for part in s.parts)
    assert any(e.notes for e in sp.all_elements())  # an inline note
    forced = {e.type for e in sp.all_elements() if e.forced}
    assert forced == {"action", "dialogue", "transition"}
    assert any(s.int_ext is None for s in sp.scenes)  # the forced heading


# -- parity: the_duet.fountain and the_duet.fdx are one script -------------------------------------
def scene_facts(sp: Screenplay) -> list[tuple]:
    return [(s.id, s.heading, s.int_ext, s.location, s.time_of_day, s.number) for s in sp.scenes]


def speech_facts(element: Element) -> tuple:
    parts = [(p.type, p.text, [(x.start, x.end, x.style) for x in p.spans]) for p in element.parts]
    spans = [(x.start, x.end, x.style) for x in element.spans]
    return (
        element.id,
        element.character,
        element.cue,
        element.extension,
        element.contd,
        element.text,
        parts,
        spans,
        element.dual,
    )


def printed(sp: Screenplay) -> list[tuple]:
    """What prints, in order, scene by scene: everything but sections, synopses and notes."""
    out: list[tuple] = []
    for scene_index, elements in [(None, sp.elements), *[(s.index, s.elements) for s in sp.scenes]]:
        for e in elements:
            if e.type in ("section", "synopsis", "note"):
                continue
            facts = (
                speech_facts(e)
                if e.type == "dialogue"
                else (e.id, e.text, [(x.start, x.end, x.style) for x in e.spans])
            )
            out.append((scene_index, e.type, facts))
    return out


def all_notes(sp: Screenplay) -> list[str]:
    notes = [n.text for e in sp.all_elements() for n in e.notes]
    notes += [n.text for s in sp.scenes for n in s.notes]
    notes += [e.text for e in sp.all_elements() if e.type == "note"]  # Fountain's stand-alone notes
    return sorted(notes)


@pytest.fixture(scope="module")
def duet() -> tuple[Screenplay, Screenplay]:
    return read_screenplay(EXAMPLES / "the_duet.fountain"), read_screenplay(EXAMPLES / "the_duet.fdx")


def test_duet_same_scenes(duet: tuple[Screenplay, Screenplay]) -> None:
    fountain, fdx = duet
    assert scene_facts(fdx) == scene_facts(fountain)
    assert [s.number for s in fdx.scenes] == ["1", "2", "3"]


def test_duet_same_speeches(duet: tuple[Screenplay, Screenplay]) -> None:
    fountain, fdx = duet
    assert [speech_facts(e) for e in fdx.speeches()] == [speech_facts(e) for e in fountain.speeches()]
    assert [(c.name, c.cues, c.speeches) for c in fdx.characters] == [
        (c.name, c.cues, c.speeches) for c in fountain.characters
    ]


def test_duet_same_transitions(duet: tuple[Screenplay, Screenplay]) -> None:
    fountain, fdx = duet

    def transitions(sp: Screenplay) -> list[tuple[str, str]]:
        return [(e.id, e.text) for e in sp.all_elements() if e.type == "transition"]

    assert transitions(fdx) == transitions(fountain)
    assert [text for _, text in transitions(fdx)] == ["FADE IN:", "CUT TO:", "WHIP PAN.", "FADE OUT."]


def test_duet_same_printed_script(duet: tuple[Screenplay, Screenplay]) -> None:
    fountain, fdx = duet
    assert printed(fdx) == printed(fountain)
    assert fdx.pages == fountain.pages


def test_duet_same_title_page_and_notes(duet: tuple[Screenplay, Screenplay]) -> None:
    fountain, fdx = duet
    assert fdx.title_page == fountain.title_page
    assert all_notes(fdx) == all_notes(fountain)
    # Fountain's stand-alone note annotates the action above it; in FDX it is that action's note.
    (standalone,) = [e for e in fountain.all_elements() if e.type == "note"]
    assert [n.text for n in fdx.element(standalone.annotates).notes] == [standalone.text]
