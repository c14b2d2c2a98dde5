"""The directing commands: `direct`, `chat`, `history`, `undo`, `checkout`, `diff`.

    storyreel direct out/garage "shots 3-5 tighter"    # one note; --json for scripts
    storyreel chat out/garage                          # a session: notes, /undo, /history ...
    storyreel history out/garage | undo | checkout out/garage 2 | diff out/garage 1 3

A thin layer over `Studio.direct/history/undo/checkout/diff/export` (storyreel/directing.py):
parse, call, print. Results go to stdout, progress and errors to stderr. `direct` exits 0 when
the note was applied or there was nothing to change, 3 when the director asks a question (and
nothing changed), 1 on an error, like every command.
"""

from __future__ import annotations

import contextlib
import json
import shlex
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from storyreel import stopping
from storyreel.errors import InputError, ProjectBusy, StoryreelError, Unfinished
from storyreel.options import setting_options
from storyreel.terminal import markup

QUESTION_EXIT = 3
out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)

HELP = """Notes in plain words: "shot 3 tighter", "shots 3-5: slow push in", "every close-up of NELL
from below", "lose the garage establishing shot", "make DANNY's jacket red", "dissolve from shot 4
into shot 5", "the garage scene should feel faster", "reshoot shot 8". "this shot" is the last one
discussed. When the director asks back with numbered choices, type a number to answer with that one.
Commands: /show N (a shot), /history, /diff [A B], /undo, /checkout N, /export [DIR], /help, /quit"""


def _studio(project: str, on_progress: Any = None, **brain: Any) -> Any:
    """The project's Studio, with the options of who reads the notes (agents/context.py: "brain")."""
    from storyreel.api import Studio

    if not Path(project).is_dir():
        raise InputError(f"{project}: no such project directory")
    return Studio(project, on_progress=on_progress, **{k: v for k, v in brain.items() if v is not None})


@contextlib.contextmanager
def _finished_later(project: str, what: str) -> Iterator[None]:
    """Ctrl-C in a note or an undo: the next command on the project finishes it (a killed one
    too: versions.json marks it pending), so giving it again would do it twice."""
    try:
        yield
    except KeyboardInterrupt as exc:
        advice = f"`storyreel history {shlex.quote(project)}` finishes {what} if it began; giving it again would do it twice"
        raise Unfinished(advice) from exc


@click.command()
@click.argument("project", type=click.Path(file_okay=False, path_type=str))
@click.argument("note")
@setting_options("direct")
@click.option("--json", "as_json", is_flag=True, help="Print what changed as JSON.")
@click.option("--quiet", is_flag=True, help="No progress bars.")
def direct(project: str, note: str, as_json: bool, quiet: bool, **brain: Any) -> None:
    """Apply one NOTE to the film in PROJECT; only the shots it changes are rendered again."""
    from storyreel.progress import StageProgress

    with (
        _finished_later(project, "the note"),
        StageProgress(err, enabled=not quiet and not as_json and err.is_terminal) as bars,
    ):
        result = _studio(project, on_progress=bars.update, **brain).direct(note)
    if as_json:
        click.echo(json.dumps(result.to_dict(), indent=2))
    else:
        print_direction(out, result)
    if result.status == "question":
        sys.exit(QUESTION_EXIT)  # past click and main(): the console script exits with it


@click.command()
@click.argument("project", type=click.Path(file_okay=False, path_type=str))
@setting_options("chat")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per note or command (JSON lines).")
def chat(project: str, as_json: bool, **brain: Any) -> None:
    """Direct the film in PROJECT note by note; pipe notes on stdin to script a session."""
    from storyreel.progress import StageProgress

    interactive = sys.stdin.isatty()
    studio = _studio(project, **brain)
    if interactive:
        _line_editing(Path(project))
        versions = studio.history()
        out.print(
            f"[bold]Directing {markup(str(studio.project.root))}[/bold]: version "
            f"{versions[-1].number if versions else 1}. /help for commands, /quit to end.",
        )
    lines = _prompted() if interactive else (line.rstrip("\n") for line in sys.stdin)
    show_progress = interactive and err.is_terminal and not as_json
    run_chat(
        studio, lines, out, as_json=as_json, progress=(lambda: StageProgress(err)) if show_progress else None
    )


