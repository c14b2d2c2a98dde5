"""The Final Draft reader: every paragraph type, styles, title page, notes, lines, hostile XML."""

from __future__ import annotations

from pathlib import Path

import pytest

from storyreel.errors import ScreenplayError
from storyreel.tools.screenplay import read_screenplay
from storyreel.tools.screenplay.fdx import parse_fdx

FIXTURES = Path(__file__).parent / "fixtures"

HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="no" ?>\n'


def fdx(content: str, extra: str = "") -> bytes:
    """A Final Draft document around `content` paragraphs (the XML declaration is line 1)."""
    return (
        HEAD
        + '<FinalDraft DocumentType="Script" Template="No" Version="5">\n'
        + "<Content>\n"
        + content.strip("\n")
        + "\n</Content>\n"
        + extra
        + "</FinalDraft>\n"
    ).encode()


def para(kind: str, text: str, **attrs: str) -> str:
    extra = "".join(f' {k}="{v}"' for k, v in attrs.items())
    return f'<Paragraph Type="{kind}"{extra}><Text>{text}</Text></Paragraph>'


def parse(content: str, extra: str = ""):
    return parse_fdx(fdx(content, extra), path="t.fdx", sha256="abc")


# -- paragraph types ------------------------------------------------------------------------------
def test_scene_heading_with_number_becomes_a_scene() -> None:
    sp = parse(para("Scene Heading", "INT. BRICK'S GARAGE - NIGHT", Number="12A"))
    assert sp.kind == "screenplay"
    assert sp.source.format == "fdx" and sp.source.sha256 == "abc" and sp.source.path == "t.fdx"
    (scene,) = sp.scenes
    assert scene.heading == "INT. BRICK'S GARAGE - NIGHT"
    assert scene.number == "12A"
    assert (scene.int_ext, scene.location, scene.time_of_day) == ("INT", "BRICK'S GARAGE", "NIGHT")
    assert scene.id.startswith("sc-")


def test_scene_heading_without_number() -> None:
    sp = parse(para("Scene Heading", "EXT. ROOF - DAWN"))
    assert sp.scenes[0].number is None


@pytest.mark.parametrize("kind", ["Action", "Shot", "General", "Cast List"])
def test_action_like_paragraphs_are_action(kind: str) -> None:
    sp = parse(para("Scene Heading", "INT. ROOM - DAY") + "\n" + para(kind, "A door slams."))
    (element,) = sp.scenes[0].elements
    assert (element.type, element.text) == ("action", "A door slams.")
    assert element.id.startswith("a-")
    assert sp.warnings == []


def test_centered_action_is_centered() -> None:
    sp = parse(para("Transition", "FADE OUT.") + "\n" + para("Action", "THE END", Alignment="Center"))
    assert [(e.type, e.text) for e in sp.elements] == [("transition", "FADE OUT."), ("centered", "THE END")]


def test_transition() -> None:
    sp = parse(para("Scene Heading", "INT. ROOM - DAY") + "\n" + para("Transition", "SMASH CUT TO:"))
    (element,) = sp.scenes[0].elements
    assert (element.type, element.text, element.forced) == ("transition", "SMASH CUT TO:", False)


def test_character_parenthetical_dialogue_lyrics_make_one_speech() -> None:
    sp = parse(
        "\n".join(
            [
                para("Scene Heading", "INT. ROOM - DAY"),
                para("Character", "BRICK (V.O.) (CONT'D)"),
                para("Parenthetical", "(quietly)"),
                para("Dialogue", "First line."),
                para("Dialogue", "Second line."),
                para("Parenthetical", "beat"),  # Final Draft may leave the brackets out
                para("Lyrics", "La la la."),
                para("Dialogue", "Done."),
                para("Action", "He leaves."),
            ]
        )
    )
    speech, action = sp.scenes[0].elements
    assert speech.type == "dialogue"
    assert (speech.character, speech.cue, speech.extension, speech.contd) == (
        "BRICK",
        "BRICK (V.O.) (CONT'D)",
        "V.O.",
        True,
    )
    assert [(p.type, p.text) for p in speech.parts] == [
        ("parenthetical", "(quietly)"),
        ("speech", "First line.\nSecond line."),
        ("parenthetical", "(beat)"),
        ("lyric", "La la la."),
        ("speech", "Done."),
    ]
    assert speech.text == "First line.\nSecond line.\nLa la la.\nDone."
    assert speech.parentheticals == ["(quietly)", "(beat)"]
    assert action.type == "action"
    assert [c.name for c in sp.characters] == ["BRICK"]


