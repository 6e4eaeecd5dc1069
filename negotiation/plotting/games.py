"""Pictures of two-player games: the payoff table and the best-response diagram.

matplotlib is imported inside the functions only. Each function takes ``ax=None`` (a new figure
when omitted) and returns the Axes. Artists carry a ``gid`` so that callers and tests can find
them: ``"cell"`` (payoff texts), ``"equilibrium-pure"`` and ``"equilibrium-support"``
(highlights in the table), ``"best-response-row"`` and ``"best-response-column"`` (the
correspondences), ``"equilibrium"`` (marked equilibria), ``"equilibrium-component"`` (segments or
regions of equilibria in degenerate games).

The best-response diagram of a 2x2 game plots, in the unit square, the row player's best
responses ``p`` (probability of its first action) to each ``q`` (the column player's probability
of its first action), and the column player's best responses ``q`` to each ``p``; the Nash
equilibria are the points where the two correspondences meet (Gibbons 1992, section 1.3.A; Osborne
2004, section 4.3). The intersection is computed exactly, with fractions, so degenerate games
show their segments of equilibria rather than a few arbitrary points.

References
----------
Gibbons, R. (1992), *Game Theory for Applied Economists*, Princeton University Press.
Osborne, M. J. (2004), *An Introduction to Game Theory*, Oxford University Press.
"""

from __future__ import annotations

from collections.abc import Iterable
from fractions import Fraction
from typing import Any

import numpy as np

from ..errors import NotApplicableError
from ..model.normal_form import NormalFormGame
from ..numeric import format_number, to_exact_array

__all__ = ["plot_payoff_table", "plot_best_responses", "best_response_segments", "equilibrium_pieces"]

#: An axis-aligned box in the unit square ``((x_min, y_min), (x_max, y_max))``: a point, a segment
#: or a rectangle, in exact arithmetic. ``x`` is the column player's probability of its first
#: action, ``y`` the row player's.
Box = tuple[tuple[Fraction, Fraction], tuple[Fraction, Fraction]]


def _new_axes(figsize: tuple[float, float]) -> Any:
    import matplotlib.pyplot as plt

    _, ax = plt.subplots(figsize=figsize)
    return ax


def _require_two(game: NormalFormGame, what: str) -> None:
    if not isinstance(game, NormalFormGame):
        raise TypeError(f"{what} needs a NormalFormGame, got {type(game).__name__}")
    if game.n_players != 2:
        raise NotApplicableError(f"{what} draws two-player games; this one has {game.n_players} players")


def _profiles(game: NormalFormGame, equilibria: Any) -> list[tuple[np.ndarray, np.ndarray]]:
    """Strategy pairs from an EquilibriumResult, Equilibrium objects or plain profiles."""
    if equilibria is None:
        return []
    items: Iterable[Any] = getattr(equilibria, "equilibria", equilibria)
    out = []
    for item in items:
        strategies = getattr(item, "strategies", item)
        row, col = game.profile(strategies)
        out.append((row, col))
    return out