def run_chat(
    studio: Any, lines: Iterable[str], console: Console, *, as_json: bool = False, progress: Any = None
) -> None:
    """The session loop: each line is a note, a /command, or the number of one of the choices the
    director's last question offered; errors are said and the session goes on, but for a
    project another run holds, which ends it (ProjectBusy, one line on stderr, exit 1)."""
    offered: list[str] = []
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        try:
            if line.startswith("/"):
                if _command(studio, line, console, as_json) == "quit":
                    return
                continue
            line = _picked(line, offered, console, as_json)
            with _finished_later(str(studio.project.root), "the note"):  # not typed again
                if progress is not None:  # fresh bars for each note, drawn while it renders
                    with progress() as bars:
                        studio.on_progress = bars.update
                        result = studio.direct(line)
                else:
                    result = studio.direct(line)
            offered = list(result.choices) if result.status == "question" else []
            if as_json:
                console.print_json(json.dumps(result.to_dict()), indent=None, ensure_ascii=True)
            else:
                print_direction(console, result, pick=True)
        except ProjectBusy:  # every later line would fail the same: main() says it on stderr, exit 1
            raise
        except StoryreelError as exc:
            if as_json:
                console.print_json(json.dumps({"error": str(exc)}), indent=None, ensure_ascii=True)
            else:
                console.print(f"[red]error:[/red] {markup(str(exc))}")


def _picked(line: str, offered: list[str], console: Console, as_json: bool) -> str:
    """The note `line` stands for: choice N of the last question when it is a number N."""
    if not offered or not line.lstrip("#").isdigit():
        return line
    number = int(line.lstrip("#"))
    if not 1 <= number <= len(offered):
        raise InputError(f"there is no choice {number}: pick 1-{len(offered)} or write the note")
    if not as_json:
        console.print(f"[dim]→ {markup(offered[number - 1])}[/dim]")
    return offered[number - 1]


def _command(studio: Any, line: str, console: Console, as_json: bool) -> str | None:
    name, *args = line[1:].split()
    name = name.lower()
    if name in ("quit", "exit", "q"):
        return "quit"
    if name in ("help", "h", "?"):
        console.print(escape(HELP))  # our own text, several lines
    elif name == "history":
        versions = studio.history()
        _emit(
            console,
            as_json,
            {"history": [v.model_dump(mode="json") for v in versions]},
            lambda: print_history(console, versions, _current(studio)),
        )
    elif name == "undo":
        version = studio.undo()
        _emit(
            console,
            as_json,
            {"current": version.number},
            lambda: console.print(f"Back to version {version.number}."),
        )
    elif name == "checkout":
        version = studio.checkout(_number(args, "checkout N"))
        _emit(
            console,
            as_json,
            {"current": version.number},
            lambda: console.print(f"Now at version {version.number}."),
        )
    elif name == "diff":
        numbers = [_number([a], "diff [A B]") for a in args[:2]]
        changes = (
            studio.diff(*numbers) if len(numbers) == 2 else studio.diff(None, numbers[0] if numbers else None)
        )
        _emit(
            console,
            as_json,
            {"changes": [c.to_dict() for c in changes]},
            lambda: print_changes(console, changes),
        )
    elif name == "show":
        shot = _shot_info(studio, _number(args, "show N"))
        _emit(console, as_json, {"shot": shot}, lambda: print_shot(console, shot))
    elif name == "export":
        copied = studio.export(args[0] if args else None)
        _emit(
            console,
            as_json,
            {"exported": {k: str(v) for k, v in copied.items()}},
            lambda: console.print("\n".join(f"{k}: {markup(str(v))}" for k, v in copied.items())),
        )
    else:
        raise InputError(f"unknown command /{name} (/help lists them)")
    return None