def test_lyrics_outside_a_speech_are_a_lyric_element() -> None:
    sp = parse(
        para("Transition", "CUT TO:") + para("Action", "They sing.") + para("Lyrics", "Salt on the window")
    )
    assert [(e.type, e.text) for e in sp.elements[1:]] == [
        ("action", "They sing."),
        ("lyric", "Salt on the window"),
    ]


def test_dialogue_without_character_is_action_with_a_warning() -> None:
    sp = parse(para("Scene Heading", "INT. ROOM - DAY") + "\n" + para("Dialogue", "Who said this?"))
    assert sp.scenes[0].elements[0].type == "action"
    assert len(sp.warnings) == 1 and "no Character" in sp.warnings[0].message
    assert sp.warnings[0].line == 5


def test_unknown_paragraph_type_is_action_with_one_warning() -> None:
    sp = parse(
        "\n".join(
            [para("Scene Heading", "INT. ROOM - DAY"), para("New Act", "ACT ONE"), para("New Act", "ACT TWO")]
        )
    )
    assert [e.type for e in sp.scenes[0].elements] == ["action", "action"]
    assert len(sp.warnings) == 1 and "'New Act'" in sp.warnings[0].message


def test_empty_paragraphs_are_skipped() -> None:
    sp = parse(
        para("Scene Heading", "INT. ROOM - DAY")
        + '\n<Paragraph Type="Action"><Text></Text></Paragraph>\n<Paragraph Type="Action"/>\n'
        + para("Action", "Something.")
    )
    assert [e.text for e in sp.scenes[0].elements] == ["Something."]


def test_starts_new_page_is_a_page_break() -> None:
    sp = parse(
        para("Scene Heading", "INT. ROOM - DAY")
        + "\n"
        + para("Scene Heading", "INT. HALL - DAY", StartsNewPage="Yes")
    )
    assert [e.type for e in sp.scenes[0].elements] == ["page_break"]
    assert sp.scenes[1].elements == []


def test_multiline_text_keeps_its_lines() -> None:
    sp = parse(
        '<Paragraph Type="Action"><Text>One.\n\tTwo.  </Text></Paragraph>\n' + para("Transition", "CUT TO:")
    )
    assert sp.elements[0].text == "One.\n    Two."


# -- dual dialogue -----------------------------------------------------------------------------
DUAL = """
<Paragraph Type="Scene Heading"><Text>INT. ROOM - DAY</Text></Paragraph>
<Paragraph>
  <DualDialogue>
    <Paragraph Type="Character"><Text>BRICK</Text></Paragraph>
    <Paragraph Type="Dialogue"><Text>Screw retirement.</Text></Paragraph>
    <Paragraph Type="Character"><Text>STEEL</Text></Paragraph>
    <Paragraph Type="Parenthetical"><Text>(same time)</Text></Paragraph>
    <Paragraph Type="Dialogue"><Text>Screw retirement.</Text></Paragraph>
  </DualDialogue>
</Paragraph>
<Paragraph Type="Character"><Text>BRICK</Text></Paragraph>
<Paragraph Type="Dialogue"><Text>After you.</Text></Paragraph>
"""


def test_dual_dialogue_marks_both_speeches() -> None:
    sp = parse(DUAL)
    speeches = sp.speeches()
    assert [(s.character, s.dual) for s in speeches] == [("BRICK", True), ("STEEL", True), ("BRICK", False)]
    assert speeches[1].parts[0].text == "(same time)"
    assert len({s.id for s in speeches}) == 3


def test_bare_dual_dialogue_element_is_read_too() -> None:
    sp = parse(
        DUAL.replace("<Paragraph>\n  <DualDialogue>", "<DualDialogue>").replace(
            "</DualDialogue>\n</Paragraph>", "</DualDialogue>"
        )
    )
    assert [s.dual for s in sp.speeches()] == [True, True, False]


def test_dual_dialogue_with_one_speech_warns() -> None:
    sp = parse(
        "<Paragraph><DualDialogue>"
        + para("Character", "BRICK")
        + para("Dialogue", "Alone.")
        + "</DualDialogue></Paragraph>"
    )
    assert sp.speeches()[0].dual is False
    assert "fewer than two" in sp.warnings[0].message