# ------------------------------------------------------------------------------ payoff table
def plot_payoff_table(
    game: NormalFormGame, ax: Any = None, *, equilibria: Any = None, digits: int = 3, title: str | None = None
) -> Any:
    """Draw a two-player game as an annotated bimatrix grid.

    Each cell shows ``"row payoff, column payoff"``. When ``equilibria`` is given (an
    :class:`~negotiation.EquilibriumResult`, :class:`~negotiation.Equilibrium` objects or
    profiles), the cell of each pure equilibrium is filled (gid ``"equilibrium-pure"``) and the
    support cells of each mixed equilibrium are outlined (gid ``"equilibrium-support"``).

    Parameters
    ----------
    game:
        A two-player :class:`~negotiation.NormalFormGame`.
    ax:
        A matplotlib Axes; a new figure is made when omitted.
    equilibria:
        Equilibria to highlight (optional).
    digits:
        Significant digits of float payoffs (exact payoffs are shown as ``p/q``).
    title:
        Axes title; defaults to the game's title.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from negotiation import NormalFormGame
    >>> pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]],
    ...                                   actions=[["C", "D"], ["C", "D"]])
    >>> ax = plot_payoff_table(pd, equilibria=[("D", "D")])
    >>> [t.get_text() for t in ax.texts]
    ['3, 3', '0, 5', '5, 0', '1, 1']
    >>> len([p for p in ax.patches if p.get_gid() == "equilibrium-pure"])
    1
    """
    _require_two(game, "plot_payoff_table")
    from matplotlib.patches import Rectangle

    m, n = game.shape
    if ax is None:
        ax = _new_axes((1.6 + 1.3 * n, 1.2 + 0.7 * m))
    A, B = game.bimatrix()
    for r in range(m):
        for c in range(n):
            text = f"{format_number(A[r, c], digits)}, {format_number(B[r, c], digits)}"
            ax.text(c + 0.5, r + 0.5, text, ha="center", va="center", gid="cell")
    for k in range(m + 1):
        ax.plot([0, n], [k, k], color="0.3", linewidth=0.8, gid="grid", clip_on=False)
    for k in range(n + 1):
        ax.plot([k, k], [0, m], color="0.3", linewidth=0.8, gid="grid", clip_on=False)
    for row, col in _profiles(game, equilibria):
        rows = np.flatnonzero(np.asarray(row != 0))
        cols = np.flatnonzero(np.asarray(col != 0))
        if len(rows) == 1 and len(cols) == 1:
            ax.add_patch(Rectangle((cols[0], rows[0]), 1, 1, facecolor="gold", alpha=0.5, edgecolor="none",
                                   gid="equilibrium-pure", zorder=0))
            continue
        for ri in rows:
            for ci in cols:
                ax.add_patch(Rectangle((ci + 0.06, ri + 0.06), 0.88, 0.88, fill=False, edgecolor="tab:green",
                                       linestyle="--", linewidth=1.5, gid="equilibrium-support"))
    ax.set_xlim(0, n)
    ax.set_ylim(m, 0)
    ax.set_xticks([c + 0.5 for c in range(n)], list(game.actions[1]))
    ax.set_yticks([r + 0.5 for r in range(m)], list(game.actions[0]))
    ax.xaxis.tick_top()
    ax.xaxis.set_label_position("top")
    ax.set_xlabel(game.players[1])
    ax.set_ylabel(game.players[0])
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    shown = game.title if title is None else title
    if shown:
        ax.set_title(shown, pad=28)
    return ax


# ------------------------------------------------------------------------------ best responses
def _br_path(d0: Fraction, d1: Fraction) -> list[tuple[Fraction, Fraction]] | None:
    """Best-response path ``(t, v)`` for an advantage ``d(t) = d0 + (d1 - d0) t`` of the first action.

    ``v`` is the probability of the first action: 1 where ``d > 0``, 0 where ``d < 0``, anything
    where ``d = 0``. Returns the polyline's vertices, or ``None`` when ``d`` is identically zero
    (every strategy is a best response everywhere).
    """
    one, zero = Fraction(1), Fraction(0)

    def best(s: Fraction) -> Fraction:
        return one if s > 0 else zero

    if d0 == 0 and d1 == 0:
        return None
    if d0 == 0:
        return [(zero, one - best(d1)), (zero, best(d1)), (one, best(d1))]
    if d1 == 0:
        return [(zero, best(d0)), (one, best(d0)), (one, one - best(d0))]
    if (d0 > 0) == (d1 > 0):
        return [(zero, best(d0)), (one, best(d0))]
    t = d0 / (d0 - d1)
    return [(zero, best(d0)), (t, best(d0)), (t, best(d1)), (one, best(d1))]


def _boxes(points: list[tuple[Fraction, Fraction]]) -> list[Box]:
    out = []
    for (x0, y0), (x1, y1) in zip(points, points[1:], strict=False):
        out.append(((min(x0, x1), min(y0, y1)), (max(x0, x1), max(y0, y1))))
    return out


