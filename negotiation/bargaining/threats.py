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

    The agreement depends only on the values ``v_k`` (unique), never on which optimal strategies the
    zero-sum solver returns. The threat game has a value because ``N_0(d)`` is quasi-linear in ``d``
    (its upper and lower level sets are half-planes) and ``d(x, y)`` is bilinear (Sion's minimax
    theorem; Nash 1953 proves it directly), so every pair of optimal threats gives the same agreement.
    A frontier with a single point ``V_0`` is its own solution (any threats; the uniform ones are
    reported). Player 0's optimal threats at a vertex ``V_j`` are the ``x`` with
    ``min_y h_j(d(x, y)) >= h_j(V_j)`` (every ``x`` at ``V_0``), player 1's the ``y`` with
    ``max_x h_{j+1}(d(x, y)) <= h_{j+1}(V_j)`` (every ``y`` at ``V_m``).

    The result is checked: the Nash solution at the computed threat point must be that point (or, for a
    threat point on the boundary of the feasible set, the point must lie weakly below it; see
    :func:`nash_threat_solution`). No restriction applies beyond what the zero-sum solver does (exact
    for exact payoffs).

Float games
    Decisions use each player's own payoff range (:mod:`negotiation.bargaining._numbers`); the threat
    games are formed from payoffs measured from the lowest payoff of each player (a translation
    changes no decision) and with weights normalized to sum 1, so a positive affine map of either
    player's payoffs changes no decision beyond float rounding. When rounding still moves the
    threat point's Nash solution further from the threat solution than the check allows (payoffs
    such as ``1e8 + 1e-6*k``, which keep a few digits of their spread), the game of the floats'
    exact binary values is solved exactly and the result rounded to floats (the notes say so).

References
----------
Nash, J. F. (1953). Two-person cooperative games. *Econometrica* 21, 128-140.
Luce, R. D. and Raiffa, H. (1957). *Games and Decisions*, section 6.5. Wiley.
Owen, G. (2013). *Game Theory*, 4th ed., section 10.2 (threat strategies). Emerald.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np

