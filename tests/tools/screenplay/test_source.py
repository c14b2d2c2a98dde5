"""Bad input: every unusable file is one clear line naming the file (and line), never a traceback."""

from __future__ import annotations

import codecs
import os

import pytest

from storyreel.cli import main
from storyreel.errors import ScreenplayError
from storyreel.tools.screenplay import read_screenplay

GOOD = "INT. GARAGE - NIGHT\n\nBRICK\nHello.\n"


def run_cli(capsys, *args):
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.parametrize(
    "name, data, problem",
    [
        ("empty.fountain", b"", "is empty"),
        ("blank.fountain", b"  \n\n\t\n", "is empty"),
        ("nul.fountain", b"INT. A\x00\x01\x02 - DAY\n", "binary file"),
        ("noise.txt", bytes(range(1, 32)) * 40, "binary file"),
        ("script.fountain", b"%PDF-1.7\n...", "is a PDF"),
        ("script.txt", b"PK\x03\x04rest-of-zip", "zip archive"),
        ("script.fountain", b"{\\rtf1\\ansi hello}", "RTF"),
    ],
)
def test_unusable_files_are_refused_in_one_line(tmp_path, capsys, name, data, problem):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(ScreenplayError, match=problem):
        read_screenplay(path)
    code, out, err = run_cli(capsys, "parse", str(path))
    assert code == 1
    assert out == ""
    assert err.count("\n") == 1, err
    assert str(path) in err and problem in err
    assert "Traceback" not in err


def test_undecodable_bytes_name_the_line_and_column(tmp_path, capsys):
    path = tmp_path / "latin1.fountain"
    path.write_bytes("INT. CAFÉ - DAY\n\nBRICK\nHello.\n".encode() + b"Caf\xe9 au lait.\n")
    code, out, err = run_cli(capsys, "parse", str(path))
    assert code == 1 and out == ""
    assert f"{path}:5: byte 0xe9 at column 4 is not UTF-8" in err


def test_unknown_extension_names_the_readable_ones(tmp_path, capsys):
    path = tmp_path / "script.docx"
    path.write_text(GOOD)
    code, _, err = run_cli(capsys, "parse", str(path))
    assert code == 1
    assert "unknown extension '.docx'" in err and ".fountain" in err and ".fdx" in err


def test_missing_file_and_directory(tmp_path, capsys):
    code, _, err = run_cli(capsys, "parse", str(tmp_path / "nope.fountain"))
    assert code == 1 and "nope.fountain: no such file" in err
    folder = tmp_path / "folder.fountain"
    folder.mkdir()
    code, _, err = run_cli(capsys, "parse", str(folder))
    assert code == 1 and "is a directory" in err


def test_devices_and_pipes_are_refused_without_reading(tmp_path, capsys):
    # /dev/zero never ends and a FIFO with no writer blocks: both must be refused before a read
    fifo = tmp_path / "pipe.fountain"
    os.mkfifo(fifo)
    for path in ("/dev/zero", str(fifo)):
        code, _, err = run_cli(capsys, "parse", path)
        assert code == 1 and "is not a regular file" in err and len(err.strip().splitlines()) == 1


def test_size_limit_is_enforced_before_reading(tmp_path):
    path = tmp_path / "huge.fountain"
    path.write_text(GOOD * 100)
    with pytest.raises(ScreenplayError, match=r"huge.fountain: is .* MB; files over .* are refused"):
        read_screenplay(path, max_bytes=1000)
    assert read_screenplay(path).scenes  # the default limit (8 MB) lets a real script through


@pytest.mark.parametrize(
    "encode",
    [
        lambda t: t.encode("utf-8"),
        lambda t: codecs.BOM_UTF8 + t.encode("utf-8"),
        lambda t: t.replace("\n", "\r\n").encode("utf-8"),
        lambda t: t.replace("\n", "\r").encode("utf-8"),
        lambda t: t.encode("utf-16"),  # with its BOM
    ],
    ids=["lf", "bom", "crlf", "cr", "utf16"],
)
def test_encodings_and_line_endings_read_the_same(tmp_path, encode):
    path = tmp_path / "s.fountain"
    path.write_text(GOOD)
    reference = read_screenplay(path).model_dump(exclude={"source"})
    path.write_bytes(encode(GOOD))
    assert read_screenplay(path).model_dump(exclude={"source"}) == reference


def test_txt_and_extensionless_files_are_read_as_fountain_or_prose(tmp_path):
    script = tmp_path / "script"
    script.write_text(GOOD)
    assert read_screenplay(script).kind == "screenplay"
    story = tmp_path / "logline.txt"
    story.write_text("A retired detective and his former partner argue about a barbecue.\n")
    prose = read_screenplay(story)
    assert prose.kind == "prose"
    assert prose.prose.startswith("A retired detective")
    assert prose.scenes == []


# Any bytes at all, under any extension we read: a Screenplay or one ScreenplayError line.
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_FDX_BITS = [
    b"<?xml version='1.0'?>",
    b"<FinalDraft>",
    b"</FinalDraft>",
    b"<Content>",
    b"</Content>",
    b'<Paragraph Type="Action">',
    b'<Paragraph Type="Character">',
    b"</Paragraph>",
    b"<Text>",
    b"</Text>",
    b'<Text Style="Bold">',
    b"<!DOCTYPE x>",
    b"&amp;",
    b"&lt;",
    b"BRICK",
    b"\n",
    b"\xff",
]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    data=st.one_of(st.binary(max_size=400), st.lists(st.sampled_from(_FDX_BITS), max_size=40).map(b"".join)),
    suffix=st.sampled_from([".fountain", ".fdx", ".txt"]),
)
def test_any_bytes_give_a_screenplay_or_one_error_line(tmp_path, data, suffix):
    path = tmp_path / f"fuzz{suffix}"
    path.write_bytes(data)
    try:
        read_screenplay(path)
    except ScreenplayError as error:
        assert "\n" not in str(error) and str(error).startswith(str(path))
