r"""Iterated elimination of dominated strategies in n-player games.

An action ``a`` of player ``i`` is *strictly dominated* by a mixed strategy ``sigma`` of ``i``
(in the current, reduced game) when

.. math:: \sum_b \sigma_b\, u_i(b, s_{-i}) > u_i(a, s_{-i}) \quad \text{for every profile } s_{-i}
          \text{ of the others' surviving actions,}

and *weakly dominated* when ``>=`` holds everywhere and ``>`` somewhere. With ``by="pure"`` only
pure ``sigma`` (another action) count; with ``by="mixed"`` any mixture of the player's other
actions does. A strictly dominated action is never a best response, so it is played in no Nash
equilibrium, and deleting it keeps every equilibrium. Iterated *strict* elimination gives the same
reduced game whatever the order (Gilboa, Kalai and Zemel 1990); here every round removes all
actions dominated at its start. Iterated *weak* elimination may remove equilibria and depends on
the order: a warning says so.

How dominance is decided:

* pure: vectorized comparison of payoff rows; exact comparisons for exact games, a margin of
  ``rtol`` times the payoff range for float games.
* mixed, strict: one LP per candidate action. ``a`` is strictly dominated by a mixture iff the
  matrix game ``M[b, s] = u_i(b, s) - u_i(a, s)`` (rows: the other actions ``b``; columns: the
  others' profiles ``s``) has a positive value, and the row player's optimal strategy is a
  dominating mixture (Myerson 1991, Theorem 1.6; Fudenberg and Tirole 1991, sec. 2.1). It is
  solved by :func:`negotiation.solvers.zero_sum.solve_zero_sum`, which for exact games recovers
  the exact value and mixture from the LP's tight constraints and verifies them in rational
  arithmetic; the dominating mixture is then checked again exactly here.
* mixed, weak: one LP per candidate, maximizing the total excess ``sum_s (sigma M)_s`` subject
  to ``sigma M >= 0``; the LP's mixture is verified (exactly, for exact games, after rounding it to
  a nearby rational; a mixture that fails the exact check is not used and a note says so).

References
----------
Gilboa, I., Kalai, E. and Zemel, E. (1990). On the order of eliminating dominated strategies.
*Operations Research Letters* 9.
Myerson, R. B. (1991). *Game Theory: Analysis of Conflict*, sec. 3.1 and 1.8.
Fudenberg, D. and Tirole, J. (1991). *Game Theory*, sec. 2.1.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from types import MappingProxyType
from typing import Any

import numpy as np

from ..model.normal_form import NormalFormGame
from ..numeric import DEFAULT_RTOL, format_number, to_float_array
from ..provenance import Provenance, freeze_options
from ._common import check_rtol
from .zero_sum import solve_zero_sum

__all__ = ["EliminationStep", "DominanceResult", "iterated_elimination"]


@dataclass(frozen=True)
class EliminationStep:
    """One deleted action.

    Attributes
    ----------
    round:
        The elimination round (1-based); all deletions of a round are judged in the same game.
    player:
        Name of the player.
    action:
        Label of the deleted action.
    dominated_by:
        The dominating action's label, or a mixture ``{label: probability}`` (read-only).
    """

    round: int
    player: str
    action: str
    dominated_by: str | Mapping[str, Any]

    def __str__(self) -> str:
        if isinstance(self.dominated_by, str):
            by = self.dominated_by
        else:
            by = " + ".join(f"{format_number(p)}*{lab}" for lab, p in self.dominated_by.items())
        return f"round {self.round}: {self.player} deletes {self.action} (dominated by {by})"

    def to_dict(self) -> dict[str, Any]:
        by: Any = self.dominated_by
        if not isinstance(by, str):
            by = {lab: (format_number(p) if isinstance(p, Fraction) else float(p)) for lab, p in by.items()}
        return {"round": self.round, "player": self.player, "action": self.action, "dominated_by": by}


@dataclass(frozen=True, eq=False)
class DominanceResult:
    """The outcome of iterated elimination of dominated strategies.

    Attributes
    ----------
    game:
        The reduced game (``original.restrict(surviving)``).
    surviving:
        Surviving action labels per player, in the original order.
    steps:
        Every deletion, in order.
    by, strict, arithmetic:
        How dominance was judged (``"pure"`` or ``"mixed"``; strict or weak; exact or float).
    """

    game: NormalFormGame
    surviving: tuple[tuple[str, ...], ...]
    steps: tuple[EliminationStep, ...]
    by: str
    strict: bool
    arithmetic: str
    options: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    notes: tuple[str, ...] = ()
    provenance: Provenance | None = None

    @property
    def rounds(self) -> int:
        """Number of rounds that deleted something."""
        return max((s.round for s in self.steps), default=0)

    @property
    def is_solvable(self) -> bool:
        """True when one action per player survives (the game is dominance solvable)."""
        return all(len(s) == 1 for s in self.surviving)

    def to_dict(self) -> dict[str, Any]:
        """Stable JSON-ready form."""
        return {
            "by": self.by,
            "strict": self.strict,
            "arithmetic": self.arithmetic,
            "surviving": {p: list(s) for p, s in zip(self.game.players, self.surviving, strict=True)},
            "steps": [s.to_dict() for s in self.steps],
            "options": dict(self.options),
            "notes": list(self.notes),
            "provenance": self.provenance.to_dict() if self.provenance else None,
        }

    def __repr__(self) -> str:
        kept = "; ".join(f"{p}: {', '.join(s)}" for p, s in zip(self.game.players, self.surviving, strict=True))
        kind = "strict" if self.strict else "weak"
        return f"<DominanceResult {kind} by {self.by}: {len(self.steps)} deletions in {self.rounds} rounds; {kept}>"


# ------------------------------------------------------------------------------------ tests of dominance


def _rows(payoffs: np.ndarray, i: int, keep: list[list[int]]) -> np.ndarray:
    """Player ``i``'s payoffs in the reduced game: one row per surviving action of ``i``."""
    sub = payoffs[i][np.ix_(*keep)]
    return np.moveaxis(sub, i, 0).reshape(len(keep[i]), -1)