from ..errors import BargainingError, InvalidGameError, NotApplicableError, SolverError
from ..model.normal_form import NormalFormGame
from ..provenance import Provenance
from ..solvers._exact import solve_exact
from ._numbers import U0, U01, U1, Arith, FrozenMap
from .problem import (
    BargainingProblem,
    Point,
    _float_ranges,
    _float_weights_refusal,
    _height,
    _ranges,
    _show,
    _upper_frontier,
)
from .solutions import BargainingSolution, _has_float, _make, _weights, nash_point

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
        Bargaining weights of the generalized Nash solution (default equal). As for the bargaining
        solutions, a float weight makes the arithmetic float: an exact game given ``weights=0.3`` is
        solved as its float copy (``arithmetic="float"``); give ``"3/10"`` to stay exact.

    Returns
    -------
    BargainingSolution
        Concept ``"nash_threat"``; its problem's disagreement point is the threat point
        ``d(x, y)``, ``threat_strategies`` the optimal threats, and ``options`` records the
        frontier piece (``"segment k"`` or ``"vertex j"``) and, on a segment, the value of its
        threat game normalized as ``w1*A - w0*(b/a)*B`` (``A - B`` with transferable utility
        and equal weights; ``None`` at a vertex, where two threat games are involved).

    Notes
    -----
    **The agreement is unique, the threats are not.** The agreement payoffs come from the values
    of the threat games alone, so they do not depend on which optimal threats a linear program
    returns, on the order of the actions, or on the players' utility units (positive affine maps
    per player move the agreement with them). Different optimal threats can give different threat
    points ``d(x, y)``; all of them lead to the same agreement.

    **Threat points on the frontier.** Optimal threats may fix a threat point that is already on the
    boundary of the feasible set (always in a constant-sum game, where the agreement is the value of
    the game). The bargaining problem at that point is degenerate: no feasible point is better for
    both, and the agreement is the frontier point the threats enforce (``d`` itself when ``d`` is
    Pareto optimal, the end of the frontier above or right of ``d`` when ``d`` lies on a flat part
    of the boundary; this is the limit of the Nash solution at threat points inside the set).
    Before accepting such a point the threats are replaced by optimal threats in the relative interior
    of each player's (convex) set of optimal threats, found by one linear program per inequality of
    the set (exact for exact games). As ``d(x, y)`` is bilinear, such a pair gives a threat point inside
    the feasible set whenever any pair of optimal threats does; if it does, it is reported. Otherwise
    the solution's problem has that threat point as its disagreement point and a one-point bargaining
    set, its notes say so (and that every pair of optimal threats is on the boundary, when the linear
    programs all succeeded), and when ``d`` is the agreement itself both gains are 0 and
    ``gain_shares`` is ``(None, None)``.

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

    In a zero-sum game the threats are the optimal strategies and the agreement is the value:

    >>> pennies = NormalFormGame.zero_sum([[1, -1], [-1, 1]])
    >>> [str(v) for v in nash_threat_solution(pennies).payoffs]
    ['0', '0']
    """
    game = _two_player(game, "nash_threat_solution")
    if game.is_exact and _has_float(weights):  # floats use float arithmetic (package rule)
        lost = game.float_image_loss()
        if lost:
            raise BargainingError(f"nash_threat_solution: {_float_weights_refusal(lost)}")
        try:
            floated = game.to_float()
            _setup(floated, weights)  # refuses payoffs float64 cannot multiply (problem._check_products)
        except (OverflowError, InvalidGameError, BargainingError) as exc:
            if isinstance(exc, BargainingError) and "float payoffs too" not in str(exc):
                raise
            raise BargainingError(
                f"nash_threat_solution: float weights make the arithmetic float, which cannot hold this exact game's "
                f"payoffs ({exc}); give exact weights (e.g. '3/10')"
            ) from None
        game = floated
    return _dispatch(game, weights)


def _dispatch(game: NormalFormGame, weights: Any) -> BargainingSolution:
    """Solve in the game's arithmetic; a float game that rounding defeats is solved on its exact binary values."""
    if game.is_exact:
        return _solve(game, weights)
    try:
        return _solve(game, weights)
    except _Imprecise:
        return _rounded(_solve(game.to_exact(), weights), game, weights)


class _Imprecise(SolverError):
    """Float rounding moved the threat point's Nash solution away from the threat solution."""


def _setup(game: NormalFormGame, weights: Any) -> tuple[Any, ...]:
    """Payoff arrays, arithmetic kind, names, payoff pairs, arithmetic context, weights and frontier."""
    A, B = (np.asarray(m) for m in game.bimatrix())
    kind = "exact" if game.is_exact else "float"
    first, second = game.players  # two players (checked by _two_player)
    names = (first, second)
    conv = Arith(kind)
    pts = [
        (conv.convert(A[i, j], f"payoff of {first}"), conv.convert(B[i, j], f"payoff of {second}"))
        for i in range(A.shape[0]) for j in range(A.shape[1])
    ]
    # float decisions use each player's own payoff range (see negotiation.bargaining._numbers)
    scales, mags = _float_ranges(pts, names) if kind == "float" else _ranges(pts)
    ar = Arith(kind, scales=scales, magnitudes=mags)
    w = _weights(ar, weights)
    return A, B, kind, names, pts, ar, w, _upper_frontier(ar, pts)


