"""Two-player bargaining problems: a convex feasible set of payoff pairs and a disagreement point.

Definition (Nash 1950)
----------------------
A bargaining problem is a pair ``(S, d)``: ``S`` a convex set of payoff pairs the two players can
agree on, ``d`` in ``S`` the payoffs if they do not agree. Solutions pick one point of ``S``.

Conventions of this module
--------------------------
* **Free disposal.** The feasible set built from points is the *comprehensive* convex hull: every
  pair ``x`` with ``x <= y`` (componentwise) for some ``y`` in the convex hull of the points.
  Players may throw utility away; only the upper-right boundary matters for every solution here.
  The disagreement point must lie in that set, which is the case when some point of the hull
  weakly dominates it.
* **Frontier.** :attr:`BargainingProblem.frontier` lists the vertices of the *strong* Pareto
  frontier from the top-left (the best point for player 1, the rightmost among ties) to the
  bottom-right (the best point for player 0): x strictly increasing, y strictly decreasing.
* **Bargaining set.** :attr:`BargainingProblem.bargaining_set` is the individually rational part
  of the frontier, ``{x on the frontier: x >= d}``, as a chain of vertices; its ends are clipped
  to ``x0 = d0`` and ``x1 = d1`` where the frontier crosses them.
* **Transferable utility.** :meth:`BargainingProblem.transferable` is the half-plane
  ``u0 + u1 <= surplus``; its bargaining set is the segment from ``(d0, surplus - d0)`` to
  ``(surplus - d1, d1)``.
* **Arithmetic** follows the inputs (see :mod:`negotiation.bargaining._numbers`): exact
  (``Fraction``), float, or symbolic (sympy expressions). Float comparisons use tolerances
  relative to each player's own payoff range (:attr:`BargainingProblem.scales`), so a positive
  affine map of one player's utility changes no decision. A symbolic problem may carry
  ``parameters`` (default values) that decide the comparisons sympy cannot; the decisions are
  kept in :attr:`BargainingProblem.conditions`, the region where the closed forms hold.

References
----------
Nash, J. F. (1950). The bargaining problem. *Econometrica* 18(2), 155-162.
Osborne, M. J. and Rubinstein, A. (1990). *Bargaining and Markets*, chapter 2. Academic Press.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import math
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import sympy

from ..errors import BargainingError
from ..model.normal_form import NormalFormGame, float_image_loss_of
from ._numbers import U0, U01, U1, Arith, FrozenMap, _magnitude, detect_kind, evaluate, free_symbols, parameter_values

__all__ = ["BargainingProblem", "Point"]

#: A payoff pair (player 0, player 1).
Point = tuple[Any, Any]

DEFAULT_PLAYERS = ("P0", "P1")


def _players(players: Sequence[str] | None, default: Sequence[str] = DEFAULT_PLAYERS) -> tuple[str, str]:
    if players is None:
        return (str(default[0]), str(default[1]))
    if isinstance(players, (str, bytes)):
        raise BargainingError(f"players must be a pair of names, e.g. ('Ann', 'Bob'); got the string {players!r}")
    names = tuple(players)
    if len(names) != 2:
        raise BargainingError(f"a bargaining problem has two players; got {len(names)} names: {names!r}")
    for n in names:
        if not isinstance(n, str) or not n.strip():
            raise BargainingError(f"player names must be non-empty strings, got {n!r}")
    if names[0] == names[1]:
        raise BargainingError(f"player names must differ, got {names!r}")
    return (names[0], names[1])


def _pair(value: Any, what: str) -> tuple[Any, Any]:
    if isinstance(value, (str, bytes)) or not isinstance(value, (Sequence, tuple)) and not hasattr(value, "__len__"):
        raise BargainingError(f"{what} must be a pair of numbers (player 0, player 1), got {value!r}")
    items = tuple(value)
    if len(items) != 2:
        raise BargainingError(f"{what} must be a pair of numbers (player 0, player 1), got {len(items)} values")
    return (items[0], items[1])


def _ranges(values: Sequence[Point]) -> tuple[tuple[float, float], tuple[float, float]]:
    """Each player's payoff range (spread ``max - min``; 1 when zero or not numeric) and largest
    magnitude over ``values`` (numbers, exact or float), for float tolerances."""
    scales: list[float] = []
    mags: list[float] = []
    for axis in (0, 1):
        try:
            vs = [float(p[axis]) for p in values]
        except (TypeError, ValueError, OverflowError):
            return (1.0, 1.0), (0.0, 0.0)
        spread = max(vs) - min(vs) if vs else 0.0
        scales.append(spread if spread > 0 else 1.0)
        mags.append(max((abs(v) for v in vs), default=0.0))
    return (scales[0], scales[1]), (mags[0], mags[1])


def _numeric_pair(ar: Arith, p: Point) -> Point:
    """``p`` in the kind of ``ar`` (for ranges; values that do not convert count as 0)."""
    try:
        return (ar.convert(p[0]), ar.convert(p[1]))
    except BargainingError:
        return (0, 0)


#: Float bargaining multiplies a payoff (difference) of one player by one of the other (cross products,
#: the Nash product's slopes, threat games), and compares the product with ``rtol * s0 * s1``: both must
#: stay normal float64 numbers with room for a few sums and weights (Higham 2002, sec. 2.1).
_PRODUCT_MAX = 2.0**1010
_PRODUCT_MIN = 2.0**-960


#: What to do instead of float payoffs float64 cannot multiply.
_EXACT_HINT = "give exact numbers (ints, Fractions or text such as '2e155', which is exact)"


def _float_ranges(
    values: Sequence[Point], names: tuple[str, str]
) -> tuple[tuple[float, float], tuple[float, float]]:
    """:func:`_ranges` of float data, checked by :func:`_check_products`."""
    scales, mags = _ranges(values)
    _check_products(scales, mags, names, _EXACT_HINT)
    return scales, mags


def _check_products(
    scales: tuple[float, float], mags: tuple[float, float], names: tuple[str, str], hint: str
) -> None:
    """Refuse float payoffs whose spread float64 cannot hold, or whose cross-player products leave float64's
    normal range (they would give silently wrong frontiers and solutions, e.g. payoffs near 1e155 or payoff
    ranges near 1e-170)."""
    for i in (0, 1):
        if not math.isfinite(scales[i]):
            raise BargainingError(
                f"the payoffs of {names[i]} span more than float64 can hold (max - min overflows); rescale them "
                "or give exact numbers"
            )
    big = (max(mags[0], scales[0]), max(mags[1], scales[1]))
    if big[0] * big[1] > _PRODUCT_MAX:  # inf included
        raise BargainingError(
            f"float payoffs too large: {names[0]}'s reach {big[0]:.3g} and {names[1]}'s {big[1]:.3g}; float "
            f"bargaining multiplies one player's payoffs by the other's (about {big[0]:.1g} * {big[1]:.1g}, beyond "
            f"{_PRODUCT_MAX:.1g}, near float64's limit {sys.float_info.max:.3g}), which would overflow; {hint}, "
            "or rescale the payoffs"
        )
    if scales[0] * scales[1] < _PRODUCT_MIN:
        raise BargainingError(
            f"float payoffs too small: {names[0]}'s payoffs spread over {scales[0]:.3g} and {names[1]}'s over "
            f"{scales[1]:.3g}; float bargaining multiplies one player's payoff differences by the other's (about "
            f"{scales[0]:.1g} * {scales[1]:.1g}, below {_PRODUCT_MIN:.1g}), which float64 cannot resolve (underflow); "
            f"{hint}, or rescale the payoffs"
        )


def _cross(ar: Arith, o: Point, a: Point, b: Point) -> int:
    """Sign of the cross product ``(a - o) x (b - o)``, in units ``u0*u1`` (exact and symbolic
    frontiers; float frontiers decide turns by distance, :func:`_float_turn`)."""
    return ar.sign((a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]), units=U01)


def _normalized(ar: Arith, points: Sequence[Point]) -> list[tuple[float, float]]:
    """Float points in dimensionless coordinates ``((u0 - lo0) / s0, (u1 - lo1) / s1)``: each
    player's payoffs minus their smallest value (subtracted before scaling, so a common offset
    cancels exactly where float64 resolves the data), divided by that player's range ``s_i``."""
    lo0 = min(float(p[0]) for p in points)
    lo1 = min(float(p[1]) for p in points)
    s0, s1 = ar.scales
    return [((float(p[0]) - lo0) / s0, (float(p[1]) - lo1) / s1) for p in points]