def _pure_dominators(U: np.ndarray, Uf: np.ndarray, a: int, strict: bool, atol: float, screen: float) -> list[int]:
    """Rows of ``U`` that dominate row ``a`` (``Uf``: ``U`` in floats; ``screen``: its rounding margin)."""
    diff = Uf - Uf[a]
    if U.dtype == object:
        # floats rule out most rows; the few left are compared exactly
        near = np.all(diff > -screen, axis=1)
        near[a] = False
        out = []
        for b in np.flatnonzero(near):
            d = U[b] - U[a]
            if (all(v > 0 for v in d)) if strict else (all(v >= 0 for v in d) and any(v > 0 for v in d)):
                out.append(int(b))
        return out
    if strict:
        ok = np.all(diff > atol, axis=1)
    else:
        ok = np.all(diff >= -atol, axis=1) & np.any(diff > atol, axis=1)
    ok[a] = False
    return [int(b) for b in np.flatnonzero(ok)]


def _exact_mixture(weights: np.ndarray, exact: bool) -> list[Any]:
    """A mixture as Fractions near ``weights`` (exact mode) or as normalized floats."""
    if not exact:
        w = np.clip(np.asarray(weights, dtype=float), 0.0, None)
        return [float(v) for v in w / w.sum()]
    if all(isinstance(v, Fraction) for v in weights):
        return list(weights)
    fr = [Fraction(float(v)).limit_denominator(10**9) if v > 0 else Fraction(0) for v in weights]
    total = sum(fr, Fraction(0))
    return [v / total for v in fr]


def _check_mixture(U: np.ndarray, a: int, others: list[int], sigma: list[Any], strict: bool, atol: float) -> bool:
    excess = sum((p * U[b] for p, b in zip(sigma, others, strict=True) if p != 0), np.zeros_like(U[a])) - U[a]
    if U.dtype == object:
        return bool(np.all(excess > 0)) if strict else bool(np.all(excess >= 0) and np.any(excess > 0))
    if strict:
        return bool(np.all(excess > atol))
    return bool(np.all(excess >= -atol) and np.any(excess > atol))