# -- styles ----------------------------------------------------------------------------------------
def test_styles_become_spans_over_plain_text() -> None:
    sp = parse(
        '<Paragraph Type="Action"><Text>A </Text><Text Style="Bold">bold</Text><Text> and </Text>'
        '<Text Style="Italic">italic</Text><Text>, </Text><Text Style="Bold+Underline">both</Text>'
        '<Text Style="AllCaps">, shout</Text><Text Style="Strikeout"> gone?</Text></Paragraph>\n'
        + para("Transition", "CUT TO:")
    )
    action = sp.elements[0]
    assert action.text == "A bold and italic, both, SHOUT gone?"
    spans = [(s.start, s.end, s.style, action.text[s.start : s.end]) for s in action.spans]
    assert spans == [
        (2, 6, "bold", "bold"),
        (11, 17, "italic", "italic"),
        (19, 23, "bold", "both"),
        (19, 23, "underline", "both"),
    ]


def test_adjacent_runs_merge_and_spans_never_cross_lines() -> None:
    sp = parse(
        '<Paragraph Type="Action"><Text Style="Italic">one </Text><Text Style="Italic+Bold">two'
        "\nthree</Text></Paragraph>\n" + para("Transition", "CUT TO:")
    )
    action = sp.elements[0]
    assert action.text == "one two\nthree"
    assert [(s.start, s.end, s.style) for s in action.spans] == [
        (0, 7, "italic"),
        (4, 7, "bold"),
        (8, 13, "bold"),
        (8, 13, "italic"),
    ]


def test_spans_in_a_speech_shift_like_fountain() -> None:
    sp = parse(
        para("Character", "ROSA")
        + para("Dialogue", "Plain.")
        + '<Paragraph Type="Dialogue"><Text>It is </Text><Text Style="Italic">keep</Text></Paragraph>'
    )
    speech = sp.speeches()[0]
    assert speech.text == "Plain.\nIt is keep"
    assert [(s.start, s.end) for s in speech.spans] == [(13, 17)]
    assert speech.text[13:17] == "keep"
    assert [(s.start, s.end) for s in speech.parts[0].spans] == [(13, 17)]


# -- lines -------------------------------------------------------------------------------------------
def test_element_lines_are_xml_lines() -> None:
    data = fdx(
        """
<Paragraph Type="Scene Heading">
  <Text>INT. ROOM - DAY</Text>
</Paragraph>
<Paragraph Type="Action"><Text>Quiet.</Text></Paragraph>

<Paragraph Type="Character"><Text>ANNA</Text></Paragraph>
<Paragraph Type="Parenthetical"><Text>(soft)</Text></Paragraph>
<Paragraph Type="Dialogue"><Text>Hello.</Text></Paragraph>
"""
    )
    sp = parse_fdx(data)
    lines = data.decode().split("\n")
    scene = sp.scenes[0]
    assert scene.line == 4 and lines[scene.line - 1].startswith('<Paragraph Type="Scene Heading"')
    action, speech = scene.elements
    assert action.line == 7 and "Quiet." in lines[action.line - 1]
    assert speech.line == 9 and "ANNA" in lines[speech.line - 1]
    assert [p.line for p in speech.parts] == [10, 11]


# -- title page --------------------------------------------------------------------------------------
TITLE_PAGE = """<TitlePage><Content>
<Paragraph Alignment="Center"><Text>BRICK &amp; STEEL</Text></Paragraph>
<Paragraph Alignment="Center"><Text>FULL RETIRED</Text></Paragraph>
<Paragraph Alignment="Center"><Text></Text></Paragraph>
<Paragraph Alignment="Center"><Text>Written by</Text></Paragraph>
<Paragraph Alignment="Center"><Text></Text></Paragraph>
<Paragraph Alignment="Center"><Text>Stu Maschwitz</Text></Paragraph>
<Paragraph Alignment="Center"><Text></Text></Paragraph>
<Paragraph Alignment="Center"><Text>Based on the novel by J. Doe</Text></Paragraph>
<Paragraph Alignment="Left"><Text>Logline Films</Text></Paragraph>
<Paragraph Alignment="Left"><Text>1223 Main St</Text></Paragraph>
<Paragraph Alignment="Right"><Text>Second draft</Text></Paragraph>
<Paragraph Alignment="Right"><Text>1/27/2012</Text></Paragraph>
<Paragraph Alignment="Left"><Text></Text></Paragraph>
<Paragraph Alignment="Left"><Text>Copyright (c) 2012</Text></Paragraph>
</Content></TitlePage>
"""