def _float_turn(o: tuple[float, float], a: tuple[float, float], b: tuple[float, float], tol: float) -> int:
    """Side of ``a`` relative to the chord ``o -> b`` in normalized coordinates: the sign of the cross
    product ``(a - o) x (b - o)``, 0 when ``a`` lies within the dimensionless *distance* ``tol`` of
    the chord (``|cross| <= tol * |b - o|``)."""
    ox, oy = o
    cross = (a[0] - ox) * (b[1] - oy) - (a[1] - oy) * (b[0] - ox)
    if abs(cross) <= tol * math.hypot(b[0] - ox, b[1] - oy):
        return 0
    return 1 if cross > 0 else -1


def _simplify(chain: Sequence[tuple[float, float]], tol: float) -> list[int]:
    """Positions of the vertices of a convex chain (normalized coordinates) to keep so that every
    dropped vertex lies within the distance ``tol`` of the chord that replaces it (greedy, from the
    left): the check covers *all* vertices a chord replaces, so drops never accumulate beyond ``tol``
    (dropping each vertex that is within ``tol`` of its current neighbours' chord would let a dense
    chain drift inward by many times ``tol``)."""
    n = len(chain)
    if n <= 2:
        return list(range(n))
    xs = np.array([p[0] for p in chain])
    ys = np.array([p[1] for p in chain])
    keep = [0]
    for j in range(1, n - 1):
        i, b = keep[-1], j + 1
        dx, dy = xs[b] - xs[i], ys[b] - ys[i]
        cross = (xs[i + 1:b] - xs[i]) * dy - (ys[i + 1:b] - ys[i]) * dx
        if np.max(np.abs(cross)) > tol * math.hypot(dx, dy):
            keep.append(j)
    keep.append(n - 1)
    return keep


