"""The storyboard sheet: a panel per shot, relative images, placeholders, inert hostile text."""

from __future__ import annotations

import shutil
import urllib.parse
from html.parser import HTMLParser

from storyreel.tools.exports.storyboard import camera_words, storyboard_html


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def parse(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = Tags()
    parser.feed(html)
    return parser.tags


def sheet(film, cut=True) -> str:
    return storyboard_html(
        film.plan,
        film.screenplay,
        film.cut if cut else None,
        film.assets,
        project=film.project,
        title="The <Garage> & co",
    )


def test_one_panel_per_shot_grouped_by_scene(film):
    html = sheet(film)
    tags = parse(html)
    panels = [attrs["id"] for tag, attrs in tags if tag == "article"]
    assert panels == [f"shot-{s.id}" for s in film.plan.shots]
    assert [tag for tag, _ in tags].count("section") == 2
    assert "1. INT. GARAGE - NIGHT" in html
    assert ">4. <span" in html  # numbered from 1 as in the shot list
    assert "medium shot, eye level, dolly in + pan left (medium), 50 mm" in html
    assert "Nell pulls the sheet off the car." in html
    assert "didn&#x27;t you?" in html  # the dialogue it covers
    assert "<title>The &lt;Garage&gt; &amp; co</title>" in html
    assert "(planned; not yet cut)" in sheet(film, cut=False)


def test_images_are_relative_to_the_project_and_survive_a_move(film, tmp_path):
    html = sheet(film)
    sources = [attrs["src"] for tag, attrs in parse(html) if tag == "img"]
    assert len(sources) == sum(len(s.keyframes) for s in film.plan.shots)
    moved = tmp_path / "moved"
    shutil.copytree(film.project, moved)
    shutil.rmtree(film.project)
    for src in sources:
        assert src and not src.startswith(("/", "file:", "http")) and "\\" not in src
        assert (moved / urllib.parse.unquote(src)).is_file()
    panel_s4 = html[html.index('id="shot-s4"') :]
    assert 'class="placeholder"' in panel_s4 and "<img" not in panel_s4


def test_hostile_script_text_is_inert(film):
    html = sheet(film)
    tags = parse(html)
    assert {tag for tag, _ in tags} <= {
        "html", "head", "meta", "title", "style", "body", "h1", "h2", "h3", "p", "section", "div",
        "article", "span", "figure", "img", "figcaption", "dl", "dt", "dd",
    }  # fmt: skip
    assert not any(name.startswith("on") for _, attrs in tags for name in attrs)
    assert "&lt;script&gt;" in html and "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;" in html
    assert "http://" not in html and "https://" not in html and "url(" not in html


def test_camera_words_for_a_static_shot(film):
    assert camera_words(film.plan.shots[3].camera) == "extreme close-up, bird's eye / overhead, static, 35 mm"


def test_transitions_are_named_on_their_panels(film):
    html = sheet(film)
    assert "<dt>In</dt><dd>fade through #000000, 1 s</dd>" in html
    assert "<dt>Out</dt><dd>dissolve, 0.5 s</dd>" in html


def test_a_panel_shows_what_the_critic_read_of_the_picture_and_why_it_failed(film):
    from storyreel.models.critique import Round, Scores

    shot = film.plan.shots[0]
    scores = Scores(
        measured_framing="medium",
        head_height=0.12,
        measured_angle="low",
        measured_sides={"NELL": "right"},
        measured_facings={"NELL": "left"},
        crossed_line=["NELL"],
    )
    failed = Round(
        round=0,
        scores=scores,
        passed=False,
        reasons=["planned close-up, measured medium shot: the head fills 0.12"],
    )
    html = storyboard_html(
        film.plan,
        film.screenplay,
        film.cut,
        film.assets,
        project=film.project,
        title="t",
        critiques={shot.id: [failed]},
    )
    panel = html[html.index(f'id="shot-{shot.id}"') :]
    panel = panel[: panel.index("</article>")]
    assert "Critic: FAILED" in panel
    assert (
        "on screen: medium shot (head 0.12 of the frame), low angle; NELL right facing left; across the line: NELL"
        in panel
    )
    assert "planned close-up, measured medium shot: the head fills 0.12" in panel
