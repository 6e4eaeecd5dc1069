"""Axiomatic bargaining solutions on polygons: Nash, Kalai-Smorodinsky, egalitarian, utilitarian.

Every solution is computed on the individually rational chain of the Pareto frontier
(:attr:`BargainingProblem.bargaining_set`) by closed forms on one segment, never by a floating
optimizer, so exact data give exact answers and sympy data give closed forms.

Definitions, with ``d`` the disagreement point and ``g_i = u_i - d_i`` the gains:

Nash (1950), generalized with weights ``(w0, w1)`` (Kalai 1977b; Roth 1979)
    maximize ``g0**w0 * g1**w1`` over the feasible ``u >= d``. On a segment of the line
    ``a*u0 + b*u1 = c`` the maximum is ``g_i = (w_i / (w0 + w1)) * G / a_i`` with
    ``G = c - a*d0 - b*d1`` (and ``a_0 = a``, ``a_1 = b``); the segment holding it is the first
    one along the chain where the weighted log-product stops increasing.
Kalai-Smorodinsky (1975)
    the maximal feasible point on the segment from ``d`` to the ideal point
    ``(max u0, max u1)`` over the individually rational set.
Egalitarian (Kalai 1977) and weighted proportional
    the maximal feasible point ``d + t*(p0, p1)``; ``p = (1, 1)`` gives equal gains. On a set whose
    frontier has flat parts this point can be only *weakly* Pareto optimal (Kalai's definition);
    ``lexicographic=True`` moves it along the flat part to the Pareto frontier (leximin).
Utilitarian
    maximize ``w0*u0 + w1*u1`` over the individually rational set. **Ties:** when a whole frontier
    segment maximizes the sum (always with transferable utility), the point chosen on it is the
    symmetric Nash solution of that segment (equal gains on a TU line); the solution's notes say so.

Arithmetic follows the inputs, weights included (the package rule: floats use float arithmetic):
an exact problem with float weights (``weights=0.3``) is solved in floats and the solution says
``arithmetic="float"``; give ``"3/10"`` or ``Fraction(3, 10)`` to keep it exact. Float decisions use
each player's own payoff range (:attr:`BargainingProblem.scales`): the Nash, Kalai-Smorodinsky
and weighted solutions are unchanged, up to float rounding, by a positive affine map of either
player's utility (with the weights of the proportional and utilitarian solutions divided or
multiplied by that player's factor). Weights are dimensionless and only need to be positive and
finite: they are checked exactly, never against a payoff tolerance.

References
----------
Nash, J. F. (1950). The bargaining problem. *Econometrica* 18, 155-162.
Kalai, E. and Smorodinsky, M. (1975). Other solutions to Nash's bargaining problem.
*Econometrica* 43, 513-518.
Kalai, E. (1977). Proportional solutions to bargaining situations: interpersonal utility
comparisons. *Econometrica* 45, 1623-1630.
Kalai, E. (1977b). Nonsymmetric Nash solutions and replications of 2-person bargaining.
*International Journal of Game Theory* 6, 129-133.
Roth, A. E. (1979). *Axiomatic Models of Bargaining*. Springer.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import sympy

from ..errors import BargainingError
from ..provenance import Provenance
from ._numbers import U1, Arith, FrozenMap, detect_kind, evaluate, json_number
from .problem import BargainingProblem, Point, _along, _show

__all__ = [
    "BargainingSolution",
    "nash_bargaining_solution",
    "kalai_smorodinsky_solution",
    "egalitarian_solution",
    "utilitarian_solution",
    "CONCEPTS",
]


@dataclass(frozen=True, eq=False)
class BargainingSolution:
    """The outcome a bargaining solution concept picks, with what it gives each player.

    Attributes
    ----------
    concept:
        ``"nash"``, ``"kalai_smorodinsky"``, ``"egalitarian"``, ``"utilitarian"``,
        ``"nash_threat"`` or ``"rubinstein"``.
    payoffs:
        The payoff pair ``(u0, u1)``.
    problem:
        The problem solved (for ``"nash_threat"``: with the optimal threat point as disagreement;
        with float weights on an exact problem: its float copy).
    options:
        The options used (weights, ...).
    gains:
        ``u_i - d_i`` for each player.
    gain_shares:
        Each player's share of the total gain ``g_i / (g0 + g1)``.
    payoff_shares:
        Each player's share of the total payoff ``u_i / (u0 + u1)``; ``None`` when the total is
        not positive.
    arithmetic:
        ``"exact"``, ``"float"`` or ``"symbolic"``.
    pareto_optimal:
        ``True`` when no feasible point is better for one player and no worse for the other.
    conditions:
        sympy relations under which a symbolic result holds (see :mod:`.problem`).
    notes:
        Tie-breaking and other remarks.
    provenance:
        Method, options, problem digest and versions.
    threat_strategies:
        For ``"nash_threat"``: each player's optimal threat as ``{action: probability}``.
    """

    concept: str
    payoffs: Point
    problem: BargainingProblem
    options: Mapping[str, Any]
    gains: Point
    gain_shares: Point
    payoff_shares: Point | None
    arithmetic: str
    pareto_optimal: bool = True
    conditions: tuple[Any, ...] = ()
    notes: tuple[str, ...] = ()
    provenance: Provenance | None = None
    threat_strategies: tuple[Mapping[str, Any], Mapping[str, Any]] | None = field(default=None)

    @property
    def players(self) -> tuple[str, str]:
        return self.problem.players

    @property
    def disagreement(self) -> Point:
        return self.problem.disagreement

    def payoff(self, player: int | str) -> Any:
        """Payoff of a player given by index or name."""
        return self.payoffs[_index(self.players, player)]

    def evaluate(self, parameters: Mapping[Any, Any] | None = None) -> Point:
        """Numeric payoffs at the given (or the problem's default) parameter values."""
        values = _values(self.problem, parameters)
        return (evaluate(self.payoffs[0], values), evaluate(self.payoffs[1], values))

    def to_dict(self) -> dict[str, Any]:
        """Stable JSON-ready form (exact numbers as ``"p/q"``, expressions as text)."""
        def pair(p: Point | None) -> Any:
            return None if p is None else [json_number(p[0]), json_number(p[1])]

        return {
            "concept": self.concept,
            "players": list(self.players),
            "payoffs": pair(self.payoffs),
            "disagreement": pair(self.disagreement),
            "gains": pair(self.gains),
            "gain_shares": pair(self.gain_shares),
            "payoff_shares": pair(self.payoff_shares),
            "arithmetic": self.arithmetic,
            "pareto_optimal": self.pareto_optimal,
            "options": {k: _json_option(v) for k, v in self.options.items()},
            "conditions": [str(c) for c in self.conditions],
            "threat_strategies": None
            if self.threat_strategies is None
            else {
                name: {a: json_number(p) for a, p in s.items()}
                for name, s in zip(self.players, self.threat_strategies, strict=True)
            },
            "notes": list(self.notes),
            "provenance": self.provenance.to_dict() if self.provenance else None,
        }

    def __repr__(self) -> str:
        u = ", ".join(f"{n}={_show(v)}" for n, v in zip(self.players, self.payoffs, strict=True))
        return f"BargainingSolution({self.concept}: {u})"


def _json_option(v: Any) -> Any:
    if isinstance(v, (tuple, list)):
        return [_json_option(x) for x in v]
    if isinstance(v, (bool, str)) or v is None:
        return v
    return json_number(v)


def _index(players: tuple[str, str], player: int | str) -> int:
    if isinstance(player, str):
        if player in players:
            return players.index(player)
        raise BargainingError(f"unknown player {player!r}; players are {list(players)}")
    if player in (0, 1) and not isinstance(player, bool):
        return int(player)
    raise BargainingError(f"player must be 0, 1 or a name in {list(players)}, got {player!r}")


def _values(problem: BargainingProblem, parameters: Mapping[Any, Any] | None) -> dict[Any, Any]:
    from ._numbers import parameter_values

    params = {**dict(problem.parameters), **{getattr(k, "name", k): v for k, v in (parameters or {}).items()}}
    return parameter_values(params, problem.symbols)


# ---------------------------------------------------------------------- shared helpers
def _check_problem(problem: Any) -> BargainingProblem:
    if not isinstance(problem, BargainingProblem):
        raise TypeError(f"expected a BargainingProblem, got {type(problem).__name__}")
    return problem


def _weights(ar: Arith, weights: Any, what: str = "weights") -> tuple[Any, Any]:
    """Positive weight pair; a single number ``a`` in (0, 1) means ``(a, 1 - a)``.

    Weights are dimensionless (only their ratio matters): positivity is checked exactly, not
    against a payoff tolerance; error messages quote the weights as given.
    """
    if weights is None:
        return (ar.num(1), ar.num(1))
    if isinstance(weights, (str, bytes)) or not hasattr(weights, "__len__"):
        a = ar.convert(weights, what)
        message = (
            f"{what}: one number a means the weights (a, 1 - a), so both are positive only for a strictly "
            f"between 0 and 1; got {weights!r}"
        )
        _positive_weight(ar, a, what, message)
        _positive_weight(ar, 1 - a, f"1 - {what}", message)
        return (a, ar.tidy(1 - a))
    items = tuple(weights)
    if len(items) != 2:
        raise BargainingError(f"{what} must be a pair of positive numbers, got {len(items)} values: {items!r}")
    w = (ar.convert(items[0], f"{what}[0]"), ar.convert(items[1], f"{what}[1]"))
    for i in (0, 1):
        _positive_weight(ar, w[i], f"{what}[{i}]", f"{what}[{i}] must be positive, got {items[i]!r}")
    return w


def _positive_weight(ar: Arith, x: Any, what: str, message: str) -> None:
    """``x > 0`` exactly (a symbolic weight sympy cannot decide is recorded as an assumption)."""
    try:
        ar.assume_positive(x, what, atol=0.0)
    except BargainingError:
        raise BargainingError(message) from None


def _has_float(weights: Any) -> bool:
    if weights is None:
        return False
    if isinstance(weights, (str, bytes)) or not hasattr(weights, "__len__"):
        return detect_kind([weights]) == "float"
    return detect_kind(list(weights)) == "float"


def _setup(problem: Any, weights: Any = None) -> tuple[BargainingProblem, Arith, tuple[Point, ...], Point]:
    """The problem, its arithmetic context, bargaining set and disagreement point; an exact problem
    given float weights is solved as its float copy (floats use float arithmetic), which the
    solution then carries as its ``problem``."""
    problem = _check_problem(problem)
    if problem.arithmetic == "exact" and _has_float(weights):
        problem = problem._as_float()
    return problem, problem.arith(), problem.bargaining_set, problem.disagreement


def _line(P: Point, Q: Point) -> tuple[Any, Any, Any]:
    """``(a, b, c)`` with ``a*x + b*y = c`` through P (left) and Q (right); ``a, b > 0``."""
    a = P[1] - Q[1]
    b = Q[0] - P[0]
    return a, b, a * P[0] + b * P[1]


def _line_gain(ar: Arith, P: Point, a: Any, b: Any, c: Any, d: Point) -> Any:
    """``c - a*d0 - b*d1`` for the line ``a*x + b*y = c`` through ``P``; in floats as
    ``a*(P0 - d0) + b*(P1 - d1)``, which does not cancel digits when payoffs sit far from zero."""
    if ar.kind == "float":
        return a * (P[0] - d[0]) + b * (P[1] - d[1])
    return c - a * d[0] - b * d[1]


def _ends_clipped(ar: Arith, chain: Sequence[Point], d: Point) -> tuple[bool, bool]:
    """Whether the chain's left end lies on ``u0 = d0`` and its right end on ``u1 = d1``."""
    return ar.cmp(chain[0][0], d[0], **_along(ar, 0)) == 0, ar.cmp(chain[-1][1], d[1], **_along(ar, 1)) == 0


def nash_point(ar: Arith, chain: Sequence[Point], d: Point, w: tuple[Any, Any]) -> tuple[Point, bool]:
    """Maximizer of ``(u0-d0)**w0 (u1-d1)**w1`` on an individually rational chain; ``(point, on_vertex)``.

    On the segment ``a*u0 + b*u1 = c`` the sign of ``psi = w0*b*g1 - w1*a*g0`` (units ``u0*u1``
    times the weights) says on which side of a vertex the maximum lies. ``psi`` falls linearly along
    the segment, so the maximizer lies ``psi / ((w0 + w1) * a)`` to the right of (or, at ``Q``, left
    of) the vertex in ``u0`` and ``psi / ((w0 + w1) * b)`` below it in ``u1``: floats take the vertex
    when both are within :meth:`Arith.distance_tolerance` of each player's range, i.e.
    ``|psi| <= (w0 + w1) * min(a*s0, b*s1) * distance_tolerance`` (a distance, not a cross-product
    tolerance: on a dense frontier of short segments it stays as sharp as on a coarse one).
    """
    if len(chain) == 1:
        return chain[0], True
    dtol = ar.distance_tolerance() if ar.kind == "float" else 0.0
    s0, s1 = ar.scales
    left, right = _ends_clipped(ar, chain, d)
    last = len(chain) - 2
    for k in range(len(chain) - 1):
        P, Q = chain[k], chain[k + 1]
        a, b, c = _line(P, Q)

        def psi(X: Point, a: Any = a, b: Any = b) -> Any:
            return w[0] * b * (X[1] - d[1]) - w[1] * a * (X[0] - d[0])

        tol = (
            float(w[0] + w[1]) * min(abs(float(a)) * s0, abs(float(b)) * s1) * dtol if ar.kind == "float" else None
        )
        sP = 1 if (k == 0 and left) else ar.sign(psi(P), atol=tol)
        if sP <= 0:
            return P, True
        sQ = -1 if (k == last and right) else ar.sign(psi(Q), atol=tol)
        if sQ == 0:
            return Q, True
        if sQ < 0:
            G = _line_gain(ar, P, a, b, c, d)
            W = w[0] + w[1]
            return (ar.tidy(d[0] + w[0] * G / (W * a)), ar.tidy(d[1] + w[1] * G / (W * b))), False
    return chain[-1], True


def ray_point(
    ar: Arith, chain: Sequence[Point], d: Point, r: tuple[Any, Any], *, r_from_payoffs: bool = False
) -> tuple[Point, bool]:
    """Maximal feasible point ``d + t*r`` (``r > 0``) of the comprehensive set; ``(point, strongly_pareto)``.

    ``f(X) = g0*r1 - g1*r0`` (``g = X - d``) decides on which side of the ray a vertex lies. In floats
    it is a distance: in normalized coordinates ``u_i / s_i`` the vertex lies
    ``|f| / (s0 * s1 * |r_n|)`` from the ray's line (``r_n = (r0/s0, r1/s1)``), compared with
    :meth:`Arith.distance_tolerance`; when ``r`` is itself made of payoff differences
    (``r_from_payoffs``, Kalai-Smorodinsky's ``ideal - d``) the tolerance grows by the same fraction of
    ``|g_n|`` (the ray's direction is known only to that resolution). So the decision has the units of
    ``f`` whether ``r`` is dimensionless (egalitarian weights) or not.
    """
    def f(X: Point) -> Any:  # > 0: X lies right of / below the ray
        return (X[0] - d[0]) * r[1] - (X[1] - d[1]) * r[0]

    def sign_f(X: Point) -> int:
        if ar.kind != "float":
            return ar.sign(f(X))
        s0, s1 = ar.scales
        norm = math.hypot(float(r[0]) * s1, float(r[1]) * s0)  # s0 * s1 * |r_n|
        if r_from_payoffs:
            norm += math.hypot(float(X[0] - d[0]) * s1, float(X[1] - d[1]) * s0)
        return ar.sign(f(X), atol=ar.distance_tolerance() * norm)

    left, right = _ends_clipped(ar, chain, d)
    W0, Wk = chain[0], chain[-1]
    s0 = -1 if left else sign_f(W0)
    if s0 == 0:
        return W0, True
    if s0 > 0:  # exits through the flat top left of W0
        t = (W0[1] - d[1]) / r[1]
        return (ar.tidy(d[0] + t * r[0]), W0[1]), False
    last = len(chain) - 2
    for k in range(len(chain) - 1):
        P, Q = chain[k], chain[k + 1]
        sQ = 1 if (k == last and right) else sign_f(Q)
        if sQ == 0:
            return Q, True
        if sQ > 0:
            a, b, c = _line(P, Q)
            t = _line_gain(ar, P, a, b, c, d) / (a * r[0] + b * r[1])
            return (ar.tidy(d[0] + t * r[0]), ar.tidy(d[1] + t * r[1])), True
    t = (Wk[0] - d[0]) / r[0]  # exits through the vertical part below Wk
    return (Wk[0], ar.tidy(d[1] + t * r[1])), False


def _make(
    concept: str, point: Point, problem: BargainingProblem, ar: Arith, options: Mapping[str, Any], *,
    pareto: bool = True, notes: Sequence[str] = (), threat_strategies: Any = None,
) -> BargainingSolution:
    d = problem.disagreement
    u = (ar.tidy(point[0]), ar.tidy(point[1]))
    g = (ar.tidy(u[0] - d[0]), ar.tidy(u[1] - d[1]))
    total = g[0] + g[1]
    if problem.degenerate and ar.sign(total, atol=0.0 if ar.kind == "float" else None) <= 0:
        gain_shares: Any = (None, None)  # the agreement is the disagreement point: no gain to share
    else:
        gain_shares = (ar.tidy(g[0] / total), ar.tidy(g[1] / total))
    psum = u[0] + u[1]
    payoff_shares = (ar.tidy(u[0] / psum), ar.tidy(u[1] / psum)) if _maybe_positive(ar, psum) else None
    libs = ("numpy", "sympy") if ar.kind == "symbolic" else ("numpy",)
    prov = Provenance.make(f"bargaining.{concept}", dict(options), input_digest=problem.digest(), libraries=libs)
    return BargainingSolution(
        concept=concept, payoffs=u, problem=problem, options=FrozenMap(options), gains=g, gain_shares=gain_shares,
        payoff_shares=payoff_shares, arithmetic=ar.kind, pareto_optimal=pareto, conditions=tuple(ar.conditions),
        notes=tuple(notes), provenance=prov, threat_strategies=threat_strategies,
    )


def _degenerate(concept: str, problem: BargainingProblem, ar: Arith, options: Mapping[str, Any]) -> BargainingSolution:
    """The solution of a degenerate problem (:attr:`BargainingProblem.degenerate`): its one agreement point."""
    u = problem.bargaining_set[0]
    d = problem.disagreement
    note = (
        f"degenerate problem: no feasible point is better for both players than the disagreement point "
        f"({_show(d[0])}, {_show(d[1])}) (a threat point on the boundary of the feasible set); every concept "
        f"gives the agreement point ({_show(u[0])}, {_show(u[1])})"
    )
    return _make(concept, u, problem, ar, options, notes=[note])


def _maybe_positive(ar: Arith, x: Any) -> bool:
    """False only when ``x > 0`` is decidably false."""
    if ar.kind != "symbolic":  # x = u0 + u1: a payoff of each player
        return ar.sign(x, atol=ar.resolution(0) + ar.resolution(1)) > 0
    e = sympy.cancel(x)
    if e.is_positive:
        return True
    if e.is_nonpositive:
        return False
    try:
        return ar.sign(e) > 0
    except BargainingError:
        return True


def _weights_option(w: tuple[Any, Any]) -> tuple[Any, Any]:
    return (w[0], w[1])


# ---------------------------------------------------------------------- the solutions
def nash_bargaining_solution(problem: BargainingProblem, weights: Any = None) -> BargainingSolution:
    """Nash's (1950) bargaining solution, or the generalized (asymmetric) one with ``weights``.

    Maximizes ``(u0 - d0)**w0 * (u1 - d1)**w1`` over the individually rational feasible set,
    exactly (see the module docstring). ``weights`` is a pair of positive numbers (default
    ``(1, 1)``) or one number ``a`` in (0, 1) meaning ``(a, 1 - a)``; float weights make the
    arithmetic float (``weights="3/10"`` stays exact).

    References
    ----------
    Nash, J. F. (1950). The bargaining problem. *Econometrica* 18, 155-162.

    Examples
    --------
    >>> from negotiation.bargaining import BargainingProblem
    >>> p = BargainingProblem.transferable(10, (4, 0))
    >>> nash_bargaining_solution(p).payoffs
    (Fraction(7, 1), Fraction(3, 1))
    >>> nash_bargaining_solution(p, weights=(1, 2)).payoffs
    (Fraction(6, 1), Fraction(4, 1))
    """
    problem, ar, chain, d = _setup(problem, weights)
    w = _weights(ar, weights)
    if problem.degenerate:
        return _degenerate("nash", problem, ar, {"weights": _weights_option(w)})
    point, vertex = nash_point(ar, chain, d, w)
    notes = ["the solution is a vertex of the frontier"] if vertex and len(chain) > 1 else []
    return _make("nash", point, problem, ar, {"weights": _weights_option(w)}, notes=notes)


def kalai_smorodinsky_solution(problem: BargainingProblem) -> BargainingSolution:
    """Kalai and Smorodinsky's (1975) solution: the maximal point on the line from ``d`` to the
    ideal point.

    References
    ----------
    Kalai, E. and Smorodinsky, M. (1975). Other solutions to Nash's bargaining problem.
    *Econometrica* 43, 513-518.

    Examples
    --------
    >>> from negotiation.bargaining import BargainingProblem
    >>> p = BargainingProblem.from_points([(0, 1), (1, 0), ("3/4", "3/4")], (0, 0))
    >>> kalai_smorodinsky_solution(p).payoffs
    (Fraction(3, 4), Fraction(3, 4))
    """
    problem = _check_problem(problem)
    ar = problem.arith()
    d = problem.disagreement
    ideal = problem.ideal_point()
    if problem.degenerate:
        return _degenerate("kalai_smorodinsky", problem, ar, {"ideal_point": ideal})
    r = (ideal[0] - d[0], ideal[1] - d[1])
    point, strong = ray_point(ar, problem.bargaining_set, d, r, r_from_payoffs=True)
    return _make("kalai_smorodinsky", point, problem, ar, {"ideal_point": ideal}, pareto=strong)


def egalitarian_solution(
    problem: BargainingProblem, weights: Any = None, *, lexicographic: bool = False
) -> BargainingSolution:
    """Kalai's (1977) egalitarian solution (equal gains), or the proportional solution with gains in
    the ratio ``weights`` (``w0 : w1``).

    The point is the maximal feasible ``d + t*w``. Where the ray leaves the set through a flat
    (weakly Pareto) part of the boundary the point is only weakly Pareto optimal, as in Kalai's
    definition; with ``lexicographic=True`` it is moved along that flat part to the Pareto frontier
    (the lexicographic egalitarian solution).

    References
    ----------
    Kalai, E. (1977). Proportional solutions to bargaining situations: interpersonal utility
    comparisons. *Econometrica* 45, 1623-1630.

    Examples
    --------
    >>> from negotiation.bargaining import BargainingProblem
    >>> p = BargainingProblem.from_points([(0, 2), (4, 0)], (0, 0))
    >>> [str(x) for x in egalitarian_solution(p).payoffs]
    ['4/3', '4/3']
    >>> [str(x) for x in egalitarian_solution(p, weights=(2, 1)).payoffs]
    ['2', '1']
    """
    problem, ar, chain, d = _setup(problem, weights)
    w = _weights(ar, weights)
    options = {"weights": _weights_option(w), "lexicographic": bool(lexicographic)}
    if problem.degenerate:
        return _degenerate("egalitarian", problem, ar, options)
    point, strong = ray_point(ar, chain, d, w)
    notes: list[str] = []
    if not strong:
        if lexicographic:
            point = chain[0] if ar.cmp(point[1], chain[0][1], units=U1) == 0 else chain[-1]
            strong = True
            notes.append("moved along a flat part of the boundary to the Pareto frontier (lexicographic)")
        else:
            notes.append("only weakly Pareto optimal: the ray leaves the set through a flat part of its boundary")
    return _make("egalitarian", point, problem, ar, options, pareto=strong, notes=notes)


def utilitarian_solution(problem: BargainingProblem, weights: Any = None) -> BargainingSolution:
    """The utilitarian solution: maximal ``w0*u0 + w1*u1`` over the individually rational set.

    Ties (a whole frontier segment is optimal, as with transferable utility) are broken by the
    symmetric Nash solution on that segment; the solution's notes say when that happened.

    Examples
    --------
    >>> from negotiation.bargaining import BargainingProblem
    >>> p = BargainingProblem.from_points([(0, 3), (2, 2), (3, 0)], (0, 0))
    >>> utilitarian_solution(p).payoffs
    (Fraction(2, 1), Fraction(2, 1))
    >>> utilitarian_solution(BargainingProblem.transferable(10, (4, 0))).payoffs
    (Fraction(7, 1), Fraction(3, 1))
    """
    problem, ar, chain, d = _setup(problem, weights)
    w = _weights(ar, weights)
    options = {"weights": _weights_option(w), "ties": "nash"}
    if problem.degenerate:
        return _degenerate("utilitarian", problem, ar, options)
    for k in range(len(chain) - 1):
        P, Q = chain[k], chain[k + 1]
        a, b, _ = _line(P, Q)
        # w0*b - w1*a: a payoff difference of each player, weighted
        tol = 2.0 * (float(w[0]) * ar.resolution(0) + float(w[1]) * ar.resolution(1)) if ar.kind == "float" else None
        s = ar.sign(w[0] * b - w[1] * a, atol=tol)
        if s < 0:
            return _make("utilitarian", P, problem, ar, options)
        if s == 0:
            point, _ = nash_point(ar, (P, Q), d, (ar.num(1), ar.num(1)))
            note = "tie: every point of a frontier segment maximizes the sum; the symmetric Nash point of it is chosen"
            return _make("utilitarian", point, problem, ar, options, notes=[note])
    return _make("utilitarian", chain[-1], problem, ar, options)


#: Concept name -> solution function (for reports and plots).
CONCEPTS = {
    "nash": nash_bargaining_solution,
    "kalai_smorodinsky": kalai_smorodinsky_solution,
    "egalitarian": egalitarian_solution,
    "utilitarian": utilitarian_solution,
}
