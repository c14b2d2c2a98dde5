from __future__ import annotations

from storyreel.agents.film_grammar.prose import NOTES, prose_to_fountain
from storyreel.tools.screenplay import parse_fountain


def test_logline_becomes_one_action_scene() -> None:
    screenplay = parse_fountain(prose_to_fountain("A lighthouse keeper finds a message in a bottle."))
    assert screenplay.kind == "screenplay"
    assert screenplay.title_page["title"] == "Untitled"
    assert screenplay.title_page["notes"] == NOTES
    assert len(screenplay.scenes) == 1
    scene = screenplay.scenes[0]
    assert scene.location == "STORY" and scene.int_ext == "INT/EXT"
    assert [e.type for e in scene.elements] == ["action", "transition"]
    assert not screenplay.speeches()


def test_places_and_times_name_the_scenes() -> None:
    prose = (
        "Maggie keeps the light.\n\nAt dawn, in the old lighthouse, she climbs the stairs.\n\n"
        "That night, on the beach, she reads the letter again.\n\nShe packs a bag."
    )
    screenplay = parse_fountain(prose_to_fountain(prose))
    headings = [(s.int_ext, s.location, s.time_of_day) for s in screenplay.scenes]
    assert headings == [
        ("INT/EXT", "STORY", "CONTINUOUS"),
        ("INT", "OLD LIGHTHOUSE", "DAWN"),
        ("EXT", "BEACH", "NIGHT"),
    ]
    assert screenplay.scenes[-1].elements[1].text == "She packs a bag."


def test_markup_and_dialogue_shapes_stay_action() -> None:
    prose = "INT. NOT A HEADING\nJOHN\nHello.\n\n[[not a note]] /* not a boneyard *emphasis* _under_\n\n> centered <"
    screenplay = parse_fountain(prose_to_fountain(prose))
    assert screenplay.kind == "screenplay" and len(screenplay.scenes) == 1
    texts = [e.text for e in screenplay.scenes[0].elements if e.type == "action"]
    assert texts[0] == "INT. NOT A HEADING JOHN Hello."
    assert "*emphasis*" in texts[1] and "/*" in texts[1] and "[ [not a note] ]" in texts[1]
    assert not screenplay.speeches() and not screenplay.boneyard


def test_empty_prose_still_has_a_scene() -> None:
    screenplay = parse_fountain(prose_to_fountain("   \n\n  "))
    assert screenplay.kind == "screenplay" and len(screenplay.scenes) == 1


def test_long_story_groups_paragraphs() -> None:
    prose = "\n\n".join(f"Paragraph {i} goes on." for i in range(10))
    screenplay = parse_fountain(prose_to_fountain(prose))
    assert len(screenplay.scenes) == 4
    assert sum(e.type == "action" for s in screenplay.scenes for e in s.elements) == 10
