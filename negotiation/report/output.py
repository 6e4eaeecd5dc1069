"""Write an analysis to a directory atomically: results JSON, reports and figures.

:func:`write_outputs` writes everything into a fresh temporary directory beside the target, then
moves it into place with :func:`os.rename`, so the target either holds a complete set of files
or is left as it was: nothing is half-written when a step fails. An existing target is replaced
only when it looks like an earlier output of this function (it holds nothing but the files this
function writes); otherwise :class:`OutputError` is raised and nothing is touched.

Files written::

    results.json                 Analysis.to_dict() with provenance (stable, byte-identical reruns)
    report.txt, report.md        the text and Markdown reports
    figures/payoff_table.png     two-player games up to 12 x 12
    figures/best_responses.png   2 x 2 games
    figures/bargaining.png       when the analysis has a bargaining problem
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..errors import NegotiationError
from .render import render_json, render_markdown, render_text

__all__ = ["OutputError", "write_outputs", "figure_plan", "OUTPUT_FILES"]

#: Files (and the ``figures`` directory) that :func:`write_outputs` may create at the top level.
OUTPUT_FILES = frozenset({"results.json", "report.txt", "report.md", "figures"})
#: Largest two-player game drawn as a payoff-table figure.
MAX_FIGURE_SHAPE = (12, 12)


class OutputError(NegotiationError, ValueError):
    """The output directory cannot be used (it is a file, or holds files we did not write)."""


def figure_plan(analysis: Any) -> list[tuple[str, Callable[[Any], Any]]]:
    """``[(file name, draw(ax))]`` of the figures that apply to ``analysis``."""
    game = analysis.game
    plan: list[tuple[str, Callable[[Any], Any]]] = []
    if game.n_players == 2 and game.shape[0] <= MAX_FIGURE_SHAPE[0] and game.shape[1] <= MAX_FIGURE_SHAPE[1]:

        def payoff_table(ax: Any) -> Any:
            from ..plotting.games import plot_payoff_table

            # every pure equilibrium the analysis knows of: a separate pure search adds those the method missed
            search = getattr(analysis, "pure_search", None)
            marked = analysis.equilibria if search is None else (*analysis.equilibria, *search.pure)
            return _call_with_equilibria(plot_payoff_table, game, marked, ax)

        plan.append(("payoff_table.png", payoff_table))
    if game.n_players == 2 and game.shape == (2, 2):

        def best_responses(ax: Any) -> Any:
            from ..plotting.games import plot_best_responses

            # it computes the equilibria itself, exactly, drawing continua as segments
            return plot_best_responses(game, ax=ax)

        plan.append(("best_responses.png", best_responses))
    if analysis.problem is not None:

        def bargaining(ax: Any) -> Any:
            from ..plotting.bargaining import plot_bargaining

            return plot_bargaining(analysis.problem, dict(analysis.bargaining) or None, ax=ax)

        plan.append(("bargaining.png", bargaining))
    return plan


def _call_with_equilibria(func: Callable[..., Any], game: Any, equilibria: Any, ax: Any) -> Any:
    """Call a game plot, passing the equilibria when the function takes them."""
    import inspect

    params = inspect.signature(func).parameters
    for name in ("equilibria", "result"):
        if name in params:
            return func(game, ax=ax, **{name: equilibria})
    return func(game, ax=ax)


def _draw(path: Path, draw: Callable[[Any], Any]) -> None:
    # a Figure without pyplot: no global state, no GUI backend, nothing left open
    from matplotlib.figure import Figure

    fig = Figure(figsize=(6.4, 4.8), dpi=100)
    ax = fig.add_subplot()
    draw(ax)
    fig.savefig(path, format="png", metadata={"Software": None}, bbox_inches="tight")


def _replaceable(directory: Path) -> bool:
    for entry in directory.iterdir():
        if entry.name not in OUTPUT_FILES:
            return False
        if entry.name == "figures":
            if not entry.is_dir() or entry.is_symlink():
                return False
            if any(not (f.is_file() and f.suffix == ".png") for f in entry.iterdir()):
                return False
        elif not entry.is_file() or entry.is_symlink():
            return False
    return True


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_outputs(analysis: Any, out_dir: str | os.PathLike[str], *, figures: bool = True) -> list[Path]:
    """Write results JSON, reports and figures of ``analysis`` into ``out_dir``, atomically.

    Returns the paths written (inside ``out_dir``). Raises :class:`OutputError` when
    ``out_dir`` is a file or a directory holding other files; any other failure (a figure that
    cannot be drawn, a full disk) leaves ``out_dir`` untouched and re-raises.
    """
    out = Path(out_dir)
    if out.exists() or out.is_symlink():
        if not out.is_dir() or out.is_symlink():
            raise OutputError(f"--out {out}: exists and is not a directory")
        if not _replaceable(out):
            raise OutputError(
                f"--out {out}: directory holds files this command did not write; choose a new or empty directory"
            )
    parent = out.absolute().parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"--out {out}: cannot create the parent directory ({exc.strerror or exc})") from None
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".tmp", dir=parent))
    written: list[str] = []
    try:
        os.chmod(tmp, 0o777 & ~_umask())
        (tmp / "results.json").write_text(render_json(analysis), encoding="utf-8")
        (tmp / "report.txt").write_text(render_text(analysis), encoding="utf-8")
        (tmp / "report.md").write_text(render_markdown(analysis), encoding="utf-8")
        written += ["results.json", "report.txt", "report.md"]
        plan = figure_plan(analysis) if figures else []
        if plan:
            (tmp / "figures").mkdir()
            for name, draw in plan:
                _draw(tmp / "figures" / name, draw)
                written.append(f"figures/{name}")
        _move_into_place(tmp, out.absolute())
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return [out / name for name in written]


def _move_into_place(tmp: Path, out: Path) -> None:
    if not out.exists():
        os.rename(tmp, out)
        return
    # swap: old -> backup, new -> out, drop backup; restore the old one if the second step fails
    backup = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".old", dir=out.parent))
    os.rmdir(backup)
    os.rename(out, backup)
    try:
        os.rename(tmp, out)
    except BaseException:
        os.rename(backup, out)
        raise
    shutil.rmtree(backup, ignore_errors=True)