def _solve(game: NormalFormGame, weights: Any) -> BargainingSolution:
    A, B, kind, names, pts, ar, w, V = _setup(game, weights)
    # only the ratio of the weights matters; normalized, the threat games are in units u0*u1
    wn = (w[0] / (w[0] + w[1]), w[1] / (w[0] + w[1]))
    m = len(V) - 1
    lines = [(V[k][1] - V[k + 1][1], V[k + 1][0] - V[k][0]) for k in range(m)]  # (a, b), segment k+1

    # Payoffs are measured from a reference point c (a translation changes no threat decision, Nash
    # 1953): float threat games then carry no large common offset that would swamp their differences.
    c = (min(p[0] for p in pts), min(p[1] for p in pts))
    A0, B0 = (A - c[0], B - c[1]) if kind == "float" else (A, B)
    if kind != "float":
        c = (0, 0)

    def h(k: int, p: Point) -> Any:  # k = 1..m
        a, b = lines[k - 1]
        return wn[1] * a * (p[0] - c[0]) - wn[0] * b * (p[1] - c[1])

    solved: dict[int, Any] = {}
    matrices: dict[int, Any] = {}

    def threat_matrix(k: int) -> Any:
        if k not in matrices:
            a, b = lines[k - 1]
            matrices[k] = wn[1] * a * A0 - wn[0] * b * B0
        return matrices[k]

    def threat_game(k: int) -> Any:
        if k not in solved:
            solved[k] = _zero_sum(threat_matrix(k))
        return solved[k]

    piece: tuple[str, int] | None = None
    target: Point | None = None
    if m == 0:
        piece, target = ("vertex", 0), V[0]
    for j in range(m + 1):
        if piece is not None:
            break
        ok0 = j == 0 or ar.cmp(threat_game(j).value, h(j, V[j]), units=U01) >= 0
        ok1 = j == m or ar.cmp(threat_game(j + 1).value, h(j + 1, V[j]), units=U01) <= 0
        if ok0 and ok1:
            piece, target = ("vertex", j), V[j]
            break
        if j < m:
            k = j + 1
            v = threat_game(k).value
            lo, hi = h(k, V[k - 1]), h(k, V[k])
            if ar.cmp(v, lo, units=U01) > 0 and ar.cmp(v, hi, units=U01) < 0:
                lam = (v - lo) / (hi - lo)
                P, Q = V[k - 1], V[k]
                target = (P[0] + lam * (Q[0] - P[0]), P[1] + lam * (Q[1] - P[1]))
                piece = ("segment", k)
    if piece is None or target is None:  # pragma: no cover - excluded by Nash (1953), kept as a guard
        raise SolverError("nash_threat_solution found no frontier piece satisfying the threat conditions")
    kind_, j = piece
    # Each player's set of optimal threats is {x : min over columns of x^T M >= theta} for a threat
    # matrix M and level theta (None: every strategy is optimal), see the module docstring.
    row_set: tuple[Any, Any] | None
    col_set: tuple[Any, Any] | None
    if m == 0:
        x, y = _uniform(A.shape[0], kind), _uniform(A.shape[1], kind)
        value = None
        row_set = col_set = None
    elif kind_ == "segment":
        sol = threat_game(j)
        x, y, value = sol.row_strategy, sol.column_strategy, sol.value * (w[0] + w[1]) / lines[j - 1][0]
        row_set = col_set = (threat_matrix(j), sol.value)
    else:
        x = threat_game(j if j >= 1 else 1).row_strategy
        y = threat_game(j + 1 if j < m else m).column_strategy
        value = None
        row_set = None if j == 0 else (threat_matrix(j), h(j, V[j]))
        col_set = None if j == m else (threat_matrix(j + 1), h(j + 1, V[j]))
    d = _threat_point(A, B, x, y, kind)
    notes: list[str] = []
    every = False  # whether every pair of optimal threats is known to give a threat point on the boundary
    if not _has_gain(ar, V, d):
        xw, x_done = _interior(ar, x, row_set, rows=True)
        yw, y_done = _interior(ar, y, col_set, rows=False)
        dw = _threat_point(A, B, xw, yw, kind)
        if _has_gain(ar, V, dw):
            x, y, d = xw, yw, dw
            notes.append(
                "the optimal threats found first gave a threat point on the frontier; optimal threats in the relative "
                "interior of each player's set of optimal threats move the threat point inside the set (the "
                "agreement is the same for all optimal threats)"
            )
        else:
            # bilinearity: a relative-interior pair on the boundary puts every optimal pair there
            every = x_done and y_done
    options = {"weights": w, "frontier_piece": f"{kind_} {j}", "threat_game_value": value}
    return _assemble(game, names, pts, ar, V, w, target, x, y, d, options, notes, check=True, every=every)