def _weak_lp(M: np.ndarray) -> np.ndarray | None:
    """Mixture ``sigma`` maximizing ``sum(sigma M)`` subject to ``sigma M >= 0``, or None if infeasible."""
    from scipy.optimize import linprog

    Mf = np.asarray(M, dtype=float)
    k = Mf.shape[0]
    scale = float(np.abs(Mf).max()) or 1.0
    Mn = Mf / scale
    res = linprog(-Mn.sum(axis=1), A_ub=-Mn.T, b_ub=np.zeros(Mn.shape[1]), A_eq=np.ones((1, k)), b_eq=[1.0],
                  bounds=(0, None), method="highs")
    if res.status != 0 or res.x is None or -res.fun <= 0:
        return None
    return np.clip(res.x, 0.0, None)


def _mixed_dominator(
    U: np.ndarray, Uf: np.ndarray, a: int, strict: bool, atol: float, screen: float, notes: list[str], where: str
) -> list[Any] | None:
    """A mixture over the other rows dominating row ``a`` (aligned with the other rows), or None."""
    others = [b for b in range(U.shape[0]) if b != a]
    if not others:
        return None
    exact = U.dtype == object
    Mf = Uf[others] - Uf[a]
    if strict:
        sol = solve_zero_sum(Mf, arithmetic="float")
        if exact:
            if sol.value <= -screen:  # clearly not dominated: no exact work
                return None
            sol = solve_zero_sum(U[others] - U[a])  # exact value and mixture, verified exactly
            if sol.arithmetic == "exact" and sol.value <= 0:
                return None
        elif sol.value <= atol:
            return None
        weights = sol.row_strategy
    else:
        weak = _weak_lp(Mf)
        if weak is None:
            return None
        weights = weak
    sigma = _exact_mixture(weights, exact)
    if _check_mixture(U, a, others, sigma, strict, atol):
        return sigma
    notes.append(f"{where}: the LP suggests a dominating mixture but it failed the {'exact' if exact else 'float'} "
                 "check; the action is kept")
    return None


# ------------------------------------------------------------------------------------ public