def _upper_frontier(ar: Arith, points: Sequence[Point]) -> tuple[Point, ...]:
    """Strong Pareto frontier of the comprehensive convex hull of ``points`` (left to right).

    Exact and symbolic points decide every comparison exactly (symbolic ones as recorded
    conditions); float points go to :func:`_float_frontier`.
    """
    if ar.kind == "float":
        return _float_frontier(ar, points)

    def order(p: Point, q: Point) -> int:
        c = ar.cmp(p[0], q[0], units=U0)
        return c if c else ar.cmp(p[1], q[1], units=U1)

    pts = sorted(points, key=functools.cmp_to_key(order))
    unique: list[Point] = []
    for p in pts:
        if not unique or order(unique[-1], p) != 0:
            unique.append(p)
    if len(unique) == 1:
        return (unique[0],)
    upper: list[Point] = []
    for p in reversed(unique):  # Andrew's monotone chain, right to left
        while len(upper) >= 2 and _cross(ar, upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    upper.reverse()  # left to right; ends at the highest point of largest x
    top = 0
    for k in range(1, len(upper)):
        if ar.cmp(upper[k][1], upper[top][1], units=U1) >= 0:
            top = k
    return tuple(upper[top:])


def _float_frontier(ar: Arith, points: Sequence[Point]) -> tuple[Point, ...]:
    """:func:`_upper_frontier` of float points, decided in normalized coordinates (:func:`_normalized`)
    with the dimensionless distance tolerance ``tol`` of :meth:`Arith.distance_tolerance` (``rtol`` plus
    float64's resolution of the payoffs' magnitudes relative to their ranges).

    Points within ``tol`` of each other in both coordinates are one point; the convex hull's chain is
    built with exact turns of the normalized points, then a vertex is dropped only when it lies within
    ``tol`` of the chord that replaces it (:func:`_simplify`: a distance, not a cross product, so dense
    frontiers keep their vertices, and drops do not accumulate); the frontier starts at the rightmost point within
    ``tol`` of the highest. Every decision is the same after a positive affine map of either player's
    payoffs, and a common offset only costs the resolution float64 has at that magnitude.
    """
    tol = ar.distance_tolerance()
    norm = _normalized(ar, points)
    order = sorted(range(len(points)), key=lambda k: norm[k])
    unique: list[int] = []
    for k in order:
        if unique:
            last = norm[unique[-1]]
            if abs(norm[k][0] - last[0]) <= tol and abs(norm[k][1] - last[1]) <= tol:
                continue
        unique.append(k)
    if len(unique) == 1:
        return (points[unique[0]],)
    upper: list[int] = []
    for k in reversed(unique):  # Andrew's monotone chain, right to left; collinear vertices go
        while len(upper) >= 2 and _float_turn(norm[upper[-2]], norm[upper[-1]], norm[k], 0.0) <= 0:
            upper.pop()
        upper.append(k)
    upper.reverse()  # left to right; ends at the highest point of largest x
    upper = [upper[j] for j in _simplify([norm[k] for k in upper], tol)]
    top = 0
    for j in range(1, len(upper)):
        if norm[upper[j]][1] >= norm[upper[top]][1] - tol:
            top = j
    return tuple(points[k] for k in upper[top:])


def _along(ar: Arith, player: int) -> dict[str, Any]:
    """Tolerance of a position along the frontier in ``player``'s payoffs (which segment holds ``x``, is
    ``x`` a vertex): exact and symbolic decide exactly; floats use :meth:`Arith.distance_tolerance` of
    the player's range, as the frontier's vertices themselves (:func:`_float_frontier`), which may lie
    closer together than a payoff's resolution ``t_i`` (that coarser tolerance only validates the
    disagreement point)."""
    if ar.kind == "float":
        return {"atol": ar.distance_tolerance() * ar.scales[player]}
    return {"units": U1 if player else U0}


def _height(ar: Arith, frontier: Sequence[Point], x: Any) -> tuple[Any, int]:
    """Height of the frontier (with free disposal) above ``x`` and the segment index used (-1: left
    of the frontier)."""
    if ar.cmp(x, frontier[0][0], **_along(ar, 0)) <= 0:
        return frontier[0][1], -1
    for k in range(len(frontier) - 1):
        p, q = frontier[k], frontier[k + 1]
        if ar.cmp(x, q[0], **_along(ar, 0)) <= 0:
            return p[1] + (x - p[0]) * (q[1] - p[1]) / (q[0] - p[0]), k
    return frontier[-1][1], len(frontier) - 1  # caller checks x <= max x


def _width(ar: Arith, frontier: Sequence[Point], y: Any) -> tuple[Any, int]:
    """Largest x of the comprehensive set at height ``y`` (mirror of :func:`_height`)."""
    if ar.cmp(y, frontier[-1][1], **_along(ar, 1)) <= 0:
        return frontier[-1][0], len(frontier)
    for k in range(len(frontier) - 1, 0, -1):
        p, q = frontier[k - 1], frontier[k]
        if ar.cmp(y, p[1], **_along(ar, 1)) <= 0:
            return q[0] + (y - q[1]) * (p[0] - q[0]) / (p[1] - q[1]), k
    return frontier[0][0], 0


def _clip(ar: Arith, frontier: Sequence[Point], d: Point, players: tuple[str, str]) -> tuple[Point, ...]:
    """Validate ``d`` and return the individually rational chain of the frontier."""
    d0, d1 = d
    right = frontier[-1]
    h, _ = _height(ar, frontier, d0) if ar.cmp(d0, right[0], units=U0) <= 0 else (None, None)
    shown = f"({_show(d0)}, {_show(d1)})"
    if h is None or ar.cmp(d1, h, units=U1) > 0:
        best0 = _show(right[0])
        raise BargainingError(
            f"the disagreement point {shown} is not feasible: no feasible point gives {players[0]} at least "
            f"{_show(d0)} and {players[1]} at least {_show(d1)} (the best for {players[0]} is {best0}, "
            f"for {players[1]} {_show(frontier[0][1])})"
        )
    if ar.cmp(d0, right[0], units=U0) >= 0 or ar.cmp(d1, h, units=U1) >= 0:
        raise BargainingError(
            f"nothing to bargain over: no feasible point gives both {players[0]} more than {_show(d0)} and "
            f"{players[1]} more than {_show(d1)} (disagreement point {shown}; the most {players[1]} can get "
            f"while {players[0]} gets {_show(d0)} is {_show(h)}, the most {players[0]} can get is {_show(right[0])})"
        )
    # left end: x >= d0
    start = 0
    chain: list[Point] = []
    if ar.cmp(frontier[0][0], d0, **_along(ar, 0)) < 0:
        y, k = _height(ar, frontier, d0)
        chain.append((d0, ar.tidy(y)))
        start = k + 1
        if ar.cmp(frontier[start][0], d0, **_along(ar, 0)) == 0:  # d0 falls on a vertex
            start += 1
    for p in frontier[start:]:
        chain.append(p)
    # right end: y >= d1
    if ar.cmp(chain[-1][1], d1, **_along(ar, 1)) < 0:
        keep: list[Point] = [chain[0]]
        for q in chain[1:]:
            if ar.cmp(q[1], d1, **_along(ar, 1)) >= 0:
                keep.append(q)
                continue
            p = keep[-1]
            if ar.cmp(p[1], d1, **_along(ar, 1)) > 0:
                x = q[0] + (d1 - q[1]) * (p[0] - q[0]) / (p[1] - q[1])
                keep.append((ar.tidy(x), d1))
            break
        chain = keep
    return tuple(chain)


def _show(x: Any) -> str:
    from ..numeric import format_number

    if isinstance(x, sympy.Basic) and not x.is_Number:
        return str(x)
    try:
        return format_number(x if not isinstance(x, sympy.Basic) else evaluate(x))
    except (TypeError, ValueError):
        return str(x)


@dataclass(frozen=True, eq=False)
class BargainingProblem:
    """An immutable two-player bargaining problem ``(S, d)`` (see the module docstring).

    Build it with :meth:`from_points`, :meth:`from_game` or :meth:`transferable`.

    Attributes
    ----------
    players:
        The two players' names.
    disagreement:
        The disagreement point ``d`` (payoffs if there is no agreement).
    frontier:
        Vertices of the strong Pareto frontier of ``S``, left (best for player 1) to right.
    bargaining_set:
        The individually rational part of the frontier (``x >= d``), as a chain of vertices.
    points:
        The points the feasible set was built from (for display).
    arithmetic:
        ``"exact"``, ``"float"`` or ``"symbolic"``.
    kind:
        ``"polygon"`` or ``"transferable"``.
    surplus:
        The surplus of a transferable-utility problem (``None`` otherwise).
    parameters:
        Default values of the symbols of a symbolic problem (name -> value).
    conditions:
        sympy relations decided from the parameter values (or assumed) while building the problem;
        the problem's structure, and the closed forms of its solutions, hold where they hold.
    game:
        The game the problem was built from, if any.
    title:
        Free text.
    scales:
        Each player's payoff range (spread of its payoffs in the data; for transferable utility
        ``surplus - d0 - d1``; 1 when zero, or for a symbolic problem): float comparisons of a
        player's payoffs use ``rtol`` times its own range (see :mod:`._numbers`).
    magnitudes:
        Each player's largest payoff magnitude, for the float rounding allowance.
    degenerate:
        ``True`` for the problem at a threat point on the boundary of the feasible set (from
        :func:`~negotiation.bargaining.nash_threat_solution`): no feasible point is better for both
        players, :attr:`bargaining_set` is the one agreement point the threats enforce, and every
        solution concept returns that point. The constructors never build such a problem (they refuse
        it with "nothing to bargain over").

    Examples
    --------
    >>> p = BargainingProblem.from_points([(0, 0), (4, 0), (0, 2)], (0, 0), players=("Ann", "Bob"))
    >>> p.frontier
    ((Fraction(0, 1), Fraction(2, 1)), (Fraction(4, 1), Fraction(0, 1)))
    >>> p.ideal_point()
    (Fraction(4, 1), Fraction(2, 1))
    >>> BargainingProblem.transferable(10, (2, 3)).bargaining_set
    ((Fraction(2, 1), Fraction(8, 1)), (Fraction(7, 1), Fraction(3, 1)))
    """

    players: tuple[str, str]
    disagreement: Point
    frontier: tuple[Point, ...]
    bargaining_set: tuple[Point, ...]
    points: tuple[Point, ...]
    arithmetic: str
    kind: str = "polygon"
    surplus: Any = None
    parameters: Mapping[str, Any] = field(default_factory=FrozenMap)
    conditions: tuple[Any, ...] = ()
    game: NormalFormGame | None = None
    title: str = ""
    scales: tuple[float, float] = (1.0, 1.0)
    magnitudes: tuple[float, float] = (0.0, 0.0)
    degenerate: bool = False

    @property
    def scale(self) -> float:
        """The larger of :attr:`scales`."""
        return max(self.scales)

    # ------------------------------------------------------------------ constructors
    @classmethod
    def from_points(
        cls,
        points: Sequence[Sequence[Any]],
        disagreement: Sequence[Any],
        *,
        players: Sequence[str] | None = None,
        parameters: Mapping[Any, Any] | None = None,
        title: str = "",
    ) -> BargainingProblem:
        """Problem whose feasible set is the comprehensive convex hull of ``points``.

        Parameters
        ----------
        points:
            Payoff pairs ``(u0, u1)``: ints, ``Fraction``, numeric text (exact), floats, or sympy
            expressions (symbolic problem).
        disagreement:
            The disagreement point ``(d0, d1)``; it must be feasible and some feasible point must
            give both players strictly more, else :class:`~negotiation.errors.BargainingError`.
        players:
            Names of the two players (default ``("P0", "P1")``).
        parameters:
            Default values (by name or Symbol) of the symbols of a symbolic problem; used to decide
            comparisons sympy cannot decide. Ignored symbols are an error.
        title:
            Free text.

        Examples
        --------
        >>> p = BargainingProblem.from_points([(1, 0), (0, 1), ("1/2", "2/3")], (0, 0))
        >>> [tuple(str(v) for v in pt) for pt in p.frontier]
        [('0', '1'), ('1/2', '2/3'), ('1', '0')]
        """
        names = _players(players)
        raw = [_pair(p, f"points[{k}]") for k, p in enumerate(points)]
        if not raw:
            raise BargainingError("points: at least one payoff pair is needed")
        d_raw = _pair(disagreement, "disagreement")
        return cls._build(names, raw, d_raw, parameters=parameters, title=title)

    @classmethod
    def transferable(
        cls,
        surplus: Any,
        disagreement: Sequence[Any] = (0, 0),
        *,
        players: Sequence[str] | None = None,
        parameters: Mapping[Any, Any] | None = None,
        title: str = "",
        strict: bool = True,
    ) -> BargainingProblem:
        """Transferable utility: the feasible set is ``u0 + u1 <= surplus``.

        ``disagreement``, ``players``, ``parameters`` and ``title`` are as in :meth:`from_points`;
        with ``strict=False`` parameter names that match no symbol are ignored instead of being
        an error. A symbolic surplus needs no parameter values: the condition
        ``surplus - d0 - d1 > 0`` (something to bargain over) is then recorded in
        :attr:`conditions` as an assumption when sympy cannot decide it.

        Examples
        --------
        >>> import sympy
        >>> s = sympy.Symbol("s")
        >>> p = BargainingProblem.transferable(s)
        >>> p.bargaining_set
        ((0, s), (s, 0))
        >>> p.conditions
        (s > 0,)
        """
        names = _players(players)
        d_raw = _pair(disagreement, "disagreement")
        kind = detect_kind([surplus, *d_raw])
        symbols = free_symbols([surplus, *d_raw])
        values = _check_parameters(parameters, symbols, kind, strict=strict)
        conv = Arith(kind, values=values)
        s = conv.convert(surplus, "surplus")
        d = (conv.convert(d_raw[0], "disagreement[0]"), conv.convert(d_raw[1], "disagreement[1]"))
        scales, mags = (1.0, 1.0), (0.0, 0.0)
        if kind != "symbolic":
            # each player's payoffs run from d_i to s - d_j: both ranges are the gain s - d0 - d1
            ends = [(d[0], d[1]), (s - d[1], s - d[0])]
            scales, mags = _ranges(ends)
            mags = (max(mags[0], _magnitude(s)), max(mags[1], _magnitude(s)))
            if kind == "float":
                _check_products(scales, mags, names, _EXACT_HINT)
        ar = Arith(kind, scales=scales, magnitudes=mags, values=values)
        gain = s - d[0] - d[1]
        if kind == "symbolic":
            ar.assume_positive(gain, "surplus minus the disagreement payoffs")
        elif ar.sign(gain, atol=ar.resolution(0) + ar.resolution(1)) <= 0:
            raise BargainingError(
                f"nothing to bargain over: the surplus {_show(s)} does not exceed the sum of the disagreement "
                f"payoffs {_show(d[0])} + {_show(d[1])} of {names[0]} and {names[1]}"
            )
        chain = ((d[0], ar.tidy(s - d[0])), (ar.tidy(s - d[1]), d[1]))
        return cls(
            players=names, disagreement=d, frontier=chain, bargaining_set=chain, points=chain,
            arithmetic=kind, kind="transferable", surplus=s, parameters=_param_map(parameters, symbols),
            conditions=tuple(ar.conditions), title=title, scales=ar.scales, magnitudes=ar.magnitudes,
        )

    @classmethod
    def from_game(
        cls,
        game: NormalFormGame,
        disagreement: str | Sequence[Any] = "security",
        *,
        title: str | None = None,
    ) -> BargainingProblem:
        """Problem of a two-player game: the payoffs reachable with jointly randomized outcomes.

        The feasible set is the convex hull of the payoff pairs of the game's pure profiles
        (with free disposal). The disagreement point is

        ``"security"``
            each player's security level (maxmin value in mixed strategies), from the zero-sum
            games ``A`` and ``B^T`` (:func:`negotiation.solvers.zero_sum.solve_zero_sum`);
        ``"nash_threat"``
            the payoffs of Nash's (1953) optimal threats (:func:`nash_threat_solution`);
        a pair ``(d0, d1)``
            given.

        Examples
        --------
        >>> from negotiation import NormalFormGame
        >>> g = NormalFormGame.from_bimatrix([[4, 0], [0, 1]], [[1, 0], [0, 4]])
        >>> BargainingProblem.from_game(g, (0, 0)).frontier
        ((Fraction(1, 1), Fraction(4, 1)), (Fraction(4, 1), Fraction(1, 1)))
        """
        if not isinstance(game, NormalFormGame):
            raise TypeError(f"expected a NormalFormGame, got {type(game).__name__}")
        if game.n_players != 2:
            raise BargainingError(f"a bargaining problem needs a two-player game; this one has {game.n_players}")
        A, B = game.bimatrix()
        pts = [(A[i, j], B[i, j]) for i in range(A.shape[0]) for j in range(A.shape[1])]
        if isinstance(disagreement, str):
            if disagreement == "security":
                from .threats import security_levels

                d = security_levels(game)
            elif disagreement == "nash_threat":
                from .threats import nash_threat_solution

                d = nash_threat_solution(game).disagreement
            else:
                raise BargainingError(
                    f"disagreement must be 'security', 'nash_threat' or a pair of numbers, got {disagreement!r}"
                )
        else:
            d = _pair(disagreement, "disagreement")
        first, second = game.players  # two players, checked above
        return cls._build(
            (first, second), pts, d, title=game.title if title is None else title, game=game
        )

    @classmethod
    def _build(
        cls, names: tuple[str, str], raw: Sequence[Point], d_raw: Point, *, parameters: Mapping[Any, Any] | None = None,
        title: str = "", game: NormalFormGame | None = None, strict: bool = True,
        range_points: Sequence[Point] | None = None,
    ) -> BargainingProblem:
        """Build from points; ``range_points`` (default ``raw``) are the payoffs whose per-player
        ranges set the float tolerances (a derived problem keeps its original data's ranges)."""
        flat = [v for p in raw for v in p] + list(d_raw)
        kind = detect_kind(flat)
        symbols = free_symbols(flat)
        values = _check_parameters(parameters, symbols, kind, strict=strict)
        conv = Arith(kind, values=values)
        pts = tuple(
            (conv.convert(p[0], f"points[{k}][0]"), conv.convert(p[1], f"points[{k}][1]")) for k, p in enumerate(raw)
        )
        d = (conv.convert(d_raw[0], "disagreement[0]"), conv.convert(d_raw[1], "disagreement[1]"))
        scales, mags = (1.0, 1.0), (0.0, 0.0)
        data = [*pts, d] if range_points is None else [*(_numeric_pair(conv, p) for p in range_points), d]
        if kind == "float":
            scales, mags = _float_ranges(data, names)
        elif kind == "exact":
            scales, mags = _ranges(data)
        ar = Arith(kind, scales=scales, magnitudes=mags, values=values)
        frontier = _upper_frontier(ar, pts)
        chain = _clip(ar, frontier, d, names)
        return cls(
            players=names, disagreement=d, frontier=frontier, bargaining_set=chain, points=pts, arithmetic=kind,
            kind="polygon", parameters=_param_map(parameters, symbols), conditions=tuple(ar.conditions),
            game=game, title=title, scales=ar.scales, magnitudes=ar.magnitudes,
        )

    # ------------------------------------------------------------------ derived problems
    def with_disagreement(self, disagreement: Sequence[Any]) -> BargainingProblem:
        """The same feasible set with another disagreement point (validated again).

        Examples
        --------
        >>> p = BargainingProblem.transferable(10)
        >>> p.with_disagreement((4, 0)).bargaining_set
        ((Fraction(4, 1), Fraction(6, 1)), (Fraction(10, 1), Fraction(0, 1)))
        """
        d = _pair(disagreement, "disagreement")
        params = dict(self.parameters)
        if self.kind == "transferable":
            return BargainingProblem.transferable(
                self.surplus, d, players=self.players, parameters=params or None, title=self.title, strict=False
            )
        flat = [v for p in self.frontier for v in p] + list(d)
        if detect_kind(flat) == "symbolic" and params:
            new_symbols = free_symbols(list(d)) - free_symbols([v for p in self.frontier for v in p])
            missing = sorted(s.name for s in new_symbols if s.name not in params)
            if missing:
                raise BargainingError(f"the disagreement point uses parameters without values: {missing}")
        out = BargainingProblem._build(
            self.players, list(self.frontier), d, parameters=params or None, title=self.title, game=self.game,
            strict=False, range_points=self.points,
        )
        object.__setattr__(out, "points", self.points)
        object.__setattr__(out, "conditions", _merge(self.conditions, out.conditions))
        return out

    def with_outside_options(
        self, outside_options: Sequence[Any], *, parameters: Mapping[Any, Any] | None = None
    ) -> BargainingProblem:
        """The problem whose disagreement point is ``max(d, outside option)`` for each player.

        A player who can always walk away to an outside option ``o_i`` gets at least ``o_i`` when
        talks fail, so its disagreement payoff becomes ``max(d_i, o_i)`` (the "outside option as
        threat point" reading; see :func:`negotiation.bargaining.rubinstein` for the
        outside-option principle of the strategic model, where options only bind when large).
        ``parameters`` gives values for symbols the options bring in (symbolic problems).
        """
        o = _pair(outside_options, "outside_options")
        d = _pairwise_max(self, self.disagreement, o, "outside_options", parameters)
        if parameters:
            from .report import _with_d

            return _with_d(self, d, {**dict(self.parameters), **{_name(k): v for k, v in parameters.items()}})
        return self.with_disagreement(d)

    def with_parameters(self, parameters: Mapping[Any, Any]) -> BargainingProblem:
        """The same symbolic problem with other default parameter values (structure decided again)."""
        params = {**dict(self.parameters), **{_name(k): v for k, v in parameters.items()}}
        if self.kind == "transferable":
            return BargainingProblem.transferable(
                self.surplus, self.disagreement, players=self.players, parameters=params, title=self.title,
                strict=False,
            )
        return BargainingProblem._build(
            self.players, list(self.points), self.disagreement, parameters=params, title=self.title,
            game=self.game, strict=False,
        )

    def evaluate(self, parameters: Mapping[Any, Any] | None = None) -> BargainingProblem:
        """The numeric problem at the given (or default) parameter values; exact for exact values.

        Examples
        --------
        >>> import sympy
        >>> s = sympy.Symbol("s", positive=True)
        >>> BargainingProblem.transferable(s).evaluate({"s": 6}).bargaining_set
        ((Fraction(0, 1), Fraction(6, 1)), (Fraction(6, 1), Fraction(0, 1)))
        """
        if self.arithmetic != "symbolic":
            return self
        params = {**dict(self.parameters), **{_name(k): v for k, v in (parameters or {}).items()}}
        values = parameter_values(params, self.symbols)
        missing = sorted(s.name for s in self.symbols if s not in values)
        if missing:
            raise BargainingError(f"cannot evaluate the problem: no values for the parameters {missing}")

        def ev(x: Any) -> Any:
            return evaluate(x, values)

        d = (ev(self.disagreement[0]), ev(self.disagreement[1]))
        if self.kind == "transferable":
            return BargainingProblem.transferable(ev(self.surplus), d, players=self.players, title=self.title)
        pts = [(ev(p[0]), ev(p[1])) for p in self.points]
        return BargainingProblem._build(self.players, pts, d, title=self.title, game=self.game)

    def _as_float(self) -> BargainingProblem:
        """The same exact problem in floats (same structure and tolerance scales; not re-derived):
        what a solution computes in when it is given float weights."""
        if self.arithmetic != "exact":
            return self
        _check_products(self.scales, self.magnitudes, self.players, "give exact weights (e.g. '3/10')")
        # what the solutions read: the bargaining set and the disagreement point (not dominated points)
        every = (*self.bargaining_set, self.disagreement)
        lost = float_image_loss_of([np.array([p[i] for p in every], dtype=object) for i in (0, 1)], self.players)
        if lost:  # rounding to float64 would make it another problem (e.g. payoffs 2**60 + [0..300])
            raise BargainingError(_float_weights_refusal(lost))

        def pts(chain: Sequence[Point]) -> tuple[Point, ...]:
            return tuple((float(p[0]), float(p[1])) for p in chain)

        try:
            return dataclasses.replace(
                self, frontier=pts(self.frontier), bargaining_set=pts(self.bargaining_set), points=pts(self.points),
                disagreement=(float(self.disagreement[0]), float(self.disagreement[1])),
                surplus=None if self.surplus is None else float(self.surplus), arithmetic="float",
            )
        except OverflowError:
            raise BargainingError(
                "float arithmetic (float weights) cannot hold this exact problem's payoffs; give exact weights"
            ) from None

    # ------------------------------------------------------------------ queries
    @property
    def symbols(self) -> frozenset[sympy.Symbol]:
        """Free symbols of a symbolic problem (empty otherwise)."""
        vals = [v for p in self.points for v in p] + list(self.disagreement)
        if self.surplus is not None:
            vals.append(self.surplus)
        return frozenset(free_symbols(vals))

    @property
    def is_symbolic(self) -> bool:
        return self.arithmetic == "symbolic"

    def arith(self, kind: str | None = None) -> Arith:
        """A fresh arithmetic context of this problem (kind, each player's tolerance scale, parameter
        values); ``kind="float"`` computes an exact problem in floats (with the same scales)."""
        values = parameter_values(dict(self.parameters), self.symbols) if self.parameters else {}
        ar = Arith(kind or self.arithmetic, scales=self.scales, magnitudes=self.magnitudes, values=values)
        ar.conditions.extend(self.conditions)
        return ar

    def digest(self) -> str:
        """SHA-256 of the problem's data (players, kind, frontier, disagreement): stable across runs."""
        h = hashlib.sha256()
        h.update(repr((self.players, self.kind, self.arithmetic)).encode())
        for p in (*self.frontier, self.disagreement):
            h.update(("|" + ",".join(_digest_text(v) for v in p)).encode())
        return h.hexdigest()

    def pareto_frontier(self, *, individually_rational: bool = False) -> tuple[tuple[Point, Point], ...]:
        """Segments ``(left, right)`` of the strong Pareto frontier (or of its individually rational
        part). A frontier made of a single point has no segments (see :attr:`frontier`).

        For a transferable-utility problem the frontier is the whole line ``u0 + u1 = surplus``;
        the individually rational segment is returned in both cases.
        """
        chain = self.bargaining_set if individually_rational else self.frontier
        return tuple((chain[k], chain[k + 1]) for k in range(len(chain) - 1))

    def ideal_point(self) -> Point:
        """The ideal (utopia) point: each player's best individually rational payoff."""
        return (self.bargaining_set[-1][0], self.bargaining_set[0][1])

    def __repr__(self) -> str:
        d = ", ".join(_show(v) for v in self.disagreement)
        return (
            f"<BargainingProblem {self.kind} {self.arithmetic}: {self.players[0]} vs {self.players[1]}, "
            f"{len(self.frontier)} frontier vertices, disagreement ({d})>"
        )


def _pairwise_max(
    problem: BargainingProblem, d: Point, o: Sequence[Any], what: str, parameters: Mapping[Any, Any] | None = None
) -> tuple[Any, Any]:
    """``max(d_i, o_i)`` for each player, compared in the combined arithmetic of both (symbols decided
    at the problem's parameter values, updated by ``parameters``)."""
    kind = detect_kind([*d, *o, *(v for p in problem.frontier for v in p)])
    symbols = free_symbols([*d, *o]) | set(problem.symbols)
    params = {**dict(problem.parameters), **{_name(k): v for k, v in (parameters or {}).items()}}
    values = parameter_values(params, symbols)
    ar = Arith(kind, scales=problem.scales, magnitudes=problem.magnitudes, values=values)
    out = []
    for i in (0, 1):
        di = ar.convert(d[i], f"disagreement[{i}]")
        oi = ar.convert(o[i], f"{what}[{i}]")
        out.append(oi if ar.cmp(oi, di, units=U1 if i else U0) > 0 else di)
    return (out[0], out[1])


def _digest_text(x: Any) -> str:
    if isinstance(x, float):
        return x.hex()
    return str(x)


def _name(key: Any) -> str:
    return key.name if isinstance(key, sympy.Symbol) else str(key)


def _float_weights_refusal(lost: str) -> str:
    """Why float weights cannot be used: ``lost`` is what rounding the payoffs to float64 changes."""
    return f"float weights make the arithmetic float, but {lost}; give exact weights (e.g. '3/10')"


def _check_parameters(
    parameters: Mapping[Any, Any] | None, symbols: set[sympy.Symbol], kind: str, *, strict: bool = True
) -> dict[Any, Any]:
    if not parameters:
        return {}
    if kind != "symbolic":
        if not strict:
            return {}
        raise BargainingError(
            f"parameters {sorted(_name(k) for k in parameters)} were given but the problem has no symbols"
        )
    values = parameter_values(parameters, symbols)
    names = {s.name for s in symbols}
    unknown = sorted(_name(k) for k in parameters if _name(k) not in names)
    if unknown and strict:
        raise BargainingError(f"unknown parameters {unknown}; the problem's symbols are {sorted(names)}")
    return values


def _param_map(parameters: Mapping[Any, Any] | None, symbols: set[sympy.Symbol]) -> FrozenMap:
    """Defaults kept on the problem: those of its own symbols, by name, in name order."""
    if not parameters:
        return FrozenMap()
    names = {s.name for s in symbols}
    items = [(_name(k), v) for k, v in parameters.items() if _name(k) in names]
    return FrozenMap(sorted(items, key=lambda kv: kv[0]))


def _merge(a: tuple[Any, ...], b: tuple[Any, ...]) -> tuple[Any, ...]:
    out = list(a)
    for c in b:
        if c not in out:
            out.append(c)
    return tuple(out)