def _assemble(
    game: NormalFormGame, names: tuple[str, str], pts: list[Point], ar: Arith, V: tuple[Point, ...],
    w: tuple[Any, Any], target: Point, x: np.ndarray, y: np.ndarray, d: Point, options: dict[str, Any],
    notes: list[str], *, check: bool, every: bool = False,
) -> BargainingSolution:
    """The solution object: the problem at the threat point (degenerate on the boundary), checked."""
    problem: BargainingProblem | None = None
    if _has_gain(ar, V, d):
        try:
            problem = BargainingProblem._build(names, pts, d, title=game.title, game=game)
        except BargainingError:  # a float threat point within rounding of the boundary
            problem = None
    if problem is not None:
        par = problem.arith()
        point, _ = nash_point(par, problem.bargaining_set, problem.disagreement, w)
        if check and not (_agree(ar, point[0], target[0], 0) and _agree(ar, point[1], target[1], 1)):
            error = _Imprecise if ar.kind == "float" else SolverError
            raise error(
                f"nash_threat_solution: the Nash solution {point} at the threat point differs from the threat "
                f"solution {target}; please report this game"
            )
    else:
        problem, par = _degenerate_problem(ar, names, pts, V, d, target, game)
        if check and not all(ar.cmp(target[i], d[i], atol=_guard(ar, i)) >= 0 for i in (0, 1)):
            error = _Imprecise if ar.kind == "float" else SolverError
            raise error(
                f"nash_threat_solution: the threat point {tuple(map(str, d))} on the frontier is not weakly below "
                f"the threat solution {tuple(map(str, target))}; please report this game"
            )
        at = f"({_show(d[0])}, {_show(d[1])})"
        which = (
            "every pair of optimal threats gives a threat point on the boundary of the feasible set (a pair in the "
            f"relative interior of the sets of optimal threats does; the reported threats give {at})"
            if every else f"the reported optimal threats give the threat point {at} on the boundary of the feasible set"
        )
        notes.append(
            f"{which}: no point is better for both there (a degenerate bargaining problem), and the agreement "
            "is the frontier point the threats enforce (Nash 1953; the same for every choice of optimal threats)"
        )
    threats = (
        FrozenMap((a, p) for a, p in zip(game.actions[0], x, strict=True)),
        FrozenMap((a, p) for a, p in zip(game.actions[1], y, strict=True)),
    )
    if par.sign(target[0] - d[0] + target[1] - d[1], atol=0.0) > 0:
        return _make("nash_threat", target, problem, par, options, threat_strategies=threats, notes=notes)
    return _no_gain_solution(target, problem, par, options, threats, notes)


def _rounded(exact: BargainingSolution, game: NormalFormGame, weights: Any) -> BargainingSolution:
    """The float solution of ``game`` from the exact solution of its payoffs' binary values."""
    A, B, kind, names, pts, ar, w, V = _setup(game, weights)
    x = np.array([float(p) for p in exact.threat_strategies[0].values()])  # type: ignore[index]
    y = np.array([float(p) for p in exact.threat_strategies[1].values()])  # type: ignore[index]
    d = _threat_point(A, B, x, y, kind)
    target = (float(exact.payoffs[0]), float(exact.payoffs[1]))
    value = exact.options["threat_game_value"]
    options = {
        "weights": w, "frontier_piece": exact.options["frontier_piece"],
        "threat_game_value": None if value is None else float(value),
    }
    (s0, s1), (m0, m1) = ar.scales, ar.magnitudes
    notes = [n for n in exact.notes if "boundary" not in n]
    notes.append(
        f"float64 resolves these payoffs only to about {8 * float(np.finfo(float).eps) * max(m0 / s0, m1 / s1):.1g} "
        "of their range (large values, small differences): the threat solution was computed exactly on the "
        "floats' binary values and rounded to floats"
    )
    every = any(n.startswith("every pair of optimal threats") for n in exact.notes)
    return _assemble(game, names, pts, ar, V, w, target, x, y, d, options, notes, check=False, every=every)