def _emit(console: Console, as_json: bool, data: dict[str, Any], show: Any) -> None:
    if as_json:
        console.print_json(json.dumps(data), indent=None, ensure_ascii=True)
    else:
        show()


def _number(args: list[str], usage: str) -> int:
    if not args or not args[0].lstrip("#").isdigit():
        raise InputError(f"usage: /{usage}")
    return int(args[0].lstrip("#"))


def _current(studio: Any) -> int | None:
    from storyreel.versions import load_history

    return load_history(studio.project).current


def _shot_info(studio: Any, number: int) -> dict[str, Any]:
    """Shot `number` of the current version, from the project's documents."""
    from storyreel.documents import load_plan

    plan = load_plan(studio.project.path("plan.json"))
    if not 1 <= number <= len(plan.shots):
        raise InputError(f"there is no shot {number}: the film has {len(plan.shots)} shots")
    shot = plan.shots[number - 1]
    info = {"number": number, **shot.model_dump(mode="json")}
    cut_path = studio.project.path("cut.json")
    if cut_path.is_file():
        cut = json.loads(cut_path.read_text(encoding="utf-8"))
        info["clip"] = next((e["clip"] for e in cut.get("entries", []) if e["shot"] == shot.id), None)
    return info


# -- printing ------------------------------------------------------------------------------------


def print_direction(console: Console, result: Any, *, pick: bool = False) -> None:
    """What a note did; a question's choices numbered (`pick`: a chat, where the number answers)."""
    if result.status == "question":
        console.print(f"[bold yellow]?[/bold yellow] {markup(result.question or result.reply)}")
        for number, choice in enumerate(result.choices, start=1):
            console.print(f"  {number}. {markup(choice)}")
        if pick and result.choices:
            console.print("[dim]Type a number to answer with that choice, or write the note.[/dim]")
        return
    if result.status == "unchanged":
        console.print(markup(result.reply))
        return
    console.print(f"[bold]{markup(result.reading)}[/bold]")
    for line in result.changes:
        console.print(f"  {markup(line)}")
    for note in result.notes:
        console.print(f"  [yellow]note:[/yellow] {markup(note)}")
    again = ", ".join(result.rerendered_shots) or "none"
    film = result.outputs.get("film")
    where = f" · {markup(str(film))}" if film else ""
    console.print(
        f"[dim]version {result.version} · re-rendered: {again} · {result.seconds:.1f} s{where}[/dim]"
    )


def print_history(console: Console, versions: list[Any], current: int | None) -> None:
    table = Table(show_edge=False, box=None, pad_edge=False)
    for column in ("", "version", "from", "when (UTC)", "changed", "rendered", "s", "note"):
        table.add_column(column, overflow="fold", no_wrap=column != "note")
    for v in versions:
        table.add_row(
            "*" if v.number == current else "",
            str(v.number),
            str(v.parent) if v.parent is not None else "",
            v.created[5:16].replace("T", " "),
            str(len(v.changed_shots)) if v.note else "",
            str(len(v.rerendered_shots)) if v.note else "",
            f"{v.seconds:.1f}" if v.note else "",
            markup(v.note) if v.note else "[dim](make)[/dim]",
        )
    console.print(table)


def print_changes(console: Console, changes: list[Any]) -> None:
    from storyreel.plan_diff import describe

    lines = describe(changes)
    console.print("\n".join(markup(line) for line in lines) if lines else "no changes")