def test_title_page_keys_are_guessed_from_layout() -> None:
    sp = parse(para("Scene Heading", "INT. ROOM - DAY"), extra=TITLE_PAGE)
    assert sp.title_page == {
        "title": "BRICK & STEEL\nFULL RETIRED",
        "credit": "Written by",
        "author": "Stu Maschwitz",
        "source": "Based on the novel by J. Doe",
        "contact": "Logline Films\n1223 Main St",
        "draft_date": "Second draft\n1/27/2012",
        "copyright": "Copyright (c) 2012",
    }


def test_title_page_credit_and_author_in_one_block() -> None:
    page = (
        "<TitlePage><Content>"
        '<Paragraph Alignment="Center"><Text>STAND BY</Text></Paragraph>'
        '<Paragraph Alignment="Center"><Text>by</Text></Paragraph>'
        '<Paragraph Alignment="Center"><Text>Ann Lee</Text></Paragraph>'
        '<Paragraph Alignment="Center"><Text>and Bo Lee</Text></Paragraph>'
        "<Paragraph><Text></Text></Paragraph>"
        '<Paragraph Alignment="Center"><Text>Early version</Text></Paragraph>'
        "</Content></TitlePage>"
    )
    sp = parse(para("Scene Heading", "INT. ROOM - DAY"), extra=page)
    assert sp.title_page == {
        "title": "STAND BY",
        "credit": "by",
        "author": "Ann Lee\nand Bo Lee",
        "notes": "Early version",
    }


def test_no_title_page_is_empty() -> None:
    assert parse(para("Scene Heading", "INT. ROOM - DAY")).title_page == {}


# -- script notes ------------------------------------------------------------------------------------
def test_script_notes_land_on_the_paragraph_holding_their_range() -> None:
    # Offsets count paragraph text with one character between paragraphs:
    # "INT. ROOM - DAY" 0-15, "Quiet." 16-22, "ANNA" 23-27, "Hello." 28-34
    content = "\n".join(
        [
            para("Scene Heading", "INT. ROOM - DAY"),
            para("Action", "Quiet."),
            para("Character", "ANNA"),
            para("Dialogue", "Hello."),
        ]
    )
    notes = (
        "<ScriptNotes>\n"
        '<ScriptNote Range="3,8"><Paragraph><Text>On the heading.</Text></Paragraph></ScriptNote>\n'
        '<ScriptNote Range="18,20"><Paragraph><Text>Louder.</Text></Paragraph>'
        "<Paragraph><Text>Much louder.</Text></Paragraph></ScriptNote>\n"
        '<ScriptNote Range="30,31"><Paragraph><Text>Warmer.</Text></Paragraph></ScriptNote>\n'
        '<ScriptNote Range="500,510"><Paragraph><Text>Lost.</Text></Paragraph></ScriptNote>\n'
        "</ScriptNotes>\n"
    )
    sp = parse(content, extra=notes)
    scene = sp.scenes[0]
    action, speech = scene.elements
    assert [n.text for n in scene.notes] == ["On the heading."]
    assert [n.text for n in action.notes] == ["Louder.\nMuch louder."]
    assert [n.text for n in speech.notes] == ["Warmer."]
    assert scene.notes[0].line == 10  # the <ScriptNote> line
    assert len(sp.warnings) == 1 and "500,510" in sp.warnings[0].message


def test_script_note_inside_a_paragraph() -> None:
    sp = parse(
        para("Scene Heading", "INT. ROOM - DAY") + '<Paragraph Type="Action"><Text>Quiet.</Text>'
        "<ScriptNote><Paragraph><Text>Inline.</Text></Paragraph></ScriptNote></Paragraph>"
    )
    action = sp.scenes[0].elements[0]
    assert action.text == "Quiet."
    assert [n.text for n in action.notes] == ["Inline."]


# -- prose -------------------------------------------------------------------------------------------
def test_nothing_screenplay_shaped_is_prose() -> None:
    sp = parse(para("Action", "Once upon a time.") + para("General", "The end."))
    assert sp.kind == "prose"
    assert sp.prose == "Once upon a time.\n\nThe end."
    assert sp.elements == [] and sp.pages == 0.0