def best_response_segments(game: NormalFormGame) -> tuple[list[Box], list[Box]]:
    """Exact best-response correspondences of a 2x2 game as axis-aligned boxes.

    Returns ``(row, column)``: each a list of segments ``((x0, y0), (x1, y1))`` in the unit
    square with ``x`` the column player's probability of its first action and ``y`` the row
    player's; a player indifferent everywhere has the whole square ``((0, 0), (1, 1))``.

    Examples
    --------
    >>> from negotiation import NormalFormGame
    >>> pennies = NormalFormGame.zero_sum([[1, -1], [-1, 1]])
    >>> row, column = best_response_segments(pennies)
    >>> [tuple(map(str, a + b)) for a, b in row]
    [('0', '0', '1/2', '0'), ('1/2', '0', '1/2', '1'), ('1/2', '1', '1', '1')]
    """
    row_path, col_path = _br_paths(game)
    unit: Box = ((Fraction(0), Fraction(0)), (Fraction(1), Fraction(1)))
    row = [unit] if row_path is None else _boxes(row_path)
    column = [unit] if col_path is None else _boxes(col_path)
    return row, column


def _br_paths(game: NormalFormGame) -> tuple[list[tuple[Fraction, Fraction]] | None, ...]:
    """Polylines ``(x, y)`` of the row and column best responses (``None``: indifferent everywhere)."""
    _require_two(game, "best_response_segments")
    if game.shape != (2, 2):
        raise NotApplicableError(f"best-response diagrams are for 2x2 games; this one is {game.shape}")
    A, B = (to_exact_array(np.asarray(m)) for m in game.bimatrix())
    # row: advantage of its first action as a function of q (column's weight on its first action)
    row_path = _br_path(A[0, 1] - A[1, 1], A[0, 0] - A[1, 0])
    # column: advantage of its first action as a function of p; points are (q, p) = (v, t)
    col_path = _br_path(B[1, 0] - B[1, 1], B[0, 0] - B[0, 1])
    if col_path is not None:
        col_path = [(v, t) for t, v in col_path]
    return row_path, col_path


def _intersect(a: Box, b: Box) -> Box | None:
    lo = (max(a[0][0], b[0][0]), max(a[0][1], b[0][1]))
    hi = (min(a[1][0], b[1][0]), min(a[1][1], b[1][1]))
    if lo[0] > hi[0] or lo[1] > hi[1]:
        return None
    return (lo, hi)


def _inside(small: Box, big: Box) -> bool:
    return big[0][0] <= small[0][0] and big[0][1] <= small[0][1] and small[1][0] <= big[1][0] and (
        small[1][1] <= big[1][1]
    )


def equilibrium_pieces(game: NormalFormGame) -> list[Box]:
    """The Nash equilibria of a 2x2 game as maximal boxes: points, segments or the whole square.

    The intersection of the two best-response correspondences, computed exactly. A nondegenerate
    game gives one or three points; degenerate games give segments (or regions).

    Examples
    --------
    >>> from negotiation import NormalFormGame
    >>> bos = NormalFormGame.from_bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]])
    >>> [(str(lo[0]), str(lo[1])) for lo, hi in equilibrium_pieces(bos)]
    [('0', '0'), ('1/3', '2/3'), ('1', '1')]
    """
    row, column = best_response_segments(game)
    found: set[Box] = set()
    for a in row:
        for b in column:
            box = _intersect(a, b)
            if box is not None:
                found.add(box)
    maximal = [b for b in found if not any(o != b and _inside(b, o) for o in found)]
    # a segment can arrive in pieces that share an endpoint (consecutive path segments): merge
    merged = True
    while merged:
        merged = False
        for i, a in enumerate(maximal):
            for b in maximal[i + 1:]:
                joined = _join(a, b)
                if joined is not None:
                    maximal = [x for x in maximal if x not in (a, b)] + [joined]
                    merged = True
                    break
            if merged:
                break
    return sorted(maximal)