def print_shot(console: Console, shot: dict[str, Any]) -> None:
    from storyreel.models.camera import LABELS

    camera = shot["camera"]
    moves = " + ".join(LABELS[m] for m in camera["movements"])
    lines = [
        f"[bold]shot {shot['number']}[/bold] ({markup(shot['id'])}), scene {shot['scene'] + 1}, {shot['kind']}, {shot['duration_s']:g} s",
        f"camera: {LABELS[camera['framing']]}, {LABELS[camera['angle']]}, {moves}, {camera['lens_mm']:g} mm, speed {camera['speed']:g}, {shot['pacing']}",
        f"subjects: {markup(', '.join(shot['subjects']) or 'none')}",
        f"shows: {markup(shot['description'])}",
        *(f"keyframe at frame {k['frame']}: {markup(k['description'])}" for k in shot["keyframes"]),
        f"in: {shot['transition_in']['type']}, out: {shot['transition_out']['type']}"
        + (f", seed {shot['seed']}" if shot.get("seed") is not None else ""),
    ]
    if shot.get("clip"):
        lines.append(f"clip: {markup(shot['clip'])}")
    console.print("\n".join(lines))


# -- history -----------------------------------------------------------------------------------------


@click.command()
@click.argument("project", type=click.Path(file_okay=False, path_type=str))
@click.option("--json", "as_json", is_flag=True, help="Print the versions as JSON.")
def history(project: str, as_json: bool) -> None:
    """List the versions of the film in PROJECT: the make, then one per applied note."""
    studio = _studio(project)
    versions = studio.history()
    if as_json:
        data = {"current": _current(studio), "versions": [v.model_dump(mode="json") for v in versions]}
        click.echo(json.dumps(data, indent=2))
        return
    print_history(out, versions, _current(studio))


@click.command()
@click.argument("project", type=click.Path(file_okay=False, path_type=str))
def undo(project: str) -> None:
    """Go back to the version the current one came from (the film is re-cut from the cache)."""
    with _finished_later(project, "the undo"):
        version = _studio(project).undo()
    out.print(
        f"Back to version {version.number}" + (f": {markup(version.note)}" if version.note else " (the make)")
    )


@click.command()
@click.argument("project", type=click.Path(file_okay=False, path_type=str))
@click.argument("number", type=int)
def checkout(project: str, number: int) -> None:
    """Make version NUMBER the film again; the next note branches from it."""
    version = _studio(project).checkout(number)
    out.print(
        f"Now at version {version.number}" + (f": {markup(version.note)}" if version.note else " (the make)")
    )


@click.command()
@click.argument("project", type=click.Path(file_okay=False, path_type=str))
@click.argument("versions", type=int, nargs=-1)
@click.option("--json", "as_json", is_flag=True, help="Print the changes as JSON.")
def diff(project: str, versions: tuple[int, ...], as_json: bool) -> None:
    """What changed in the plan: `diff PROJECT` (the last note), `diff PROJECT B`, `diff PROJECT A B`."""
    if len(versions) > 2:
        raise click.UsageError("give at most two versions: diff PROJECT [A] [B]")
    studio = _studio(project)
    changes = (
        studio.diff(*versions) if len(versions) == 2 else studio.diff(None, versions[0] if versions else None)
    )
    if as_json:
        click.echo(json.dumps([c.to_dict() for c in changes], indent=2))
        return
    print_changes(out, changes)


def add_directing_commands(group: click.Group) -> None:
    for command in (direct, chat, history, undo, checkout, diff):
        group.add_command(command)


# -- line editing ------------------------------------------------------------------------------------


def _line_editing(project: Path) -> None:
    """Arrow keys and a history kept with the project, where the platform has readline."""
    try:
        import readline
    except ImportError:  # Windows without pyreadline: plain input()
        return
    path = project / ".storyreel" / "chat_history"
    with contextlib.suppress(OSError):
        readline.read_history_file(path)
    readline.set_history_length(1000)
    import atexit

    atexit.register(_save_history, readline, path)


def _save_history(readline: Any, path: Path) -> None:
    with contextlib.suppress(OSError):
        readline.write_history_file(path)


def _prompted() -> Iterable[str]:
    while True:
        try:
            yield input("note> ")
        except EOFError:
            out.print()
            return
        except KeyboardInterrupt:
            stopping.reset()  # Ctrl-C at the prompt stops no note: the next one runs
            out.print("(/quit to end)")
