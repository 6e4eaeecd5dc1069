"""The ``negotiation`` command (also ``python -m negotiation``).

Subcommands::

    negotiation analyze SCENARIO [--set NAME=VALUE ...] [--exact] [--method M] [--out DIR]
                                 [--format text|markdown|json]
    negotiation solve GAME.nfg [--method M] [--exact] [--format ...] [--out DIR]
    negotiation list [--format ...]
    negotiation --version

Exit codes: 0 success; 2 bad input (unknown scenario, bad ``--set``, malformed file, a method that
does not apply, an unusable ``--out``), with a one-line message on stderr and no traceback; 1 an
internal error (a message and a hint; the traceback only with ``--debug``).

Values given with ``--set`` are read exactly: ``--set price=1.25`` is 5/4, ``--set p=1/3`` one third.
"""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from collections.abc import Sequence
from fractions import Fraction
from pathlib import Path
from typing import Any, Literal, NoReturn

from . import __version__
from .errors import NegotiationError

__all__ = ["main", "build_parser", "parse_set", "EXIT_OK", "EXIT_INTERNAL", "EXIT_INPUT"]

EXIT_OK = 0
EXIT_INTERNAL = 1
EXIT_INPUT = 2
PROG = "negotiation"
MAX_MESSAGE = 600

METHOD_CHOICES = (
    "auto",
    "pure",
    "support_enumeration",
    "vertex_enumeration",
    "lemke_howson",
    "lemke_howson_all",
    "zero_sum_lp",
)


class InputError(NegotiationError, ValueError):
    """Bad command-line input (e.g. a malformed ``--set``)."""