# -- bad and hostile input -------------------------------------------------------------------------
def one_line(error: ScreenplayError) -> str:
    message = str(error)
    assert "\n" not in message
    assert "Traceback" not in message
    return message


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<FinalDraft><Content><Paragraph Type="Action"><Text>&lol9;</Text></Paragraph></Content></FinalDraft>
"""


def test_billion_laughs_is_refused() -> None:
    with pytest.raises(ScreenplayError) as info:
        parse_fdx(BILLION_LAUGHS, path="bomb.fdx")
    message = one_line(info.value)
    assert message.startswith("bomb.fdx:3: ")  # the first entity declaration
    assert "refused" in message and "entit" in message
    assert "EntitiesForbidden" not in message


def test_external_entity_is_refused_without_reading_the_file(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT")
    data = (
        '<?xml version="1.0"?>\n'
        f'<!DOCTYPE FinalDraft [<!ENTITY xxe SYSTEM "file://{secret}">]>\n'
        '<FinalDraft><Content><Paragraph Type="Action"><Text>&xxe;</Text></Paragraph></Content></FinalDraft>\n'
    ).encode()
    with pytest.raises(ScreenplayError) as info:
        parse_fdx(data, path="xxe.fdx")
    message = one_line(info.value)
    assert message.startswith("xxe.fdx:2: ") and "refused" in message
    assert "TOP-SECRET" not in message


def test_external_entity_to_etc_passwd_is_refused() -> None:
    data = FIXTURES.joinpath("xxe_passwd.fdx").read_bytes()
    with pytest.raises(ScreenplayError) as info:
        parse_fdx(data, path="xxe_passwd.fdx")
    assert "root:" not in one_line(info.value)


def test_a_bare_doctype_is_harmless_and_read() -> None:
    data = (
        b'<?xml version="1.0"?>\n<!DOCTYPE FinalDraft>\n<FinalDraft><Content>'
        b'<Paragraph Type="Scene Heading"><Text>INT. A - DAY</Text></Paragraph></Content></FinalDraft>'
    )
    assert parse_fdx(data, path="t.fdx").scenes[0].location == "A"


def test_malformed_xml_names_the_line() -> None:
    data = fdx(para("Action", "Fine.") + '\n<Paragraph Type="Action"><Text>Broken</Paragraph>')
    with pytest.raises(ScreenplayError) as info:
        parse_fdx(data, path="broken.fdx")
    message = one_line(info.value)
    assert message.startswith("broken.fdx:5: is not well-formed XML: mismatched tag")
    assert info.value.line == 5


def test_undefined_entity_is_malformed() -> None:
    with pytest.raises(ScreenplayError, match=r"^t\.fdx:4: is not well-formed XML: undefined entity"):
        parse_fdx(fdx(para("Action", "&nbsp;")), path="t.fdx")


def test_truncated_file_is_malformed() -> None:
    with pytest.raises(ScreenplayError, match="is not well-formed XML"):
        parse_fdx(fdx(para("Action", "x"))[:-30], path="t.fdx")


def test_wrong_root_is_refused() -> None:
    data = b'<?xml version="1.0"?>\n\n<html><body>Hello</body></html>'
    with pytest.raises(ScreenplayError) as info:
        parse_fdx(data, path="page.fdx")
    assert one_line(info.value) == (
        "page.fdx:3: is not a Final Draft document: the root element is <html>, not <FinalDraft>"
    )


def test_no_content_is_refused() -> None:
    data = b'<?xml version="1.0"?>\n<FinalDraft Version="5"><TitlePage/></FinalDraft>'
    with pytest.raises(ScreenplayError, match=r"^t\.fdx:2: has no <Content> element"):
        parse_fdx(data, path="t.fdx")


def test_read_screenplay_dispatches_fdx(tmp_path: Path) -> None:
    path = tmp_path / "scene.fdx"
    path.write_bytes(fdx(para("Scene Heading", "INT. ROOM - DAY", Number="1")))
    sp = read_screenplay(path)
    assert sp.source.format == "fdx" and sp.source.path == str(path)
    assert len(sp.source.sha256) == 64
    assert sp.scenes[0].number == "1"


def test_utf16_fdx_is_read() -> None:
    data = (
        '<?xml version="1.0" encoding="UTF-16"?>\n<FinalDraft><Content>'
        + para("Scene Heading", "INT. CAFÉ – NIGHT")
        + "</Content></FinalDraft>"
    )
    sp = parse_fdx(data.encode("utf-16"))
    assert sp.scenes[0].location == "CAFÉ"