def _join(a: Box, b: Box) -> Box | None:
    """Union of two collinear touching segments, if it is a segment."""
    for axis in (0, 1):
        other = 1 - axis
        flat_a = a[0][other] == a[1][other]
        flat_b = b[0][other] == b[1][other]
        if flat_a and flat_b and a[0][other] == b[0][other]:
            if a[1][axis] >= b[0][axis] and b[1][axis] >= a[0][axis]:
                lo = [Fraction(0), Fraction(0)]
                hi = [Fraction(0), Fraction(0)]
                lo[axis], hi[axis] = min(a[0][axis], b[0][axis]), max(a[1][axis], b[1][axis])
                lo[other] = hi[other] = a[0][other]
                return ((lo[0], lo[1]), (hi[0], hi[1]))
    return None


def plot_best_responses(game: NormalFormGame, ax: Any = None, *, equilibria: Any = None) -> Any:
    """Draw the best-response correspondences of a 2x2 game in the unit square, equilibria marked.

    The x-axis is the column player's probability of its first action, the y-axis the row
    player's. The row player's correspondence is a solid line (gid ``"best-response-row"``), the
    column player's a dashed one (gid ``"best-response-column"``); a player indifferent
    everywhere is shown as a shaded square. Equilibria are the intersections, computed exactly:
    each isolated or extreme equilibrium gets a marker (gid ``"equilibrium"``) and each segment of
    equilibria of a degenerate game a thick line (gid ``"equilibrium-component"``). Pass
    ``equilibria`` (a result, Equilibrium objects or profiles) to mark those instead.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from negotiation import NormalFormGame
    >>> bos = NormalFormGame.from_bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]])
    >>> ax = plot_best_responses(bos)
    >>> len([line for line in ax.lines if line.get_gid() == "equilibrium"])
    3
    """
    _require_two(game, "plot_best_responses")
    paths = _br_paths(game)
    if ax is None:
        ax = _new_axes((4.8, 4.8))
    names, acts = game.players, game.actions
    styles = {
        "row": dict(color="tab:blue", linewidth=2.5, linestyle="-"),
        "column": dict(color="tab:orange", linewidth=2.0, linestyle="--"),
    }
    for who, path, name in zip(("row", "column"), paths, names, strict=True):
        label = f"best responses of {name}"
        if path is None:  # indifferent everywhere: every point of the square is a best response
            ax.fill([0, 1, 1, 0], [0, 0, 1, 1], color=styles[who]["color"], alpha=0.15, label=label,
                    gid=f"best-response-{who}")
        else:
            ax.plot([float(x) for x, _ in path], [float(y) for _, y in path], label=label,
                    gid=f"best-response-{who}", **styles[who])
    if equilibria is None:
        pieces = equilibrium_pieces(game)
        points: list[tuple[float, float]] = []
        for lo, hi in pieces:
            if lo == hi:
                points.append((float(lo[0]), float(lo[1])))
            elif lo[0] != hi[0] and lo[1] != hi[1]:
                ax.fill([float(lo[0]), float(hi[0]), float(hi[0]), float(lo[0])],
                        [float(lo[1]), float(lo[1]), float(hi[1]), float(hi[1])],
                        color="tab:red", alpha=0.25, gid="equilibrium-component")
            else:
                ax.plot([float(lo[0]), float(hi[0])], [float(lo[1]), float(hi[1])], color="tab:red",
                        linewidth=6, alpha=0.5, solid_capstyle="round", gid="equilibrium-component")
                points.extend([(float(lo[0]), float(lo[1])), (float(hi[0]), float(hi[1]))])
    else:
        points = [(float(col[0]), float(row_s[0])) for row_s, col in _profiles(game, equilibria)]
    first = True
    for x, y in dict.fromkeys(points):
        ax.plot([x], [y], linestyle="none", marker="o", markersize=9, color="tab:red", zorder=5,
                gid="equilibrium", label="Nash equilibria" if first else None)
        first = False
    ax.set_xlim(-0.05, 1.05)
    ax.set_ylim(-0.05, 1.05)
    ax.set_aspect("equal")
    ax.set_xlabel(f"probability that {names[1]} plays {acts[1][0]}")
    ax.set_ylabel(f"probability that {names[0]} plays {acts[0][0]}")
    if game.title:
        ax.set_title(game.title)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=1, frameon=False)
    return ax
