"""The `storyreel` command: a thin layer over the library.

Each command parses its arguments, calls the library, and prints. Any StoryreelError, and any
usage error of the option parser, becomes one line on stderr and exit code 1; exit 2 is kept for
a bug of ours (also one line, the traceback with STORYREEL_DEBUG=1), 3 for a question back from
`direct`, 130 for an interrupt. Nothing a user types should ever show them a traceback, and what
they typed is printed through storyreel/terminal.py, never raw. The run settings' options come
from their declaration (storyreel/options.py); the `cameraclip` and `figures` groups and the
directing commands live in their own modules, which this one assembles.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import click
from rich.console import Console

from storyreel import __version__
from storyreel.cameraclip_cli import cameraclip
from storyreel.directing_cli import add_directing_commands
from storyreel.errors import PlanError, StoryreelError, Unfinished
from storyreel.figures_cli import figures
from storyreel.models import SCHEMAS, json_schema
from storyreel.options import setting_options
from storyreel.stopping import request_stop
from storyreel.studio_cli import studio
from storyreel.terminal import printable, printable_json

USAGE_LINE = 240  # the longest usage error printed whole

# stdout carries results (JSON must stay clean); stderr carries warnings and errors.
out = Console(highlight=False, soft_wrap=False)
err = Console(stderr=True, highlight=False, soft_wrap=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="storyreel")
def cli() -> None:
    """storyreel turns a screenplay into a film, offline by default."""


@cli.command()
@click.argument("script", type=click.Path(dir_okay=True, path_type=str))
@click.option("--json", "as_json", is_flag=True, help="Print the whole parsed screenplay as JSON.")
def parse(script: str, as_json: bool) -> None:
    """Read SCRIPT (.fountain, .fdx, or prose .txt) and summarise it."""
    from storyreel.tools.screenplay import read_screenplay

    screenplay = read_screenplay(script)
    for warning in screenplay.warnings:
        where = f"{script}:{warning.line}" if warning.line else script
        err.print(printable(f"{where}: warning: {warning.message}"), markup=False)
    if as_json:
        click.echo(printable_json(screenplay.model_dump_json(indent=2)))
        return
    from storyreel.summary import print_summary

    print_summary(out, screenplay)


def project_options(fn):  # noqa: ANN001, ANN201 - a click decorator
    """Options of `plan` and `make` that are not run settings: the project and the output."""
    options = [
        click.option(
            "-o", "--output", "project", required=True, help="Project directory (created if missing)."
        ),
        click.option("--json", "as_json", is_flag=True, help="Print the result as JSON."),
        click.option("--quiet", is_flag=True, help="No progress bars."),
    ]
    for option in reversed(options):
        fn = option(fn)
    return fn


@cli.command()
@click.argument("script", type=click.Path(dir_okay=False, path_type=str))
@project_options
@setting_options("plan")
def plan(script: str, project: str, as_json: bool, quiet: bool, **settings: Any) -> None:
    """Plan SCRIPT into PROJECT: plan.json, bible.json and shots.csv."""
    _print_result(_run_studio("plan", script, project, quiet, **settings), as_json)


@cli.command()
@click.argument("script", type=click.Path(dir_okay=False, path_type=str))
@project_options
@setting_options("make")
def make(script: str, project: str, as_json: bool, quiet: bool, **settings: Any) -> None:
    """Make a film of SCRIPT in PROJECT: plan, draw, critique, refine, edit and export."""
    _print_result(_run_studio("make", script, project, quiet, **settings), as_json)


def _run_studio(action: str, script: str, project: str, quiet: bool, **settings: Any) -> Any:
    """Options are named as Studio's keywords (storyreel/options.py), so they pass straight through."""
    from storyreel.api import Studio
    from storyreel.progress import StageProgress

    with StageProgress(err, enabled=not quiet and err.is_terminal) as bars:
        studio = Studio(project, on_progress=bars.update, **settings)
        return getattr(studio, action)(script)


def _by_fallback(report: list[Any]) -> dict[str, list[Any]]:
    """The report's entries that fell back to the rules answer, by reason, in order."""
    grouped: dict[str, list[Any]] = {}
    for entry in report:
        if entry.fallback:
            grouped.setdefault(entry.fallback, []).append(entry)
    return grouped


def _print_result(result, as_json: bool) -> None:  # noqa: ANN001
    from storyreel.summary import print_plan

    for reason, entries in _by_fallback(result.report).items():  # a server given up on: one line
        where = ", ".join(f"{e.agent} {e.label}".strip() for e in entries[:3])
        more = f" and {len(entries) - 3} more" if len(entries) > 3 else ""
        err.print(
            printable(
                f"storyreel: warning: {where}{more}: the model's answer was replaced by the rules "
                f"answer ({reason})"
            ),
            markup=False,
        )
    for entry in result.report:
        if entry.warning:
            err.print(printable(f"storyreel: warning: {entry.warning}"), markup=False)
        if entry.still_failing:
            shots = entry.still_failing
            err.print(
                printable(
                    f"storyreel: warning: the critic still fails {len(shots)} shot(s) after "
                    f"{entry.rounds} round(s): {', '.join(shots)}; the film uses their last drafts "
                    "(reasons in report.json and storyboard.html)"
                ),
                markup=False,
            )
    if as_json:
        click.echo(
            json.dumps(
                {
                    "project": str(result.project),
                    "resumed": result.resumed,
                    "shots": len(result.plan.shots),
                    "duration_s": round(sum(s.duration_s for s in result.plan.shots), 3),
                    "outputs": {k: str(v) for k, v in result.outputs.items()},
                    "fallbacks": [entry.model_dump(mode="json") for entry in result.fallbacks],
                },
                indent=2,
            )
        )
        return
    print_plan(out, result)


