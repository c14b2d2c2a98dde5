"""The studio in a real browser: Playwright drives Debian's headless Chromium against a real
uvicorn serving a garage made once (animatic, 160x90: real pictures, small and fast).

    open the project -> a panel per plan.json shot -> play a second of the film -> type
    "shot 2 tighter" -> the version list grows, panel 2's camera words change (in a second tab
    too) -> undo -> they are back

Chromium comes from the system (`apt-get install chromium`), never from Playwright's download,
which is not reachable here. Without it these tests skip, unless STORYREEL_REQUIRE_BROWSER is set
(.ci/run sets it): then they fail, so CI cannot pass without having run them.

`python tests/web/test_browser.py --docs` remakes docs/studio.png from a 640x360 garage.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples"
ARTIFACTS = REPO / "tests" / "artifacts"
SMALL = {"resolution": (160, 90), "fps": 12, "scorer": "none"}  # the animatic, ~20 s to make
VIEWPORT = {"width": 1440, "height": 900}
WAIT_MS = 60_000  # a note re-renders one shot in a few seconds; a busy CI machine gets slack
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
REQUIRED = bool(os.environ.get("STORYREEL_REQUIRE_BROWSER"))

try:
    from playwright.sync_api import Page, expect, sync_playwright

    expect.set_options(timeout=WAIT_MS)  # its own default is 5 s, short for a busy CI machine
except ImportError:  # the dev extra is not installed
    sync_playwright = None


def _unavailable() -> str | None:
    if sync_playwright is None:
        return "the playwright package is not installed (pip install -e '.[dev]')"
    if CHROMIUM is None:
        return "no chromium on PATH (apt-get install chromium)"
    return None


@pytest.fixture(scope="module")
def chromium_path() -> str:
    missing = _unavailable()
    if missing and REQUIRED:
        pytest.fail(f"STORYREEL_REQUIRE_BROWSER is set but {missing}", pytrace=False)
    if missing:
        pytest.skip(missing)
    return CHROMIUM


def make_garage(folder: Path, **settings) -> Path:
    from storyreel.api import Studio

    Studio(folder, **settings).make(EXAMPLES / "garage.fountain")
    return folder


@contextmanager
def studio(projects: list[Path], root: Path) -> Iterator[str]:
    """A real studio on 127.0.0.1, port chosen, on a thread; yields its URL."""
    from storyreel.web.app import create_app
    from storyreel.web.server import serving

    with serving(create_app(projects, root=root)) as url:
        yield url


@contextmanager
def chromium(path: str) -> Iterator:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=path,
            headless=True,
            args=["--autoplay-policy=no-user-gesture-required", "--mute-audio"],
        )
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="module")
def garage(tmp_path_factory, chromium_path) -> Path:
    return make_garage(tmp_path_factory.mktemp("browser") / "garage", **SMALL)


@pytest.fixture(scope="module")
def url(garage, tmp_path_factory) -> Iterator[str]:
    with studio([garage], tmp_path_factory.mktemp("root")) as base:
        yield base


@pytest.fixture(scope="module")
def browser(chromium_path):
    with chromium(chromium_path) as launched:
        yield launched


@pytest.fixture
def context(browser):
    context = browser.new_context(viewport=VIEWPORT)
    context.set_default_timeout(WAIT_MS)
    yield context
    context.close()


@pytest.fixture
def page(context) -> Iterator[Page]:
    """A tab whose script errors fail the test."""
    tab, errors = watched(context)
    yield tab
    assert not errors, errors


def watched(context) -> tuple[Page, list[str]]:
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    return tab, errors


def plan_ids(garage: Path) -> list[str]:
    return [shot["id"] for shot in json.loads((garage / "plan.json").read_text())["shots"]]


def open_project(tab: Page, url: str, pid: str = "garage") -> None:
    """From the start page, as a director would: click the film."""
    tab.goto(f"{url}/")
    tab.locator(f"[data-testid=project][data-project='{pid}']").get_by_role("link").click()
    expect(tab.get_by_test_id("panel").first).to_be_visible()


def camera_of(tab: Page, number: int):
    return tab.locator(f"[data-testid=panel][data-number='{number}'] [data-testid=panel-camera]")


def versions(tab: Page):
    return tab.get_by_test_id("version")


# -- the loop --------------------------------------------------------------------------------------


def test_the_storyboard_has_a_panel_per_shot_of_the_plan_in_film_order(page, url, garage):
    open_project(page, url)
    ids = plan_ids(garage)
    expect(page.get_by_test_id("shot-count")).to_contain_text(f"{len(ids)} shots")
    board = page.get_by_test_id("storyboard")
    seen: dict[int, str] = {}
    most_in_dom = 0
    for _ in range(100):  # scroll the virtualised board top to bottom, a screen at a time
        page.wait_for_function("!document.querySelector('.panel.placeholder')")
        panels = page.locator("[data-testid=panel]")
        most_in_dom = max(most_in_dom, panels.count())
        for index, shot_id in page.eval_on_selector_all(
            "[data-testid=panel]", "els => els.map(e => [Number(e.dataset.index), e.dataset.shotId])"
        ):
            seen[index] = shot_id
        if board.evaluate("b => b.scrollTop + b.clientHeight >= b.scrollHeight - 1"):
            break
        board.evaluate("b => b.scrollBy(0, b.clientHeight)")
    assert [seen[i] for i in sorted(seen)] == ids
    assert most_in_dom < len(ids), "the storyboard should draw only the panels near the view"
    assert page.get_by_test_id("marker").count() == len(ids)


def test_the_film_plays_and_the_current_shot_follows_the_playhead(page, url, garage):
    open_project(page, url)
    video = page.get_by_test_id("player")
    page.wait_for_function("document.querySelector('video').readyState >= 2")
    start = video.evaluate("v => v.currentTime")
    video.evaluate("v => v.play()")
    page.wait_for_function(f"document.querySelector('video').currentTime >= {start + 1.0}", timeout=WAIT_MS)
    video.evaluate("v => v.pause()")
    assert video.evaluate("v => v.currentTime") >= start + 1.0
    # a click on panel 3 seeks the film into shot 3 and opens its inspector
    page.locator("[data-testid=panel][data-number='3']").click()
    expect(page.get_by_test_id("inspector-title")).to_have_text("Shot 3")
    expect(page.locator(".panel.current")).to_have_attribute("data-number", "3")
    expect(page.locator(".marker.current")).to_have_attribute("data-index", "2")
    expect(page.get_by_test_id("this-shot-label")).to_have_text("this shot = shot 3")
    # the timeline steps shot by shot; the board scrolls the current panel into view
    last = len(plan_ids(garage))
    page.get_by_test_id("timeline").press("End")
    expect(page.locator(".panel.current")).to_have_attribute("data-number", str(last))
    expect(page.locator(".panel.current")).to_be_in_viewport()
    page.get_by_test_id("timeline").press("ArrowLeft")
    expect(page.locator(".marker.current")).to_have_attribute("data-index", str(last - 2))


def test_a_note_changes_panel_2_in_both_tabs_and_undo_brings_it_back(context, url):
    tab, errors = watched(context)
    other, other_errors = watched(context)
    open_project(tab, url)
    open_project(other, url)
    before = camera_of(tab, 2).inner_text()
    count = versions(tab).count()
    tab.get_by_test_id("player").evaluate("v => { v.currentTime = 3.0 }")
    untouched = tab.locator("[data-testid=panel][data-number='8']")  # another row than shot 2's
    untouched.evaluate("el => { el.dataset.tagged = 'yes' }")

    tab.get_by_test_id("chat-input").fill("shot 2 tighter")
    tab.get_by_test_id("chat-send").click()
    expect(versions(tab)).to_have_count(count + 1)
    expect(camera_of(tab, 2)).not_to_have_text(before)
    expect(camera_of(tab, 2)).to_contain_text("close-up")
    expect(tab.get_by_test_id("chat-reading")).to_contain_text("shot 2")
    expect(camera_of(other, 2)).to_contain_text("close-up")  # the other tab refetched on `changed`
    assert untouched.get_attribute("data-tagged") == "yes", "a panel the note did not change was redrawn"
    # the player took the new cut and kept the director's place in the film
    tab.wait_for_function(f"document.querySelector('video').src.endsWith('v={count + 1}')")
    tab.wait_for_function("document.querySelector('video').readyState >= 1")
    assert abs(tab.get_by_test_id("player").evaluate("v => v.currentTime") - 3.0) < 0.5
    tab.locator("[data-testid=panel][data-number='2']").click()
    expect(tab.get_by_test_id("inspector-changes")).to_contain_text("shot 2 tighter")
    ARTIFACTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / "studio.png"))

    tab.get_by_test_id("undo").click()
    expect(camera_of(tab, 2)).to_have_text(before)
    expect(camera_of(other, 2)).to_have_text(before)
    expect(tab.locator("[data-testid=version][aria-current=true]")).to_have_attribute(
        "data-version", str(count)
    )
    assert not errors and not other_errors, errors + other_errors


def test_a_question_shows_its_choices_and_a_choice_answers_it(page, url):
    open_project(page, url)
    count = versions(page).count()
    page.get_by_test_id("chat-input").fill("shot 3 tighter or wider")
    page.get_by_test_id("chat-input").press("Enter")
    expect(page.get_by_test_id("chat-question")).to_have_text("Tighter or wider?")
    choices = page.get_by_test_id("chat-choice")
    # whole notes, as the reply's `choices` field has them (the question's text says only "Tighter or wider?")
    expect(choices).to_have_text(["shot 3 tighter", "shot 3 wider"])
    assert versions(page).count() == count  # a question changes nothing
    choices.nth(1).click()
    expect(page.get_by_test_id("msg-you").last).to_contain_text("shot 3 wider")  # the choice, sent as it is
    expect(page.get_by_test_id("chat-reading")).to_contain_text("shot 3")
    expect(versions(page)).to_have_count(count + 1)


def test_the_servers_one_line_refusal_is_what_the_page_shows(page, url):
    open_project(page, url)
    page.get_by_test_id("chat-input").fill("tighter " * 300)  # over the note length limit
    page.get_by_test_id("chat-send").click()
    error = page.get_by_test_id("chat-error")
    expect(error).to_contain_text("2000 characters")
    assert "\n" not in error.inner_text()


def test_the_diff_shows_what_a_note_changed_shot_by_shot(page, url):
    open_project(page, url)
    count = versions(page).count()
    page.get_by_test_id("chat-input").fill("shot 4 from below")
    page.get_by_test_id("chat-send").click()
    expect(versions(page)).to_have_count(count + 1)
    newest = versions(page).first  # the list is newest first
    parent = page.locator("[data-testid=version][aria-current=true]").get_attribute("data-version")
    assert newest.get_attribute("data-version") == str(count + 1)
    newest.get_by_role("button", name="what changed").click()
    dialog = page.get_by_test_id("diff-dialog")
    expect(dialog).to_be_visible()
    expect(page.get_by_test_id("diff-title")).to_contain_text(f"to v{count + 1}")
    group = dialog.get_by_test_id("diff-group").first
    expect(group).to_contain_text("Shot 4")
    expect(group).to_contain_text("camera.angle")
    assert parent == str(count + 1)
    dialog.get_by_test_id("diff-close").click()
    # any version can be shown again
    versions(page).last.get_by_test_id("checkout").click()
    expect(page.locator("[data-testid=version][aria-current=true]")).to_have_attribute("data-version", "1")
    expect(page.get_by_test_id("current-version")).to_have_text("v1")


def test_export_links_download_the_current_files(page, url):
    open_project(page, url)
    for kind, suffix in [("srt", ".srt"), ("otio", ".otio")]:
        with page.expect_download() as download:
            page.get_by_test_id(f"export-{kind}").click()
        assert download.value.suggested_filename.endswith(suffix)


SCRIPT = "INT. DINER - DAY\n\nMARA pours coffee. JON waits.\n\nMARA\nSame as always?\n\nJON\nNever.\n"
# Every progress stage the page draws, kept in sessionStorage: the page leaves for the film when
# the make ends, and the record must outlive it.
RECORD_STAGES = """
new MutationObserver(() => {
  const seen = new Set(JSON.parse(sessionStorage.getItem("stages") || "[]"));
  for (const el of document.querySelectorAll("[data-stage]")) seen.add(el.dataset.stage);
  sessionStorage.setItem("stages", JSON.stringify([...seen]));
}).observe(document, { subtree: true, childList: true });
"""


def test_a_new_film_from_an_uploaded_script_shows_its_make_and_opens(page, url):
    page.add_init_script(RECORD_STAGES)
    page.goto(f"{url}/")
    page.get_by_test_id("new-script-path").fill("/no/such/script.fountain")
    page.get_by_test_id("new-submit").click()
    expect(page.get_by_test_id("new-error")).to_contain_text("no such file")
    page.get_by_test_id("new-script-path").fill("")
    page.get_by_test_id("new-script-file").set_input_files(
        files=[{"name": "diner.fountain", "mimeType": "text/plain", "buffer": SCRIPT.encode()}]
    )
    page.get_by_test_id("new-resolution").fill("160x90")
    page.get_by_test_id("new-submit").click()
    expect(page.get_by_test_id("make-progress")).to_be_visible()
    page.wait_for_url("**/p/diner")
    expect(page.get_by_test_id("project-name")).to_have_text("diner")
    expect(page.get_by_test_id("panel").first).to_be_visible()
    stages = set(json.loads(page.evaluate("sessionStorage.getItem('stages')") or "[]"))
    assert {"writer", "cinematographer"} <= stages and stages & {"keyframes", "draft", "critic"}, stages


# -- a 2,000-shot feature: the storyboard pages and virtualises (the API stubbed in the browser) --

FEATURE_SHOTS = 2000


def _feature_routes(tab: Page) -> list[str]:
    """Answer the project page's API calls for a made-up 2,000-shot feature, and log /shots."""
    fetched: list[str] = []
    scenes = [
        {"number": str(s + 1), "heading": f"INT. ROOM {s + 1} - DAY", "first_shot_index": s * 25, "shots": 25}
        for s in range(FEATURE_SHOTS // 25)
    ]
    view = {
        "id": "feature",
        "name": "feature",
        "settings": {},
        "current_version": 1,
        "film_url": None,
        "duration_s": FEATURE_SHOTS * 3.0,
        "shots_total": FEATURE_SHOTS,
        "scenes": scenes,
    }

    def panel(i: int) -> dict:
        return {
            "id": f"s{i // 25 + 1}-{i % 25 + 1}",
            "index": i,
            "number": i + 1,
            "scene": i // 25,
            "start_s": i * 3.0,
            "duration_s": 3.0,
            "camera_words": "medium shot, eye level, static, 45 mm",
            "dialogue": [],
            "passed": True,
            "reasons": [],
            "thumbs": [],
        }

    def shots(route):
        from urllib.parse import parse_qs, urlparse

        query = parse_qs(urlparse(route.request.url).query)
        offset, limit = int(query["offset"][0]), int(query["limit"][0])
        fetched.append(f"{offset}+{limit}")
        panels = [panel(i) for i in range(offset, min(FEATURE_SHOTS, offset + limit))]
        route.fulfill(json={"total": FEATURE_SHOTS, "panels": panels})

    tab.route("**/api/projects/feature", lambda route: route.fulfill(json=view))
    tab.route(re.compile(r".*/api/projects/feature/shots\?.*"), shots)
    tab.route(
        "**/api/projects/feature/versions",
        lambda route: route.fulfill(json={"current": 1, "versions": []}),
    )
    tab.route(
        "**/api/projects/feature/events",
        lambda route: route.fulfill(status=200, content_type="text/event-stream", body=": quiet\n\n"),
    )
    return fetched


def test_a_2000_shot_storyboard_draws_only_what_is_in_view(page, url):
    fetched = _feature_routes(page)
    page.goto(f"{url}/static/project.html?p=feature")
    expect(page.locator("[data-testid=panel][data-number='1']")).to_be_visible()
    in_dom = page.get_by_test_id("panel").count()
    assert 0 < in_dom < 150, in_dom
    # no shot_starts in the view: the page fetches the pages in order for the markers, but draws
    # panels only near the view
    board = page.get_by_test_id("storyboard")
    board.evaluate("b => b.scrollTo(0, b.scrollHeight)")
    expect(page.locator(f"[data-testid=panel][data-number='{FEATURE_SHOTS}']")).to_be_visible()
    assert page.get_by_test_id("panel").count() < 150
    assert page.get_by_test_id("scene").count() < 20
    page.get_by_test_id("scene-jump").select_option(label="40. INT. ROOM 40 - DAY")
    expect(page.locator("[data-testid=panel][data-number='976']")).to_be_visible()
    assert fetched and all(int(f.split("+")[1]) <= 100 for f in fetched)


# -- the README's picture ------------------------------------------------------------------------------


def docs_screenshot(out: Path = REPO / "docs" / "studio.png") -> Path:
    """docs/studio.png: a 640x360 garage after one note, shot 2 selected (what the README shows)."""
    import tempfile

    from PIL import Image

    with tempfile.TemporaryDirectory() as scratch:
        garage = make_garage(Path(scratch) / "garage", resolution=(640, 360))
        with studio([garage], Path(scratch) / "root") as base, chromium(CHROMIUM) as browser:
            tab = browser.new_page(viewport={"width": 1600, "height": 1000})
            tab.set_default_timeout(WAIT_MS * 3)
            open_project(tab, base)
            tab.get_by_test_id("chat-input").fill("shots 6-7 from below")
            tab.get_by_test_id("chat-send").click()
            expect(versions(tab)).to_have_count(2)
            tab.locator("[data-testid=panel][data-number='6']").click()
            expect(tab.get_by_test_id("inspector-title")).to_have_text("Shot 6")
            tab.wait_for_function("document.querySelector('video').readyState >= 2")
            tab.evaluate("document.activeElement && document.activeElement.blur()")
            tab.get_by_test_id("storyboard").evaluate("b => b.scrollTo(0, 0)")
            tab.mouse.move(0, 0)  # no panel under a hover
            tab.wait_for_timeout(500)  # thumbnails
            raw = Path(scratch) / "studio.png"
            tab.screenshot(path=str(raw))
        image = Image.open(raw).convert("RGB")
    # three quarters of the size in 256 colours: sharp enough for the README, under 400 KB
    image = image.resize((image.width * 3 // 4, image.height * 3 // 4), Image.LANCZOS)
    image.quantize(256).save(out, optimize=True)
    return out


if __name__ == "__main__":
    if sys.argv[1:] != ["--docs"]:
        sys.exit("usage: python tests/web/test_browser.py --docs")
    print(docs_screenshot())
