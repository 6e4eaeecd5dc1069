"""Disagreement points from a game: security levels and Nash's (1953) variable threats.

Security levels
    Player ``i``'s maxmin value in mixed strategies: the value of the zero-sum games ``A``
    (player 0) and ``B^T`` (player 1), solved by :func:`negotiation.solvers.zero_sum.solve_zero_sum`.

Variable threats (Nash 1953)
    Each player first commits to a *threat* (a mixed strategy it will play if talks fail); the
    threats ``(x, y)`` fix the disagreement point ``d(x, y) = (x A y, x B y)``, and the outcome is
    the (weighted) Nash solution ``N(S, d(x, y))`` of the feasible set ``S`` (the comprehensive
    convex hull of the game's payoff pairs). Player 0 wants ``N_0`` high, player 1 low.

How it is computed (exactly, on every polygon frontier)
    On a frontier segment with line ``a*u0 + b*u1 = c`` the weighted Nash solution depends on
    ``d`` only through ``h(d) = w1*a*d0 - w0*b*d1`` (Nash 1953, sec. 6): the points ``d`` sent to
    one point of that segment form a line of slope ``(w1/b) / (w0/a)``. So for the segment the threat
    game is the zero-sum game with matrix ``T = w1*a*A - w0*b*B``. With transferable utility
    (one segment, ``a = b``) and equal weights this is the classic ``A - B``.

    For a polygon frontier with segments ``k = 1..m`` (left to right) and vertices
    ``V_0..V_m``, the set ``{d : N_0(d) >= p_0}`` is the half-plane ``h_k(d) >= h_k(p)`` for
    ``p`` on segment ``k``, and ``h_k(d) >= h_k(V_k)`` resp. ``h_{k+1}(d) <= h_{k+1}(V_k)`` at a vertex.
    Hence, with ``v_k`` the value of ``T_k``, the threat solution is

    * the point ``p`` of segment ``k`` with ``h_k(p) = v_k`` when ``h_k(V_{k-1}) < v_k < h_k(V_k)``
      (threats: optimal strategies of ``T_k``), or
    * the vertex ``V_j`` when ``v_j >= h_j(V_j)`` and ``v_{j+1} <= h_{j+1}(V_j)`` (player 0's threat
      optimal in ``T_j``, player 1's in ``T_{j+1}``; the end vertices need only one condition).

    The result is checked: the Nash solution at the computed threat point must be that point.
    No restriction applies beyond what the zero-sum solver does (exact for exact payoffs).

References
----------
Nash, J. F. (1953). Two-person cooperative games. *Econometrica* 21, 128-140.
Luce, R. D. and Raiffa, H. (1957). *Games and Decisions*, section 6.5. Wiley.
Owen, G. (2013). *Game Theory*, 4th ed., section 10.2 (threat strategies). Emerald.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..errors import BargainingError, NotApplicableError, SolverError
from ..model.normal_form import NormalFormGame
from ._numbers import Arith, FrozenMap
from .problem import BargainingProblem, Point, _scale, _upper_frontier
from .solutions import BargainingSolution, _make, _weights, nash_point

__all__ = ["security_levels", "nash_threat_solution"]


def _zero_sum(matrix: np.ndarray) -> Any:
    from ..solvers.zero_sum import solve_zero_sum

    return solve_zero_sum(matrix)


def _two_player(game: Any, what: str) -> NormalFormGame:
    if not isinstance(game, NormalFormGame):
        raise TypeError(f"{what} needs a NormalFormGame, got {type(game).__name__}")
    if game.n_players != 2:
        raise NotApplicableError(f"{what} needs a two-player game; this one has {game.n_players} players")
    return game


def security_levels(game: NormalFormGame) -> Point:
    """Each player's security level (maxmin value over mixed strategies).

    Examples
    --------
    >>> from negotiation import NormalFormGame
    >>> chicken = NormalFormGame.from_bimatrix([[0, -1], [1, -10]], [[0, 1], [-1, -10]])
    >>> security_levels(chicken)
    (Fraction(-1, 1), Fraction(-1, 1))
    """
    game = _two_player(game, "security_levels")
    A, B = game.bimatrix()
    return (_zero_sum(np.asarray(A)).value, _zero_sum(np.asarray(B).T).value)


def nash_threat_solution(game: NormalFormGame, weights: Any = None) -> BargainingSolution:
    """Nash's (1953) variable-threat solution of a two-player game, with optimal threats.

    Parameters
    ----------
    game:
        A two-player :class:`~negotiation.model.NormalFormGame`; the feasible set is the
        comprehensive convex hull of its payoff pairs.
    weights:
        Bargaining weights of the generalized Nash solution (default equal).

    Returns
    -------
    BargainingSolution
        Concept ``"nash_threat"``; its problem's disagreement point is the threat point
        ``d(x, y)``, ``threat_strategies`` the optimal threats, and ``options`` records the
        frontier piece (``"segment k"`` or ``"vertex j"``) and, on a segment, the value of its
        threat game normalized as ``w1*A - w0*(b/a)*B`` (``A - B`` with transferable utility
        and equal weights; ``None`` at a vertex, where two threat games are involved).

    Raises
    ------
    BargainingError
        When the optimal threats already give a Pareto-optimal point (e.g. a constant-sum game):
        nothing is left to bargain over.

    Examples
    --------
    >>> from negotiation import NormalFormGame
    >>> g = NormalFormGame.from_bimatrix([[10, -2], [1, 0]], [[0, 1], [-3, 10]],
    ...                                  actions=[["T", "B"], ["L", "R"]])
    >>> sol = nash_threat_solution(g)
    >>> [str(v) for v in sol.payoffs], [str(v) for v in sol.disagreement]
    (['7/2', '13/2'], ['-2', '1'])
    >>> {name: [a for a, p in s.items() if p == 1] for name, s in zip(sol.players, sol.threat_strategies)}
    {'Row': ['T'], 'Column': ['R']}
    """
    game = _two_player(game, "nash_threat_solution")
    A, B = (np.asarray(m) for m in game.bimatrix())
    kind = "exact" if game.is_exact else "float"
    pts = [(A[i, j], B[i, j]) for i in range(A.shape[0]) for j in range(A.shape[1])]
    ar = Arith(kind, scale=_scale(pts))
    w = _weights(ar, weights)
    V = _upper_frontier(ar, pts)
    m = len(V) - 1
    lines = [(V[k][1] - V[k + 1][1], V[k + 1][0] - V[k][0]) for k in range(m)]  # (a, b), segment k+1

    def h(k: int, p: Point) -> Any:  # k = 1..m
        a, b = lines[k - 1]
        return w[1] * a * p[0] - w[0] * b * p[1]

    solved: dict[int, Any] = {}

    def threat_game(k: int) -> Any:
        if k not in solved:
            a, b = lines[k - 1]
            solved[k] = _zero_sum(w[1] * a * A - w[0] * b * B)
        return solved[k]

    piece: tuple[str, int] | None = None
    target: Point | None = None
    if m == 0:
        piece, target = ("vertex", 0), V[0]
    for j in range(m + 1):
        if piece is not None:
            break
        ok0 = j == 0 or ar.cmp(threat_game(j).value, h(j, V[j]), power=2) >= 0
        ok1 = j == m or ar.cmp(threat_game(j + 1).value, h(j + 1, V[j]), power=2) <= 0
        if ok0 and ok1:
            piece, target = ("vertex", j), V[j]
            break
        if j < m:
            k = j + 1
            v = threat_game(k).value
            lo, hi = h(k, V[k - 1]), h(k, V[k])
            if ar.cmp(v, lo, power=2) > 0 and ar.cmp(v, hi, power=2) < 0:
                lam = (v - lo) / (hi - lo)
                P, Q = V[k - 1], V[k]
                target = (P[0] + lam * (Q[0] - P[0]), P[1] + lam * (Q[1] - P[1]))
                piece = ("segment", k)
    if piece is None or target is None:  # pragma: no cover - excluded by Nash (1953), kept as a guard
        raise SolverError("nash_threat_solution found no frontier piece satisfying the threat conditions")
    kind_, j = piece
    if m == 0:
        x = np.full(A.shape[0], 1, dtype=object) / A.shape[0]
        y = np.full(A.shape[1], 1, dtype=object) / A.shape[1]
        x = x if kind == "exact" else x.astype(float)
        y = y if kind == "exact" else y.astype(float)
        value = None
    elif kind_ == "segment":
        sol = threat_game(j)
        x, y, value = sol.row_strategy, sol.column_strategy, sol.value / lines[j - 1][0]
    else:
        x = threat_game(j if j >= 1 else 1).row_strategy
        y = threat_game(j + 1 if j < m else m).column_strategy
        value = None
    d = (x @ A @ y, x @ B @ y)
    try:
        first, second = game.players  # two players (checked by _two_player)
        problem = BargainingProblem._build((first, second), pts, d, title=game.title, game=game)
    except BargainingError as exc:
        raise BargainingError(
            f"nash_threat_solution: the optimal threats give the disagreement point {tuple(map(str, d))}, "
            f"which leaves nothing to bargain over ({exc})"
        ) from None
    par = problem.arith()
    point, _ = nash_point(par, problem.bargaining_set, problem.disagreement, w)
    if par.cmp(point[0], target[0]) != 0 or par.cmp(point[1], target[1]) != 0:
        raise SolverError(
            f"nash_threat_solution: the Nash solution {point} at the threat point differs from the threat "
            f"solution {target}; please report this game"
        )
    threats = (
        FrozenMap((a, p) for a, p in zip(game.actions[0], x, strict=True)),
        FrozenMap((a, p) for a, p in zip(game.actions[1], y, strict=True)),
    )
    options = {
        "weights": w,
        "frontier_piece": f"{kind_} {j}",
        "threat_game_value": value,
    }
    return _make("nash_threat", target, problem, par, options, threat_strategies=threats)