@cli.command()
@click.argument("video", type=click.Path(dir_okay=False, path_type=str))
@click.option("--json", "as_json", is_flag=True, help="Print movements, rates and confidence as JSON.")
def probe(video: str, as_json: bool) -> None:
    """Measure the camera movement in VIDEO from its pixels (optical flow), on any footage."""
    from storyreel.tools.probe import probe_video

    result = probe_video(video)
    if as_json:
        click.echo(json.dumps(result.to_dict(), indent=2))
        return
    moves = ", ".join(f"{m} ({result.confidence.get(m, 0):.2f})" for m in result.movements)
    out.print(printable(f"{video}: {moves}"), markup=False, soft_wrap=True)
    rates = result.rates
    out.print(
        f"pan {rates.get('pan', 0):+.3f} frame/s, tilt {rates.get('tilt', 0):+.3f} frame/s, "
        f"zoom {rates.get('zoom', 0):+.3f} log-scale/s, roll {rates.get('roll', 0):+.2f} deg/s; "
        f"parallax {result.parallax:.3f} over {result.frames} frames",
        markup=False,
        soft_wrap=True,
    )


@cli.command()
@click.argument("name", required=False, default="plan", type=click.Choice(list(SCHEMAS)))
def schema(name: str) -> None:
    """Print the JSON Schema of a document (default: the shot plan)."""

    click.echo(json.dumps(json_schema(name), indent=2))


@cli.command()
@click.argument("plan", type=click.Path(dir_okay=False, path_type=str))
@click.option("--script", help="Also check scenes and covered elements against this screenplay.")
@click.option("--bible", "bible_path", help="Also check that every subject has a sheet in this bible.")
def check(plan: str, script: str | None, bible_path: str | None) -> None:
    """Validate a shot plan (plan.json), e.g. one written by hand against `storyreel schema`."""
    from pathlib import Path

    from storyreel.checks import file_problems, plan_problems
    from storyreel.documents import load_bible, load_plan
    from storyreel.tools.screenplay import read_screenplay

    shot_plan = load_plan(plan)
    bible = load_bible(bible_path) if bible_path else None
    problems = file_problems(shot_plan, Path(plan).parent)
    if script:
        problems += plan_problems(shot_plan, read_screenplay(script), bible)
    if len(problems) == 1:  # one line: the problem is the error
        raise PlanError(f"{plan}: {problems[0]}")
    for problem in problems:
        err.print(printable(f"{plan}: {problem}"), markup=False)
    if problems:
        against = f" against {script}" if script else ""
        raise PlanError(f"{plan}: {len(problems)} problem(s){against}")
    seconds = sum(shot.duration_s for shot in shot_plan.shots)
    out.print(printable(f"{plan}: valid, {len(shot_plan.shots)} shots, {seconds:.1f} s"), markup=False)


cli.add_command(cameraclip)
cli.add_command(figures)
cli.add_command(studio)  # the web studio (storyreel/studio_cli.py, the `studio` extra)


add_directing_commands(cli)  # direct, chat, history, undo, checkout, diff (storyreel/directing_cli.py)


def _usage_line(exc: click.ClickException) -> str:
    """Click's message, with where to read the usage instead of click's three-line block."""
    context = getattr(exc, "ctx", None)
    command = context.command_path if context is not None else "storyreel"
    message = exc.format_message()
    if len(message) > USAGE_LINE:  # click quotes the value given: a 5,000-digit --fps stays one short line
        message = f"{message[: USAGE_LINE - 60]} ... {message[-50:]}"
    return f"{message} (see {command} --help)"


INTERRUPTED = "storyreel: interrupted: run the same command again to go on"


@contextmanager
def _stop_on_ctrl_c() -> Iterator[None]:
    """Ctrl-C also tells the run's worker threads to stop (storyreel/stopping.py): LangGraph
    waits for every node in flight, and a node in a model call would otherwise hold the run for
    minutes. Only the main thread can set a signal handler (the studio runs the CLI elsewhere)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum: int, frame: Any) -> None:
        request_stop()
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGINT, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _interrupted(cause: BaseException | None) -> None:
    """Say what to run after Ctrl-C: the same command again, or what an `Unfinished` one advises."""
    if isinstance(cause, Unfinished):
        err.print(printable(f"storyreel: interrupted: {cause.advice}"), markup=False)
    else:
        err.print(INTERRUPTED)


def main(argv: list[str] | None = None) -> int:
    """Entry point: run the CLI, turning our errors into one line and an exit code."""
    try:
        with _stop_on_ctrl_c():
            cli.main(args=argv, prog_name="storyreel", standalone_mode=False)
    except click.exceptions.Abort as exc:  # click's word for the KeyboardInterrupt it was handed
        _interrupted(exc.__cause__)
        return 130
    except click.ClickException as exc:  # a usage error is the user's to fix, like ours: one line, 1
        err.print(f"storyreel: error: {printable(_usage_line(exc))}", markup=False)
        return 1
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except StoryreelError as exc:
        err.print(f"storyreel: error: {printable(exc)}", markup=False)
        return 1
    except BrokenPipeError:  # `storyreel parse --json x | head`
        sys.stderr.close()
        return 0
    except KeyboardInterrupt as exc:  # Ctrl-C, and `Interrupted` from a worker that saw it
        _interrupted(exc)
        return 130
    except Exception as exc:  # a bug of ours: say so in one line, traceback on request
        if os.environ.get("STORYREEL_DEBUG"):
            raise
        err.print(
            f"storyreel: internal error: {exc.__class__.__name__}: {printable(exc)} "
            "(this is a bug; set STORYREEL_DEBUG=1 for the traceback and report it)",
            markup=False,
        )
        return 2
    return 0