class _UsageError(Exception):
    """Raised by the parser instead of printing usage and exiting."""


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose errors become one-line messages (exit code 2), not usage dumps."""

    def error(self, message: str) -> NoReturn:
        raise _UsageError(f"{self.prog}: {message} (see '{self.prog} --help')")


# ---------------------------------------------------------------------- argument parsing
def parse_set(items: Sequence[str] | None) -> dict[str, Fraction]:
    """``["price=1.25", "p=1/3"]`` -> ``{"price": Fraction(5, 4), "p": Fraction(1, 3)}``.

    Raises :class:`InputError` naming the offending item for a missing ``=``, a name that is not an
    identifier, a value that is not an exact number, or a name given twice. Values are read by
    :func:`negotiation.scenarios.numtext.read_number_text`, which bounds the work (``1e99999999``
    and ``1e9999_9999`` are refused before any digit is built).

    Examples
    --------
    >>> parse_set(["price=1.25", "p = 1/3"])
    {'price': Fraction(5, 4), 'p': Fraction(1, 3)}
    """
    from .scenarios.numtext import read_number_text

    out: dict[str, Fraction] = {}
    for item in items or ():
        name, sep, text = item.partition("=")
        name, text = name.strip(), text.strip()
        if not sep:
            raise InputError(f"--set {item!r}: expected NAME=VALUE, e.g. --set price=1.25")
        if not name.isidentifier():
            raise InputError(f"--set {item!r}: parameter name {name!r} is not a valid name")
        if name in out:
            raise InputError(f"--set {item!r}: parameter {name!r} is set twice")
        try:
            value = read_number_text(text)
        except ValueError as exc:
            reason = str(exc)  # "not a number (write e.g. ...)" or why a number is refused (its size, ...)
            what = reason if reason.startswith("not a number") else f"not a usable number ({reason})"
            raise InputError(f"--set {item!r}: value {text!r} of parameter {name!r} is {what}") from None
        out[name] = value
    return out


def _common_solver_options(p: argparse.ArgumentParser, with_out: bool = True) -> None:
    p.add_argument(
        "--method",
        choices=METHOD_CHOICES,
        default="auto",
        metavar="M",
        help="equilibrium method: " + ", ".join(METHOD_CHOICES) + " (default: auto = vertex enumeration for "
        "two-player games up to 400 profiles, Lemke-Howson beyond, pure equilibria for more players)",
    )
    arith = p.add_mutually_exclusive_group()
    arith.add_argument(
        "--exact",
        dest="arithmetic",
        action="store_const",
        const="exact",
        help="exact rational arithmetic (default: follow the payoffs, exact when they are rational)",
    )
    arith.add_argument(
        "--float", dest="arithmetic", action="store_const", const="float", help="float64 arithmetic (faster)"
    )
    p.set_defaults(arithmetic="auto")
    p.add_argument(
        "--dominance",
        choices=("mixed", "pure", "none"),
        default="mixed",
        help="iterated elimination of strictly dominated strategies by mixed (default) or pure strategies",
    )
    p.add_argument(
        "--format", choices=("text", "markdown", "json"), default="text", help="report format on stdout (default: text)"
    )
    if with_out:
        p.add_argument(
            "--out",
            metavar="DIR",
            help="also write results.json (with provenance), text and Markdown reports and figures into DIR "
            "(written atomically)",
        )
        p.add_argument("--no-figures", action="store_true", help="with --out: skip the figures")


def build_parser() -> argparse.ArgumentParser:
    """The command's argument parser."""
    debug = _Parser(add_help=False)
    debug.add_argument(
        "--debug", action="store_true", default=argparse.SUPPRESS, help="show the traceback of internal errors"
    )
    parser = _Parser(
        prog=PROG,
        description="Game-theoretic analysis of negotiations: equilibria, bargaining solutions and who holds "
        "the table.",
        epilog="examples:\n  negotiation list\n  negotiation analyze compute_deal\n"
        "  negotiation analyze compute_deal --set price=1.5 --format markdown\n"
        "  negotiation analyze games/chicken.toml --exact --out results/chicken\n"
        "  negotiation solve game.nfg --method support_enumeration\n\n"
        "exit codes: 0 success, 2 bad input (one-line message), 1 internal error",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    parser.add_argument("--debug", action="store_true", default=False, help="show the traceback of internal errors")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    p = sub.add_parser(
        "analyze",
        parents=[debug],
        help="full analysis of a scenario",
        description="Analyse a scenario: payoff table, equilibria, dominated strategies, bargaining outcomes "
        "and the power report.",
    )
    p.add_argument(
        "scenario", metavar="SCENARIO", help="bundled scenario name (see 'negotiation list') or a .toml path"
    )
    p.add_argument(
        "--set",
        dest="overrides",
        action="append",
        metavar="NAME=VALUE",
        default=[],
        help="override a parameter (exact: 1.25 is 5/4); repeat for several",
    )
    p.add_argument("--no-bargaining", action="store_true", help="skip the bargaining solutions and the power report")
    _common_solver_options(p)
    p.set_defaults(handler=_cmd_analyze)

    p = sub.add_parser(
        "solve",
        parents=[debug],
        help="equilibria of a game in Gambit's .nfg format",
        description="Equilibria and dominated strategies of a strategic-form game in Gambit's .nfg format "
        "('-' reads standard input).",
    )
    p.add_argument("game", metavar="GAME.nfg", help="path to a .nfg file, or - for standard input")
    _common_solver_options(p)
    p.set_defaults(handler=_cmd_solve)

    p = sub.add_parser("list", parents=[debug], help="list the bundled scenarios")
    p.add_argument("--format", choices=("text", "markdown", "json"), default="text")
    p.set_defaults(handler=_cmd_list)
    return parser


# ---------------------------------------------------------------------- commands
def _emit(text: str) -> None:
    sys.stdout.write(text)
    sys.stdout.flush()


def _check_out(args: argparse.Namespace) -> None:
    """Refuse an ``--out`` that cannot be a directory name, before any work is done."""
    out = getattr(args, "out", None)
    if out is None:
        return
    if not out.strip():
        raise InputError(f"--out {out!r}: an empty directory name; give a directory, e.g. --out results")
    if "\0" in out:
        raise InputError(f"--out {out!r}: a directory name cannot contain a NUL character")


def _missing_ancestors(path: Path) -> list[Path]:
    """The ancestors of ``path`` that do not exist yet, deepest first (what ``mkdir -p`` would create)."""
    missing: list[Path] = []
    parent = path.absolute().parent
    while not parent.exists() and parent != parent.parent:
        missing.append(parent)
        parent = parent.parent
    return missing


def _write(analysis: Any, args: argparse.Namespace) -> list[Path]:
    """Write the outputs to ``--out``; on failure remove the parent directories this call created, so
    nothing is left behind, and report an unusable directory as bad input (exit 2)."""
    from .report.output import write_outputs

    created = _missing_ancestors(Path(args.out))
    try:
        return write_outputs(analysis, args.out, figures=not args.no_figures)
    except BaseException as exc:
        for directory in created:  # deepest first; only the empty ones we made
            try:
                directory.rmdir()
            except OSError:
                break
        if isinstance(exc, OSError):
            raise InputError(f"--out {args.out!r}: cannot write the results there: {exc.strerror or exc}") from exc
        raise


def _finish(analysis: Any, args: argparse.Namespace) -> int:
    from .report.render import render

    text = render(analysis, args.format)
    if getattr(args, "out", None) is not None:
        paths = _write(analysis, args)
        _emit(text)
        print(f"{PROG}: wrote {len(paths)} files to {args.out}", file=sys.stderr)
        return EXIT_OK
    _emit(text)
    return EXIT_OK


def _cmd_analyze(args: argparse.Namespace) -> int:
    from .analysis import analyze
    from .scenarios import load_scenario

    overrides = parse_set(args.overrides)
    _check_out(args)
    if args.scenario.lower().endswith(".nfg"):
        raise InputError(f"{args.scenario}: a Gambit game, not a scenario; use 'negotiation solve {args.scenario}'")
    with _input_stage():
        scenario = load_scenario(args.scenario)
        scenario.values(**overrides)  # validates names and ranges before any solving
    analysis = analyze(
        scenario,
        overrides=overrides,
        arithmetic=args.arithmetic,
        method=args.method,
        dominance=args.dominance,
        bargaining=not args.no_bargaining,
    )
    return _finish(analysis, args)


def _cmd_solve(args: argparse.Namespace) -> int:
    from .analysis import analyze
    from .interop.nfg import read_nfg

    _check_out(args)
    with _input_stage():
        if args.game == "-":
            game = read_nfg(sys.stdin.buffer, source_name="<stdin>")
        else:
            game = read_nfg(Path(args.game))
    if not game.title:
        game = game.with_labels(title=os.path.basename(args.game) if args.game != "-" else "game from stdin")
    analysis = analyze(game, arithmetic=args.arithmetic, method=args.method, dominance=args.dominance)
    return _finish(analysis, args)


def _cmd_list(args: argparse.Namespace) -> int:
    from .report.render import to_json
    from .report.tables import Table
    from .scenarios import list_scenarios

    items = list(list_scenarios())
    if args.format == "json":
        _emit(to_json([{"name": name, "title": title} for name, title in items]))
        return EXIT_OK
    table = Table(["scenario", "title"], [[name, title] for name, title in items], align="ll", max_width=80)
    if args.format == "markdown":
        _emit(table.to_markdown() + "\n")
    else:
        _emit(table.to_text() + "\n\nRun 'negotiation analyze NAME' for a full analysis.\n")
    return EXIT_OK


# ---------------------------------------------------------------------- errors and exit codes
class _input_stage:
    """Context in which any ValueError or OSError is bad input (exit 2), not an internal error."""

    def __enter__(self) -> None:
        return None

    def __exit__(self, exc_type: Any, exc: BaseException | None, tb: Any) -> Literal[False]:
        if exc is None or isinstance(exc, NegotiationError):
            return False
        if isinstance(exc, (ValueError, UnicodeDecodeError)):
            raise InputError(str(exc)) from exc
        if isinstance(exc, OSError):
            where = f"{exc.filename}: " if getattr(exc, "filename", None) else ""
            raise InputError(f"{where}{exc.strerror or exc}") from exc
        return False


def _one_line(text: str) -> str:
    line = " ".join(str(text).split())
    return line if len(line) <= MAX_MESSAGE else line[: MAX_MESSAGE - 1] + "…"


def is_input_error(exc: BaseException) -> bool:
    """True for errors about the user's input: exit code 2."""
    return isinstance(exc, NegotiationError) and isinstance(exc, ValueError)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command with ``argv`` (default ``sys.argv[1:]``); return the exit code."""
    parser = build_parser()
    debug = "--debug" in (argv if argv is not None else sys.argv[1:])
    try:
        args = parser.parse_args(argv)
    except _UsageError as exc:
        print(_one_line(str(exc)), file=sys.stderr)
        return EXIT_INPUT
    except SystemExit as exc:  # --help and --version print and "exit"; return their code instead
        return exc.code if isinstance(exc.code, int) else EXIT_OK
    debug = bool(getattr(args, "debug", False)) or debug
    handler = getattr(args, "handler", None)
    if handler is None:
        parser.print_help(sys.stderr)
        return EXIT_INPUT
    try:
        return handler(args)
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # the reader went away (e.g. '| head'); silence the final flush of stdout
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_INTERNAL
    except Exception as exc:  # noqa: BLE001 - the command's last line of defence
        if is_input_error(exc):
            if debug:
                traceback.print_exc()
            print(f"{PROG}: error: {_one_line(str(exc))}", file=sys.stderr)
            return EXIT_INPUT
        if debug:
            traceback.print_exc()
        print(f"{PROG}: internal error: {type(exc).__name__}: {_one_line(str(exc))}", file=sys.stderr)
        hint = (
            "this is a bug in negotiation, not in your input; rerun with --debug for the traceback and report it"
        )
        from .errors import SolverError

        if isinstance(exc, SolverError):
            hint = "the solver failed on this game; try another --method (or --exact), or rerun with --debug"
        print(f"{PROG}: hint: {hint}", file=sys.stderr)
        return EXIT_INTERNAL


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