def _guard(ar: Arith, i: int) -> float:
    """Tolerance of the final consistency checks on player ``i``'s payoff (0 when exact).

    These checks guard against a wrong frontier piece, an error of the order of the payoff range.
    In floats the threat point inherits the rounding of *both* players' payoffs through the
    frontier's slopes (a payoff of 1e9 + 1e-5*k keeps only ~3 digits of its spread), so the bound is
    ``1e-6`` of player ``i``'s range plus 64 eps times both players' magnitude-to-range ratios.
    """
    if ar.kind != "float":
        return 0.0
    (s0, s1), (m0, m1) = ar.scales, ar.magnitudes
    return ar.scales[i] * (1e-6 + 64 * float(np.finfo(float).eps) * (m0 / s0 + m1 / s1))


def _agree(ar: Arith, a: Any, b: Any, i: int) -> bool:
    return ar.cmp(a, b, atol=_guard(ar, i)) == 0


def _uniform(n: int, kind: str) -> np.ndarray:
    """The uniform mixed strategy over ``n`` actions: ``Fraction(1, n)`` entries when exact."""
    if kind == "exact":
        return np.array([Fraction(1, n)] * n, dtype=object)
    return np.full(n, 1.0 / n)


def _threat_point(A: np.ndarray, B: np.ndarray, x: np.ndarray, y: np.ndarray, kind: str) -> Point:
    d0, d1 = x @ A @ y, x @ B @ y
    if kind == "exact":
        return (Fraction(d0), Fraction(d1))
    return (float(d0), float(d1))


def _has_gain(ar: Arith, V: tuple[Point, ...], d: Point) -> bool:
    """Whether some feasible point gives both players strictly more than ``d`` (``d`` inside the set)."""
    if ar.cmp(d[0], V[-1][0], units=U0) >= 0:
        return False
    top, _ = _height(ar, V, d[0])
    return ar.cmp(d[1], top, units=U1) < 0


def _interior(ar: Arith, s: np.ndarray, opt: tuple[Any, Any] | None, *, rows: bool) -> tuple[np.ndarray, bool]:
    """A point in the relative interior of the set of optimal threats containing ``s``, and whether it is sure.

    ``opt = (M, theta)``: a row strategy ``x`` is optimal when ``x^T M >= theta`` (every entry), a column
    strategy ``y`` when ``M y <= theta``; ``None`` means every strategy is optimal (the uniform strategy
    is returned). In row form the set is the polytope ``P = {x >= 0, sum x = 1, x^T N >= t}``. Each
    inequality (``x_k >= 0`` and each column's) that is not strict at the points found so far gets one
    LP maximizing its slack over ``P``; a positive maximum adds the maximizer. The average of ``s``
    and the maximizers is strict on every inequality that is strict somewhere in ``P``: a point of the
    relative interior (Schrijver 1986, *Theory of Linear and Integer Programming*, ch. 8, implicit equalities).

    The LPs are solved by HiGHS. For exact payoffs each maximizer is the vertex of ``P`` read off the
    float solution (support and tight columns) re-solved in rationals and verified exactly, so the
    result is exactly optimal. The flag is ``False`` when an LP failed or (exact) a vertex did not
    verify: the point is then optimal but possibly not in the relative interior. An inequality whose
    float maximum slack is below ``1e-9`` of the scale is taken as always tight.
    """
    n = len(s)
    if opt is None:
        return _uniform(n, ar.kind), True
    from scipy.optimize import linprog

    exact = ar.kind == "exact"
    M, theta = opt
    N = np.asarray(M) if rows else -np.asarray(M).T  # row form: x^T N >= t
    t = theta if rows else -theta
    G = np.asarray(N - t)  # slack of column j at x: (x^T G)_j (sum x = 1)
    top = max(abs(v) for v in G.reshape(-1)) or 1
    try:  # the LPs see G / max|G| (exact games: divided exactly, so large payoffs do not overflow)
        Gs = np.array([[float(v / top) for v in row] for row in G], dtype=float)
    except OverflowError:  # pragma: no cover - |v / top| <= 1
        return s, False
    cols = G.shape[1]

    def strict(p: np.ndarray, q: int, *, rational: bool) -> bool:
        """Whether inequality ``q`` (the bounds ``x_k >= 0``, then the columns) is strict at ``p``."""
        if rational:  # exactly
            return (p[q] if q < n else p @ G[:, q - n]) > 0
        return float(p[q] if q < n else p @ Gs[:, q - n]) > 1e-9

    points = [s]
    sure = True
    for q in range(n + cols):
        if any(strict(p, q, rational=exact) for p in points):
            continue
        c = -np.eye(n)[q] if q < n else -Gs[:, q - n]
        res = linprog(c, A_ub=-Gs.T, b_ub=np.zeros(cols), A_eq=np.ones((1, n)), b_eq=[1.0],
                      bounds=(0, None), method="highs")
        if res.status != 0 or res.x is None:
            sure = False
            continue
        xf = np.clip(res.x, 0.0, None)
        xf = xf / xf.sum()
        if not strict(xf, q, rational=False):
            continue  # this inequality is tight on all of P
        if not exact:
            points.append(xf)
            continue
        xe = _exact_vertex(G, Gs, xf)
        if xe is None:
            sure = False
        elif strict(xe, q, rational=True):
            points.append(xe)
    if exact:
        return np.array([sum((Fraction(p[k]) for p in points), Fraction(0)) / len(points) for k in range(n)],
                        dtype=object), sure
    return np.mean(np.array(points, dtype=float), axis=0), sure


