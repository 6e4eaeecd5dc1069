"""Bargaining pictures: the feasible set with its solutions, and a share against a parameter.

matplotlib is imported inside the functions; every function takes ``ax=None`` (a new figure)
and returns the Axes.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from ..bargaining._numbers import evaluate
from ..bargaining.problem import BargainingProblem
from ..bargaining.solutions import CONCEPTS, BargainingSolution
from ..errors import BargainingError

__all__ = ["plot_bargaining", "plot_share_vs_parameter"]

_MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")


def _axes(ax: Any) -> Any:
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    _, ax = plt.subplots()
    return ax


def _f(x: Any) -> float:
    return float(evaluate(x)) if not isinstance(x, float) else x


def plot_bargaining(
    problem: BargainingProblem,
    solutions: Iterable[BargainingSolution] | Mapping[str, BargainingSolution] | None = None,
    ax: Any = None,
    *,
    parameters: Mapping[str, Any] | None = None,
) -> Any:
    """Draw the feasible set (with free disposal), its Pareto frontier, the individually rational
    part, the disagreement point, the ideal point and every solution, marked and labelled.

    Parameters
    ----------
    problem:
        The problem; a symbolic one is drawn at its default (or the given) parameter values.
    solutions:
        Solutions to mark (a sequence, or a mapping label -> solution). Default: Nash,
        Kalai-Smorodinsky, egalitarian and utilitarian.
    ax:
        Axes to draw on (default: a new figure).
    parameters:
        Parameter values for a symbolic problem.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> p = BargainingProblem.from_points([(0, 2), (2, 1), (3, 0)], (0, 0))
    >>> ax = plot_bargaining(p)
    >>> sorted(t.get_text() for t in ax.texts)[:2]
    ['d', 'egalitarian']
    """
    if not isinstance(problem, BargainingProblem):
        raise TypeError(f"plot_bargaining needs a BargainingProblem, got {type(problem).__name__}")
    numeric = problem.evaluate(parameters) if problem.is_symbolic else problem
    if solutions is None:
        items = [(name, f(numeric)) for name, f in CONCEPTS.items()]
    elif isinstance(solutions, Mapping):
        items = list(solutions.items())
    else:
        items = [(s.concept, s) for s in solutions]
    ax = _axes(ax)
    V = [(_f(p[0]), _f(p[1])) for p in numeric.frontier]
    W = [(_f(p[0]), _f(p[1])) for p in numeric.bargaining_set]
    d = (_f(numeric.disagreement[0]), _f(numeric.disagreement[1]))
    pts = [(_f(p[0]), _f(p[1])) for p in numeric.points]
    xs = [p[0] for p in V + W + pts] + [d[0]]
    ys = [p[1] for p in V + W + pts] + [d[1]]
    span = max(max(xs) - min(xs), max(ys) - min(ys), 1e-12)
    x_lo, y_lo = min(xs) - 0.1 * span, min(ys) - 0.1 * span
    x_hi, y_hi = max(xs) + 0.25 * span, max(ys) + 0.1 * span
    region = [(x_lo, V[0][1]), *V, (V[-1][0], y_lo), (x_lo, y_lo)]
    ax.fill([p[0] for p in region], [p[1] for p in region], alpha=0.15, color="tab:blue",
            label="feasible set (free disposal)")
    ax.plot([p[0] for p in V], [p[1] for p in V], color="tab:blue", lw=1.5, label="Pareto frontier")
    ax.plot([p[0] for p in W], [p[1] for p in W], color="tab:green", lw=3, alpha=0.6,
            label="individually rational part")
    if numeric.kind == "polygon":
        ax.scatter([p[0] for p in pts], [p[1] for p in pts], s=12, color="tab:gray", zorder=3)
    ax.scatter([d[0]], [d[1]], color="black", zorder=4)
    ax.annotate("d", d, textcoords="offset points", xytext=(5, 5))
    ideal = numeric.ideal_point()
    ip = (_f(ideal[0]), _f(ideal[1]))
    ax.scatter([ip[0]], [ip[1]], marker="+", color="tab:gray", zorder=4)
    ax.annotate("ideal", ip, textcoords="offset points", xytext=(5, 5), color="tab:gray")
    groups: dict[tuple[float, float], tuple[float, float, list[str]]] = {}
    for k, (label, sol) in enumerate(items):
        u = sol.payoffs if sol.arithmetic != "symbolic" else sol.evaluate(parameters)
        x, y = _f(u[0]), _f(u[1])
        ax.scatter([x], [y], marker=_MARKERS[k % len(_MARKERS)], s=50, zorder=5, label=label)
        key = (round(x / span, 6), round(y / span, 6))  # solutions at one point share one label
        groups.setdefault(key, (x, y, []))[2].append(label)
    for x, y, labels in groups.values():
        ax.annotate(", ".join(labels), (x, y), textcoords="offset points", xytext=(6, -14), fontsize=8)
    ax.set_xlim(x_lo, x_hi)
    ax.set_ylim(y_lo, y_hi)
    ax.set_xlabel(f"payoff of {numeric.players[0]}")
    ax.set_ylabel(f"payoff of {numeric.players[1]}")
    ax.set_title(numeric.title or "bargaining problem")
    ax.legend(fontsize=7, loc="best")
    return ax


def plot_share_vs_parameter(
    problem_factory_or_symbolic: BargainingProblem | Callable[[Any], BargainingProblem],
    parameter: str,
    values: Sequence[Any],
    ax: Any = None,
    *,
    concepts: Sequence[str] = ("nash", "kalai_smorodinsky", "egalitarian", "utilitarian"),
    player: int | str = 0,
    basis: str = "auto",
) -> Any:
    """Plot one player's share under each concept against a parameter.

    Parameters
    ----------
    problem_factory_or_symbolic:
        A symbolic :class:`BargainingProblem` (evaluated at ``{parameter: value}`` over its
        defaults), or a function ``value -> BargainingProblem``.
    parameter:
        The parameter's name (axis label; the symbol's name for a symbolic problem).
    values:
        Parameter values.
    concepts:
        Solution concepts to draw (names of :data:`negotiation.bargaining.solutions.CONCEPTS`).
    player:
        Whose share: 0, 1 or a player's name.
    basis:
        As in :func:`negotiation.bargaining.power_report`: ``"payoff"`` (``u_i / (u_0 + u_1)``, the
        share of the surplus with transferable utility), ``"gain"`` (share of the gains from
        agreement), ``"ideal"`` (gain as a fraction of the player's own ideal gain; no common unit
        needed) or ``"auto"`` (``"payoff"`` for transferable utility with a positive surplus,
        ``"ideal"`` otherwise; decided on the first problem and kept for the whole curve). The
        axis label says which, and that a common unit is assumed where it is.

    Returns
    -------
    matplotlib.axes.Axes

    Warns
    -----
    UserWarning
        When a payoff share leaves ``[0, 1]`` (a negative payoff: the player pays), naming the
        parameter values; the 0 and 1 lines are then drawn.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import sympy
    >>> o = sympy.Symbol("o")
    >>> p = BargainingProblem.transferable(10, (o, 0), parameters={"o": 2})
    >>> ax = plot_share_vs_parameter(p, "o", [0, 2, 4, 6])
    >>> [round(float(v), 2) for v in ax.lines[0].get_ydata()]
    [0.5, 0.6, 0.7, 0.8]
    >>> ax.get_ylabel()
    'share of P0 (of the surplus)'
    """
    from ..bargaining.report import _share

    unknown = [c for c in concepts if c not in CONCEPTS]
    if unknown:
        raise BargainingError(f"unknown concepts {unknown}; choose from {sorted(CONCEPTS)}")
    if basis not in BASES:
        raise BargainingError(f"basis must be one of {BASES}, got {basis!r}")
    if isinstance(problem_factory_or_symbolic, BargainingProblem):
        symbolic = problem_factory_or_symbolic

        def make(v: Any) -> BargainingProblem:
            return symbolic.evaluate({parameter: v})

        names = {s.name for s in symbolic.symbols}
        if parameter not in names:
            raise BargainingError(f"the problem has no parameter {parameter!r}; its symbols are {sorted(names)}")
    elif callable(problem_factory_or_symbolic):
        make = problem_factory_or_symbolic  # type: ignore[assignment]
    else:
        raise TypeError("expected a symbolic BargainingProblem or a function value -> BargainingProblem")
    xs = [float(evaluate(v)) if not isinstance(v, float) else v for v in values]
    series: dict[str, list[float]] = {c: [] for c in concepts}
    who = None
    used = basis
    transferable = False
    outside: list[str] = []
    for v in values:
        prob = make(v)
        if not isinstance(prob, BargainingProblem):
            raise TypeError(f"the factory must return a BargainingProblem; at {parameter} = {v} it gave "
                            f"{type(prob).__name__}")
        i = _player_index(prob.players, player)
        if who is None:
            who = prob.players[i]
            transferable = prob.kind == "transferable"
            if used == "auto":
                used = "ideal" if not transferable else ("payoff" if float(evaluate(prob.surplus)) > 0 else "gain")
        d, ideal = prob.disagreement, prob.ideal_point()
        for c in concepts:
            sol = CONCEPTS[c](prob)
            u = sol.payoffs
            if used == "payoff" and float(evaluate(u[0] + u[1])) <= 0:
                raise BargainingError(
                    f"payoff shares are undefined at {parameter} = {v}: the total payoff under {c} is not positive"
                )
            share = float(evaluate(_share(used, u, d, ideal, i)))
            if used == "payoff" and not 0 <= share <= 1:
                outside.append(f"{c} at {parameter} = {v}: {share:.3g}")
            series[c].append(share)
    ax = _axes(ax)
    for k, c in enumerate(concepts):
        ax.plot(xs, series[c], marker=_MARKERS[k % len(_MARKERS)], label=c)
    ax.set_xlabel(parameter)
    if used == "ideal":
        ax.set_ylabel(f"{who}'s gain as a fraction of its ideal gain")
    else:
        ax.set_ylabel(f"share of {who} ({_LABELS[used] if transferable else _LABELS_COMMON[used]})")
    if used == "ideal":
        ax.axhline(1.0, color="gray", lw=0.8, ls=":")
    else:
        ax.axhline(0.5, color="gray", lw=0.8, ls=":")
    if outside:
        ax.axhline(0.0, color="black", lw=0.6)
        ax.axhline(1.0, color="black", lw=0.6)
        warnings.warn(
            f"{who}'s payoff share leaves [0, 1] (a negative payoff: it pays more than the whole deal is worth to "
            f"it): {'; '.join(outside[:3])}{' ...' if len(outside) > 3 else ''}",
            UserWarning,
            stacklevel=2,
        )
    ax.legend(fontsize=7)
    return ax


#: Share bases of :func:`plot_share_vs_parameter` (as in the power report).
BASES = ("auto", "payoff", "gain", "ideal")

_LABELS = {
    "payoff": "of the surplus",
    "gain": "of the gains from agreement",
}
_LABELS_COMMON = {
    "payoff": "of the total payoff, common unit assumed",
    "gain": "of the gains from agreement, common unit assumed",
}


def _player_index(players: tuple[str, str], player: Any) -> int:
    if isinstance(player, str) and player in players:
        return players.index(player)
    if not isinstance(player, (str, bool)) and player in (0, 1):
        return int(player)
    raise BargainingError(f"player must be 0, 1 or one of the names {list(players)}, got {player!r}")
