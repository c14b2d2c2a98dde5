"""The `storyreel` command: a thin layer over the library.

Each command parses its arguments, calls the library, and prints. Any StoryreelError becomes one
line on stderr and exit code 1; nothing a user types should ever show them a traceback.
"""

from __future__ import annotations

import json
import os
import sys

import click
from rich.console import Console

from storyreel import __version__
from storyreel.errors import PlanError, StoryreelError
from storyreel.models import SCHEMAS, json_schema

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
        err.print(f"{where}: warning: {warning.message}", markup=False)
    if as_json:
        click.echo(screenplay.model_dump_json(indent=2))
        return
    from storyreel.summary import print_summary

    print_summary(out, screenplay)


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
    from storyreel.checks import plan_problems
    from storyreel.documents import load_bible, load_plan
    from storyreel.tools.screenplay import read_screenplay

    shot_plan = load_plan(plan)
    bible = load_bible(bible_path) if bible_path else None
    if script:
        problems = plan_problems(shot_plan, read_screenplay(script), bible)
        for problem in problems:
            err.print(f"{plan}: {problem}", markup=False)
        if problems:
            raise PlanError(f"{plan}: {len(problems)} problem(s) against {script}")
    seconds = sum(shot.duration_s for shot in shot_plan.shots)
    out.print(f"{plan}: valid, {len(shot_plan.shots)} shots, {seconds:.1f} s", markup=False)


def main(argv: list[str] | None = None) -> int:
    """Entry point: run the CLI, turning our errors into one line and an exit code."""
    try:
        cli.main(args=argv, prog_name="storyreel", standalone_mode=False)
    except click.exceptions.Abort:
        err.print("storyreel: interrupted")
        return 130
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except StoryreelError as exc:
        err.print(f"storyreel: error: {exc}", markup=False)
        return 1
    except BrokenPipeError:  # `storyreel parse --json x | head`
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:
        err.print("storyreel: interrupted")
        return 130
    except Exception as exc:  # a bug of ours: say so in one line, traceback on request
        if os.environ.get("STORYREEL_DEBUG"):
            raise
        err.print(
            f"storyreel: internal error: {exc.__class__.__name__}: {exc} "
            "(this is a bug; set STORYREEL_DEBUG=1 for the traceback and report it)",
            markup=False,
        )
        return 2
    return 0