def _exact_vertex(G: np.ndarray, Gs: np.ndarray, xf: np.ndarray) -> np.ndarray | None:
    """The exact vertex of ``{x >= 0, sum x = 1, x^T G >= 0}`` near the float vertex ``xf`` (scaled ``Gs``).

    Its support and tight columns are read off ``xf``, the tight system is solved in rationals, and the
    point is verified exactly; ``None`` when the system is not uniquely solvable or the point fails.
    """
    n = len(xf)
    support = [i for i in range(n) if xf[i] > 1e-9]
    tight = [j for j, v in enumerate(xf @ Gs) if v <= 1e-7]
    rows = [[Fraction(G[i, j]) for i in support] for j in tight] + [[Fraction(1)] * len(support)]
    z = solve_exact(rows, [Fraction(0)] * len(tight) + [Fraction(1)])
    if z is None or any(v < 0 for v in z):
        return None
    x = np.array([Fraction(0)] * n, dtype=object)
    for i, v in zip(support, z, strict=True):
        x[i] = v
    if any(v < 0 for v in x @ G):
        return None
    return x


def _degenerate_problem(
    ar: Arith, names: tuple[str, str], pts: list[Point], V: tuple[Point, ...], d: Point, target: Point,
    game: NormalFormGame,
) -> tuple[BargainingProblem, Arith]:
    """The bargaining problem at a threat point on the boundary: its bargaining set is the agreement alone."""
    problem = BargainingProblem(
        players=names, disagreement=d, frontier=V, bargaining_set=(target,), points=tuple(pts), arithmetic=ar.kind,
        kind="polygon", game=game, title=game.title, scales=ar.scales,
        magnitudes=(ar.magnitudes[0], ar.magnitudes[1]), degenerate=True,
    )
    par = problem.arith()
    return problem, par


def _no_gain_solution(
    target: Point, problem: BargainingProblem, par: Arith, options: dict[str, Any],
    threats: tuple[FrozenMap, FrozenMap], notes: list[str],
) -> BargainingSolution:
    """The solution when the threat point is the agreement itself: gains 0, gain shares undefined."""
    zero = par.num(0)
    psum = target[0] + target[1]
    payoff_shares = (target[0] / psum, target[1] / psum) if par.sign(psum) > 0 else None
    prov = Provenance.make("bargaining.nash_threat", dict(options), input_digest=problem.digest())
    return BargainingSolution(
        concept="nash_threat", payoffs=target, problem=problem, options=FrozenMap(options), gains=(zero, zero),
        gain_shares=(None, None), payoff_shares=payoff_shares, arithmetic=par.kind, pareto_optimal=True,
        conditions=(), notes=tuple(notes), provenance=prov, threat_strategies=threats,
    )