def iterated_elimination(
    game: NormalFormGame, *, by: str = "pure", strict: bool = True, rtol: float = DEFAULT_RTOL
) -> DominanceResult:
    """Iterated elimination of dominated strategies (n players; pure or mixed dominators).

    Parameters
    ----------
    game:
        Any finite game.
    by:
        ``"pure"``: an action is deleted when another action dominates it. ``"mixed"``: also when a
        mixture of the player's other actions does (one LP per remaining candidate).
    strict:
        ``True`` (default): strict dominance, whose result does not depend on the order of
        deletion. ``False``: weak dominance, with a :class:`UserWarning` since its result depends
        on the order (here: every round deletes all actions weakly dominated at its start) and it
        may delete Nash equilibria.
    rtol:
        For float games: a payoff difference must exceed ``rtol`` times the payoff range to count
        as strict. Exact games are compared exactly.

    Returns
    -------
    DominanceResult

    References
    ----------
    Gilboa, Kalai and Zemel (1990); Myerson (1991), *Game Theory*, sec. 1.8 and 3.1.

    Examples
    --------
    The prisoner's dilemma reduces to (D, D):

    >>> from negotiation import NormalFormGame
    >>> pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]], actions=[["C", "D"], ["C", "D"]])
    >>> res = iterated_elimination(pd)
    >>> res.surviving, res.is_solvable
    ((('D',), ('D',)), True)
    >>> print(res.steps[0])
    round 1: Row deletes C (dominated by D)

    An action dominated only by a mixture:

    >>> g = NormalFormGame.from_bimatrix([[3, 0], [0, 3], [1, 1]], [[0, 0], [0, 0], [0, 0]],
    ...                                  actions=[["T", "M", "B"], ["L", "R"]])
    >>> iterated_elimination(g).surviving[0]
    ('T', 'M', 'B')
    >>> res = iterated_elimination(g, by="mixed")
    >>> res.surviving[0], dict(res.steps[0].dominated_by)
    (('T', 'M'), {'T': Fraction(1, 2), 'M': Fraction(1, 2)})
    """
    if not isinstance(game, NormalFormGame):
        raise TypeError(f"expected a NormalFormGame, got {type(game).__name__}")
    if by not in ("pure", "mixed"):
        raise ValueError(f"by must be 'pure' or 'mixed', got {by!r}")
    if not isinstance(strict, bool):
        raise TypeError(f"strict must be True or False, got {strict!r}")
    rtol = check_rtol(rtol)
    if not strict:
        warnings.warn(
            "iterated elimination of weakly dominated strategies depends on the order of deletion and may delete "
            "Nash equilibria; this result deletes, in each round, every action weakly dominated at its start",
            UserWarning,
            stacklevel=2,
        )
    exact = game.is_exact
    payoffs = game.payoffs
    # each player's payoffs are compared with that player's own range (NormalFormGame.tolerances)
    atols = (0.0,) * game.n_players if exact else game.tolerances(rtol)
    keep = [list(range(k)) for k in game.shape]
    steps: list[EliminationStep] = []
    notes: list[str] = []
    rnd = 0
    while True:
        rnd += 1
        deletions: list[tuple[int, int, Any]] = []  # (player, local index, dominator)
        for i in range(game.n_players):
            if len(keep[i]) < 2:
                continue
            U = _rows(payoffs, i, keep)
            Uf = to_float_array(U)
            screen = 1e-9 * (float(np.abs(Uf).max()) or 1.0)  # far above the rounding of exact payoffs
            pure: dict[int, list[int]] = {}  # action -> dominating actions
            mixed: dict[int, list[Any]] = {}  # action -> dominating mixture over the other actions
            for a in range(U.shape[0]):
                doms = _pure_dominators(U, Uf, a, strict, atols[i], screen)
                if doms:
                    pure[a] = doms
                elif by == "mixed":
                    where = f"round {rnd}, {game.players[i]}'s {game.actions[i][keep[i][a]]}"
                    sigma = _mixed_dominator(U, Uf, a, strict, atols[i], screen, notes, where)
                    if sigma is not None:
                        mixed[a] = sigma
            labels = [game.actions[i][k] for k in keep[i]]
            for a in sorted(pure.keys() | mixed.keys()):
                if a in pure:
                    # prefer a dominator that is not itself deleted in this round
                    alive = [b for b in pure[a] if b not in pure and b not in mixed]
                    dominated_by: Any = labels[(alive or pure[a])[0]]
                else:
                    others = [b for b in range(U.shape[0]) if b != a]
                    mix = {labels[b]: p for b, p in zip(others, mixed[a], strict=True) if p > 0}
                    dominated_by = next(iter(mix)) if len(mix) == 1 else MappingProxyType(mix)
                deletions.append((i, a, dominated_by))
        if not deletions:
            break
        for i, a, dominated_by in deletions:
            steps.append(EliminationStep(rnd, game.players[i], game.actions[i][keep[i][a]], dominated_by))
        for i in range(game.n_players):
            gone = {a for j, a, _ in deletions if j == i}
            keep[i] = [k for pos, k in enumerate(keep[i]) if pos not in gone]
    reduced = game.restrict(keep)
    surviving = tuple(tuple(game.actions[i][k] for k in keep[i]) for i in range(game.n_players))
    options = {"by": by, "strict": strict, "rtol": rtol}
    frozen = freeze_options(options)
    provenance = Provenance.make("iterated_elimination", frozen, input_digest=game.digest(),
                                 libraries=("numpy", "scipy") if by == "mixed" else ("numpy",))
    return DominanceResult(reduced, surviving, tuple(steps), by, strict, "exact" if exact else "float", frozen,
                           tuple(notes), provenance)
