"""Rubinstein's (1982) alternating-offers bargaining and its standard variants.

Two players split a surplus ``s``. In periods ``t = 0, 1, ...`` they take turns: the proposer
offers a split, the responder accepts (the game ends) or rejects (the next period the roles
swap). A payoff ``x`` received in period ``t`` is worth ``delta_i**t * x`` to player ``i``.

Variants handled here, all solved exactly (closed forms; sympy symbols give symbolic shares):

* **Discount rates**: ``delta_i = exp(-r_i * dt)`` for a period length ``dt``; ``dt = 0`` gives the
  limit as offers become frequent, the generalized Nash solution with weights ``1 / r_i``
  (Binmore, Rubinstein and Wolinsky 1986).
* **Risk of breakdown**: after a rejection talks break down with probability ``p`` and both get
  0 (the disagreement point); the effective discount factor is ``q_i = (1 - p) * delta_i``. With
  ``delta_i = 1`` (no impatience, only the risk) the proposer gets ``1 / (2 - p)`` of the surplus
  (Binmore, Rubinstein and Wolinsky 1986).
* **Outside options** ``o_i`` (Binmore, Shaked and Sutton 1989): a responder may opt out and take
  ``o_i`` instead of making a counter-offer. The subgame-perfect equilibrium is unique and
  solves ``x_P = s - max(o_R, q_R * x_R)`` for each proposer ``P`` with responder ``R``
  (``x_k`` is what ``k`` gets when ``k`` proposes): the *outside-option principle* — an option
  matters only when it exceeds what the player gets in the game without it, and then the player
  gets exactly its option.
* **Finite horizon** ``T``: if the offer of period ``T - 1`` is rejected, talks end with 0 for both;
  solved by backward induction, ``x(T-1) = s - max(o_R, 0)`` and
  ``x(t) = s - max(o_R, q_R * x(t+1))``.

Without outside options or breakdown the proposer ``P`` gets ``s (1 - delta_R) / (1 - delta_P delta_R)``
and the responder ``s delta_R (1 - delta_P) / (1 - delta_P delta_R)``; agreement is immediate.

References
----------
Rubinstein, A. (1982). Perfect equilibrium in a bargaining model. *Econometrica* 50, 97-109.
Binmore, K., Rubinstein, A. and Wolinsky, A. (1986). The Nash bargaining solution in economic
modelling. *RAND Journal of Economics* 17, 176-188.
Binmore, K., Shaked, A. and Sutton, J. (1989). An outside option experiment. *Quarterly Journal
of Economics* 104, 753-770.
Osborne, M. J. and Rubinstein, A. (1990). *Bargaining and Markets*, chapters 3-4. Academic Press.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import sympy

from ..errors import BargainingError
from ..provenance import Provenance
from ._numbers import Arith, detect_kind, is_symbolic, json_number, parameter_values
from .problem import DEFAULT_PLAYERS, _players

__all__ = ["RubinsteinResult", "rubinstein"]

MAX_HORIZON = 100_000


@dataclass(frozen=True, eq=False)
class RubinsteinResult:
    """The subgame-perfect equilibrium outcome of an alternating-offers game.

    Attributes
    ----------
    players:
        The two players.
    shares:
        What each player gets (amounts; they add up to the surplus).
    fractions:
        ``shares / surplus``.
    proposer:
        Index of the first proposer.
    offer:
        What the first proposer offers the responder (accepted at once).
    agreement_period:
        Always 0: agreement is immediate in equilibrium.
    outside_option_binds:
        For each player ``j``, whether its outside option binds the first time ``j`` responds
        (period 0 for the responder, period 1 for the first proposer, on or off the equilibrium
        path): ``o_j`` strictly exceeds the discounted value of bargaining on,
        ``q_j * x_j`` with ``x_j`` what ``j`` gets proposing next (0 after the last period), so ``j``
        would opt out rather than counter-offer and the proposer must offer exactly ``o_j``. In an
        infinite horizon the equilibrium is stationary and this holds whenever ``j`` responds; with a
        finite horizon it is the same test at the first responding period (False for the first
        proposer when ``horizon=1``). In the frequent-offer limit: ``o_j`` exceeds ``j``'s share
        without options.
    proposer_payoffs:
        What each player gets in the subgame where it proposes (period 0 and period 1 roles).
    discount_factors:
        The per-period discount factors ``delta_i`` used.
    effective_discount_factors:
        ``q_i = (1 - p) * delta_i`` (equal to ``delta_i`` without breakdown risk).
    surplus, breakdown_probability, outside_options, horizon, period_length, discount_rates:
        The inputs (``horizon=None``: infinite).
    formula:
        The formula used, in words.
    arithmetic:
        ``"exact"``, ``"float"`` or ``"symbolic"``.
    conditions:
        sympy relations decided from parameter values (symbolic inputs).
    provenance:
        Method, options, versions.
    """

    players: tuple[str, str]
    shares: tuple[Any, Any]
    fractions: tuple[Any, Any]
    proposer: int
    offer: Any
    agreement_period: int
    outside_option_binds: tuple[bool, bool]
    proposer_payoffs: tuple[Any, Any]
    discount_factors: tuple[Any, Any]
    effective_discount_factors: tuple[Any, Any]
    surplus: Any
    breakdown_probability: Any
    outside_options: tuple[Any, Any] | None
    horizon: int | None
    period_length: Any
    discount_rates: tuple[Any, Any] | None
    formula: str
    arithmetic: str
    conditions: tuple[Any, ...] = ()
    provenance: Provenance | None = None

    @property
    def responder(self) -> int:
        return 1 - self.proposer

    def to_dict(self) -> dict[str, Any]:
        """Stable JSON-ready form (exact numbers as ``"p/q"``, expressions as text)."""
        def pair(p: Any) -> Any:
            return None if p is None else [json_number(p[0]), json_number(p[1])]

        return {
            "players": list(self.players),
            "shares": pair(self.shares),
            "fractions": pair(self.fractions),
            "proposer": self.proposer,
            "offer": json_number(self.offer),
            "agreement_period": self.agreement_period,
            "outside_option_binds": list(self.outside_option_binds),
            "proposer_payoffs": pair(self.proposer_payoffs),
            "discount_factors": pair(self.discount_factors),
            "effective_discount_factors": pair(self.effective_discount_factors),
            "surplus": json_number(self.surplus),
            "breakdown_probability": json_number(self.breakdown_probability),
            "outside_options": pair(self.outside_options),
            "horizon": self.horizon,
            "period_length": json_number(self.period_length),
            "discount_rates": pair(self.discount_rates),
            "formula": self.formula,
            "arithmetic": self.arithmetic,
            "conditions": [str(c) for c in self.conditions],
            "provenance": self.provenance.to_dict() if self.provenance else None,
        }

    def __repr__(self) -> str:
        from .problem import _show

        s = ", ".join(f"{n}={_show(v)}" for n, v in zip(self.players, self.shares, strict=True))
        return f"RubinsteinResult({s}; proposer {self.players[self.proposer]})"


def _pair_or_none(value: Any, what: str) -> tuple[Any, Any] | None:
    if value is None:
        return None
    if isinstance(value, (str, bytes)) or not hasattr(value, "__len__"):
        raise BargainingError(f"{what} must be a pair (player 0, player 1), got {value!r}")
    items = tuple(value)
    if len(items) != 2:
        raise BargainingError(f"{what} must be a pair (player 0, player 1), got {len(items)} values")
    return (items[0], items[1])


def rubinstein(
    discount_factors: Sequence[Any] | None = None,
    first_proposer: int = 0,
    *,
    surplus: Any = 1,
    discount_rates: Sequence[Any] | None = None,
    period_length: Any = None,
    breakdown_probability: Any = 0,
    outside_options: Sequence[Any] | None = None,
    horizon: int | None = None,
    players: Sequence[str] | None = None,
    parameters: Mapping[Any, Any] | None = None,
    strict: bool = True,
) -> RubinsteinResult:
    """Subgame-perfect equilibrium of alternating-offers bargaining (see the module docstring).

    Parameters
    ----------
    discount_factors:
        ``(delta_0, delta_1)``, each in (0, 1) (in [0, 1] with a finite horizon). A factor of 1
        (no impatience) is allowed in an infinite horizon with a numeric ``breakdown_probability``
        ``p > 0``: the model needs only the effective factors ``(1 - p)*delta_i`` below 1 (Binmore,
        Rubinstein and Wolinsky 1986's pure breakdown model is ``discount_factors=(1, 1)``); a
        symbolic ``p`` is refused there (``p > 0`` is not assumed). Give either these or
        ``discount_rates``. Symbolic factors are assumed in (0, 1).
    first_proposer:
        0 or 1 (keyword ``surplus`` is the amount to split).
    surplus:
        The amount to split (> 0).
    discount_rates:
        ``(r_0, r_1) > 0``; then ``delta_i = exp(-r_i * period_length)``.
    period_length:
        Length of a period for discount rates (default 1); 0 means the limit of frequent offers.
    breakdown_probability:
        Probability in [0, 1) that talks break down (both get 0) after a rejection.
    outside_options:
        ``(o_0, o_1)``: what a responder gets by opting out (their sum must be below the surplus).
    horizon:
        Number of periods, an integer (numpy integers too) in [1, 100000]; ``None``: infinite.
    players:
        Names (default ``("P0", "P1")``).
    parameters:
        Values of the symbols, used only to decide which constraint binds when sympy cannot.
    strict:
        With ``True`` (default) a parameter name that is no symbol of the inputs is an error;
        ``False`` ignores it (for callers passing the defaults of a larger model).

    Probabilities, discount factors, rates and the surplus are dimensionless or exact limits and
    are checked exactly (``1 - 1e-12`` is a discount factor in (0, 1), a surplus of ``1e-10`` is
    positive). In floats, which outside option binds is decided exactly on the floats' binary values
    (in an infinite horizon, in each period of a finite one and in the frequent-offer limit): the shares
    and flags are those of the exact solution for the same floats, its values rounded (see ``_finite``);
    with ``discount_rates``, the factors are ``1 - c_i`` for the floats ``c_i = -expm1(-r_i * dt)`` (which
    keep the digits that ``exp(-r_i * dt)`` rounds away in short periods).

    Returns
    -------
    RubinsteinResult

    Examples
    --------
    >>> r = rubinstein(("1/2", "2/3"))
    >>> [str(x) for x in r.shares]
    ['1/2', '1/2']
    >>> r.formula
    'P0 proposes: s*(1 - delta_1)/(1 - delta_0*delta_1)'
    >>> import sympy
    >>> d0, d1 = sympy.symbols("delta_0 delta_1", positive=True)
    >>> rubinstein((d0, d1)).shares[0]
    (delta_1 - 1)/(delta_0*delta_1 - 1)
    >>> [str(x) for x in rubinstein(("9/10", "9/10"), outside_options=(0, "1/2")).shares]
    ['1/2', '1/2']
    """
    names = _players(players, DEFAULT_PLAYERS)
    P = _first_proposer(first_proposer)
    deltas = _pair_or_none(discount_factors, "discount_factors")
    rates = _pair_or_none(discount_rates, "discount_rates")
    options = _pair_or_none(outside_options, "outside_options")
    if (deltas is None) == (rates is None):
        raise BargainingError("give either discount_factors or discount_rates (exactly one of them)")
    if rates is None and period_length is not None:
        raise BargainingError("period_length applies to discount_rates; with discount_factors leave it out")
    if horizon is not None:
        if isinstance(horizon, bool) or not isinstance(horizon, numbers.Integral) or not 1 <= horizon <= MAX_HORIZON:
            raise BargainingError(f"horizon must be an int in [1, {MAX_HORIZON}] or None, got {horizon!r}")
        horizon = int(horizon)
    dt_raw = 1 if (rates is not None and period_length is None) else period_length
    inputs = [surplus, breakdown_probability, *(deltas or ()), *(rates or ()), *(options or ())]
    if dt_raw is not None:
        inputs.append(dt_raw)
    kind = detect_kind(inputs)
    symbols: set[sympy.Symbol] = set()
    for v in inputs:
        if isinstance(v, sympy.Basic):
            symbols |= v.free_symbols  # type: ignore[arg-type]
    values = _parameters(parameters, symbols, strict)
    # every float decision below is exact on the floats' binary values, so no payoff tolerance is needed
    ar = Arith(kind, values=values)
    s = ar.convert(surplus, "surplus")
    o: tuple[Any, Any] | None = None
    if options is not None:
        o = (ar.convert(options[0], "outside_options[0]"), ar.convert(options[1], "outside_options[1]"))
    # dimensionless inputs (probabilities, factors, rates) and the surplus are checked exactly
    ar.assume_positive(s, "surplus", atol=0.0, shown=repr(surplus))
    p = ar.convert(breakdown_probability, "breakdown_probability")
    if is_symbolic(p):
        ar.assume_positive(1 - p, "1 - breakdown_probability")
    elif ar.sign(p, atol=0.0) < 0 or ar.cmp(p, ar.num(1), atol=0.0) >= 0:
        raise BargainingError(f"breakdown_probability must be in [0, 1), got {breakdown_probability!r}")
    risk = not is_symbolic(p) and ar.sign(p, atol=0.0) != 0  # a numeric breakdown risk p > 0
    limit = False
    dt = None
    rr: tuple[Any, Any] | None = None
    complement: tuple[Any, Any] | None = None  # 1 - delta_i, computed without cancellation in floats
    if rates is not None:
        rr = (ar.convert(rates[0], "discount_rates[0]"), ar.convert(rates[1], "discount_rates[1]"))
        for i in (0, 1):
            ar.assume_positive(rr[i], f"discount_rates[{i}]", atol=0.0, shown=repr(rates[i]))
        dt = ar.convert(dt_raw, "period_length")
        if is_symbolic(dt):
            ar.assume_positive(dt, "period_length")
        sdt = ar.sign(dt, atol=0.0) if not is_symbolic(dt) else 1
        if sdt < 0:
            raise BargainingError(f"period_length must be >= 0, got {period_length!r}")
        if sdt == 0:
            limit = True
            delta = (ar.num(1), ar.num(1))
        elif kind == "float":
            delta = (math.exp(-rr[0] * dt), math.exp(-rr[1] * dt))
            complement = (-math.expm1(-rr[0] * dt), -math.expm1(-rr[1] * dt))
        else:  # exact rates with a positive period: exp() is transcendental, keep it exact in sympy
            ar = _to_symbolic(ar)
            rr = (ar.convert(rr[0]), ar.convert(rr[1]))
            dt = ar.convert(dt)
            s, p = ar.convert(s), ar.convert(p)
            if o is not None:
                o = (ar.convert(o[0]), ar.convert(o[1]))
            delta = (sympy.exp(-rr[0] * dt), sympy.exp(-rr[1] * dt))
    else:
        assert deltas is not None
        delta = (ar.convert(deltas[0], "discount_factors[0]"), ar.convert(deltas[1], "discount_factors[1]"))
        for i in (0, 1):
            if is_symbolic(delta[i]):
                ar.assume_positive(delta[i], f"discount_factors[{i}]")
                ar.assume_positive(1 - delta[i], f"1 - discount_factors[{i}]")
                continue
            _check_discount_factor(ar, delta[i], deltas[i], i, names, horizon, risk, is_symbolic(p))
    if o is not None:
        if ar.kind == "symbolic":
            ar.assume_positive(s - o[0] - o[1], "surplus minus the outside options")
        elif ar.sign(s - o[0] - o[1], atol=0.0) <= 0:
            raise BargainingError(
                f"nothing to bargain over: the outside options {o[0]} + {o[1]} of {names[0]} and "
                f"{names[1]} are not below the surplus {surplus}"
            )
    if limit and ar.sign(p, atol=0.0) != 0:
        raise BargainingError(
            "the frequent-offer limit (period_length=0) needs breakdown_probability=0; model breakdown as a rate "
            "by adding it to the discount rates"
        )
    if ar.kind == "float":
        cd = complement if complement is not None else (1 - delta[0], 1 - delta[1])
        q = ((1 - p) * delta[0], (1 - p) * delta[1]) if risk else delta
        c = (p + (1 - p) * cd[0], p + (1 - p) * cd[1]) if risk else cd
    else:
        q = delta if ar.sign(p) == 0 else (ar.tidy((1 - p) * delta[0]), ar.tidy((1 - p) * delta[1]))
        c = (1 - q[0], 1 - q[1])
    if limit:
        assert rr is not None
        x, binds, formula = _limit(ar, s, rr, o, P, names)
    elif horizon is not None:
        exact_q = _exact_factors(delta, complement, p) if ar.kind == "float" else None
        x, binds, formula = _finite(ar, s, q, o, P, horizon, names, exact_q)
    else:
        exact_q = _exact_factors(delta, complement, p) if (ar.kind == "float" and o is not None) else None
        x, binds, formula = _infinite(ar, s, q, c, o, P, names, exact_q)
    if rr is not None and not limit:
        formula += "; delta_i = exp(-r_i*dt)"
    if ar.sign(p, atol=0.0) != 0:
        formula += "; discount factors times (1 - p) for the breakdown risk p"
    shares_list = [None, None]
    shares_list[P] = ar.tidy(x[P])
    shares_list[1 - P] = ar.tidy(s - x[P])
    shares = (shares_list[0], shares_list[1])
    prov = Provenance.make(
        "bargaining.rubinstein",
        {"first_proposer": P, "horizon": horizon, "limit": limit, "outside_options": o is not None},
        libraries=("numpy", "sympy") if ar.kind == "symbolic" else ("numpy",),
    )
    return RubinsteinResult(
        players=names, shares=shares, fractions=(ar.tidy(shares[0] / s), ar.tidy(shares[1] / s)), proposer=P,
        offer=shares[1 - P], agreement_period=0, outside_option_binds=binds,
        proposer_payoffs=(ar.tidy(x[0]), ar.tidy(x[1])), discount_factors=delta, effective_discount_factors=q,
        surplus=s, breakdown_probability=p, outside_options=o, horizon=horizon, period_length=dt,
        discount_rates=rr, formula=formula, arithmetic=ar.kind, conditions=tuple(ar.conditions), provenance=prov,
    )


def _first_proposer(first_proposer: Any) -> int:
    if isinstance(first_proposer, numbers.Integral) and not isinstance(first_proposer, bool):
        if int(first_proposer) in (0, 1):
            return int(first_proposer)
    hint = ""
    if isinstance(first_proposer, numbers.Number) and not isinstance(first_proposer, (bool, numbers.Integral)):
        hint = "; the amount to split is the keyword argument surplus=..."
    raise BargainingError(
        f"first_proposer must be 0 or 1 (the index of the player who proposes first), got {first_proposer!r}{hint}"
    )


def _parameters(parameters: Mapping[Any, Any] | None, symbols: set[sympy.Symbol], strict: bool) -> dict[Any, Any]:
    """Values of the inputs' symbols; with ``strict`` a name that is no symbol of the inputs is an error."""
    if not parameters:
        return {}
    names = {sym.name for sym in symbols}
    unknown = sorted(k.name if isinstance(k, sympy.Symbol) else str(k) for k in parameters)
    unknown = [k for k in unknown if k not in names]
    if unknown and strict:
        if not names:
            raise BargainingError(f"parameters {unknown} were given but no input has symbols")
        raise BargainingError(f"unknown parameters {unknown}; the inputs' symbols are {sorted(names)}")
    return parameter_values(parameters, symbols)


def _check_discount_factor(
    ar: Arith, delta: Any, raw: Any, i: int, names: tuple[str, str], horizon: int | None, risk: bool,
    symbolic_p: bool = False,
) -> None:
    """``delta`` in (0, 1] ([0, 1] with a finite horizon), compared exactly; an infinite horizon
    needs the effective factor ``(1 - p)*delta`` below 1, so ``delta = 1`` needs ``p > 0``."""
    lo = ar.sign(delta, atol=0.0)
    hi = ar.cmp(delta, ar.num(1), atol=0.0)
    if horizon is not None:
        if lo < 0 or hi > 0:
            raise BargainingError(f"discount_factors[{i}] ({names[i]}) must be in [0, 1], got {raw!r}")
        return
    if lo > 0 and (hi < 0 or (hi == 0 and risk)):
        return
    hint = "; a symbolic breakdown_probability is not assumed positive, give a number" if symbolic_p and hi == 0 else ""
    raise BargainingError(
        f"discount_factors[{i}] ({names[i]}) must be in (0, 1), or 1 with a numeric breakdown_probability p > 0 "
        f"(the effective factor (1 - p)*delta must be below 1 in an infinite horizon), got {raw!r}{hint}"
    )


def _to_symbolic(ar: Arith) -> Arith:
    new = Arith("symbolic", scales=ar.scales, magnitudes=ar.magnitudes, values=ar.values)
    new.conditions.extend(ar.conditions)
    return new


def _exact_factors(delta: tuple[Any, Any], complement: tuple[Any, Any] | None, p: Any) -> tuple[Fraction, Fraction]:
    """The float effective factors ``q_i = (1 - p)*delta_i`` as exact fractions of the floats' binary values.

    ``1 - delta_i`` is taken from ``complement`` when given (``-expm1(-r_i*dt)``, which keeps the digits
    that ``exp(-r_i*dt)`` rounds away when periods are short), else as ``1 - delta_i`` exactly.
    """
    pf = Fraction(p)
    cd = tuple(Fraction(complement[i]) if complement is not None else 1 - Fraction(delta[i]) for i in (0, 1))
    return ((1 - pf) * (1 - cd[0]), (1 - pf) * (1 - cd[1]))


def _cases(s: Any, q: tuple[Any, Any], free: tuple[Any, Any], o: tuple[Any, Any]) -> list[Any]:
    """The four cases of which options bind: ``(binds, (x_0, x_1))`` (``x_k``: k's payoff proposing)."""
    return [
        ((False, False), free),
        ((True, False), (s - q[1] * (s - o[0]), s - o[0])),  # player 0's option binds (when 0 responds)
        ((False, True), (s - o[1], s - q[0] * (s - o[1]))),
        ((True, True), (s - o[1], s - o[0])),
    ]


def _decide(
    ar: Arith, s: Any, q: tuple[Any, Any], free: tuple[Any, Any], o: tuple[Any, Any]
) -> tuple[int, tuple[bool, bool]]:
    """Index of the consistent case of :func:`_cases` and the flags (strict: ``o_j > q_j x_j``)."""
    for index, (binds, x) in enumerate(_cases(s, q, free, o)):
        gaps = []
        for j in (0, 1):
            sg = ar.sign(o[j] - q[j] * x[j])  # >= 0 when j's option binds as responder
            if (binds[j] and sg < 0) or (not binds[j] and sg > 0):
                break
            gaps.append(sg)
        else:
            return index, (binds[0] and gaps[0] > 0, binds[1] and gaps[1] > 0)
    raise BargainingError("no consistent outside-option case (check the inputs)")  # pragma: no cover


def _infinite(
    ar: Arith, s: Any, q: tuple[Any, Any], c: tuple[Any, Any], o: tuple[Any, Any] | None, P: int,
    names: tuple[str, str], exact_q: tuple[Fraction, Fraction] | None = None,
) -> tuple[tuple[Any, Any], tuple[bool, bool], str]:
    """Stationary SPE: ``x_k = s - max(o_j, q_j x_j)`` for proposer ``k`` and responder ``j``.

    ``c_i = 1 - q_i``; in floats ``1 - q0*q1`` is computed as ``c0 + c1 - c0*c1`` so that factors
    close to 1 (short periods, ``exp(-r*dt)``) keep their digits. In floats the case of which options
    bind is decided exactly on the binary values of the floats (``exact_q``: the effective factors as
    fractions); only the chosen case's closed form is then evaluated in floats. A tolerance cannot
    decide it: near ``q = 1`` the gaps ``o_j - q_j x_j`` shrink like ``(1 - q) s`` while the cases'
    shares differ by a fixed part of ``s``.
    """
    R = 1 - P
    if ar.kind == "float":
        den = c[0] + c[1] - c[0] * c[1]
        free = (s * c[1] / den, s * c[0] / den)
    else:
        den = 1 - q[0] * q[1]
        free = (s * (1 - q[1]) / den, s * (1 - q[0]) / den)
    plain = f"{names[P]} proposes: s*(1 - delta_{R})/(1 - delta_0*delta_1)"
    if o is None:
        return free, (False, False), plain
    # the four cases of which options bind; the equilibrium is unique, so exactly one is consistent
    if ar.kind == "float":
        assert exact_q is not None
        fs, fo = Fraction(s), (Fraction(o[0]), Fraction(o[1]))
        fden = 1 - exact_q[0] * exact_q[1]
        ffree = (fs * (1 - exact_q[1]) / fden, fs * (1 - exact_q[0]) / fden)
        index, binds = _decide(Arith("exact"), fs, exact_q, ffree, fo)
        # the chosen case in floats, written with c_j = 1 - q_j so that q_j close to 1 keeps its digits
        x = [
            free, (o[0] + c[1] * (s - o[0]), s - o[0]), (s - o[1], o[1] + c[0] * (s - o[1])), (s - o[1], s - o[0]),
        ][index]
    else:
        index, binds = _decide(ar, s, q, free, o)
        x = _cases(s, q, free, o)[index][1]
    if binds == (False, False):
        return x, binds, plain + " (outside options do not bind)"
    who = " and ".join(names[j] for j in (0, 1) if binds[j])
    return x, binds, (
        f"{names[P]} proposes: x_P = s - max(o_R, q_R*x_R) (Binmore-Shaked-Sutton); "
        f"the outside option of {who} binds"
    )


def _finite(
    ar: Arith, s: Any, q: tuple[Any, Any], o: tuple[Any, Any] | None, P: int, T: int, names: tuple[str, str],
    exact_q: tuple[Fraction, Fraction] | None = None,
) -> tuple[tuple[Any, Any], tuple[bool, bool], str]:
    """Backward induction over ``T`` periods; returns each player's payoff when proposing at t = 0, 1.

    In floats (``exact_q``: the effective factors as exact fractions) the walk is :func:`_finite_dyadic`.
    """
    zero = ar.num(0)
    opts = o if o is not None else (zero, zero)
    if ar.kind == "float":
        assert exact_q is not None
        x0, x1, took = _finite_dyadic(s, exact_q, opts, P, T)
        binds = [o is not None and took[k] for k in (0, 1)]
    else:
        binds = [False, False]
        # x[t]: the proposer's payoff at period t; the proposer at t is P if t even else 1 - P
        x_next: Any = None
        xs: list[Any] = [None] * min(T, 2)
        for t in range(T - 1, -1, -1):
            proposer = P if t % 2 == 0 else 1 - P
            responder = 1 - proposer
            cont = zero if x_next is None else q[responder] * x_next
            if ar.cmp(opts[responder], cont) > 0:
                value = opts[responder]
                if t < 2 and o is not None:  # each player's first period as responder (t = 0 or 1)
                    binds[responder] = True
            else:
                value = cont
            x_t = ar.tidy(s - value)
            if t < 2:
                xs[t] = x_t
            x_next = x_t
        x0 = xs[0]
        x1 = xs[1] if T > 1 else None
    if T == 1:
        x1 = ar.tidy(s - (opts[P] if ar.cmp(opts[P], zero, atol=0.0 if ar.kind == "float" else None) > 0 else zero))
    x = (x0, x1) if P == 0 else (x1, x0)
    formula = f"{names[P]} proposes first; backward induction over {T} period{'s' if T != 1 else ''}"
    if o is not None:
        formula += " with outside options"
    return x, (binds[0], binds[1]), formula


_GUARD_BITS = 96  # fixed-point bits below the largest input's binary exponent in _finite_dyadic


def _fixed(v: Fraction, e: int) -> tuple[int, int]:
    """``floor(v * 2**e)`` for a dyadic fraction ``v``, and 1 if that rounds (else 0)."""
    k = v.denominator.bit_length() - 1  # the denominator is 2**k
    if k <= e:
        return v.numerator << (e - k), 0
    n = v.numerator >> (k - e)
    return n, int(n << (k - e) != v.numerator)


def _finite_dyadic(
    s: float, q: tuple[Fraction, Fraction], o: tuple[float, float], P: int, T: int
) -> tuple[float, float | None, tuple[bool, bool]]:
    """Float backward induction whose every decision is exact on the floats' binary values.

    The floats ``s``, ``o_i`` and the effective factors ``q_i`` (exact fractions of the float factors)
    are dyadic rationals, so is every ``x(t)``; their exact binary expansions grow by the bits of ``q``
    each period. The walk keeps ``x(t+1)`` in fixed point with ``e`` fraction bits (integers over
    ``2**e``) and a bound on its error in those units (each rounded product adds at most one unit). A
    comparison ``o_R > q_R x(t+1)`` whose margin exceeds the error bound is decided; otherwise ``e`` is
    doubled and ``x(t+1)`` recomputed from the last period whose value does not depend on later ones (an
    option taken, or the end), until the margin is decided or nothing rounds (then it is exact, ties
    included). A tolerance could not do this: near ``q = 1`` the margins shrink like ``(1 - q) s``. The
    payoffs are the fixed-point values rounded to floats (accurate to ``3 T`` units of ``2**-e``).

    Returns ``x(0)``, ``x(1)`` (``None`` when ``T = 1``) and, for each player, whether it takes its
    option the first time it responds (period 0 for the responder, period 1 for the first proposer).
    """
    fs, fo = Fraction(s), (Fraction(o[0]), Fraction(o[1]))
    top = math.frexp(max(abs(s), abs(o[0]), abs(o[1])))[1]
    extra = _GUARD_BITS
    e = extra + max(0, -top)
    qn = (q[0].numerator, q[1].numerator)
    qk = (q[0].denominator.bit_length() - 1, q[1].denominator.bit_length() - 1)
    took = [False] * T  # took[t]: the responder of period t opts out
    restart = T  # the last period (from the end) whose value does not depend on later periods

    def responder(t: int) -> int:
        return P if t % 2 else 1 - P

    def step(t: int, x_next: int | None, err: int) -> tuple[int, int]:
        """``x(t)`` in fixed point from ``x(t+1)`` (``None`` after the last period) and ``took[t]``."""
        S, eS = _fixed(fs, e)
        R = responder(t)
        if took[t]:
            opt, eO = _fixed(fo[R], e)
            return S - opt, eS + eO
        if x_next is None:
            return S, eS
        prod = qn[R] * x_next
        V = prod >> qk[R]
        return S - V, eS + err + int(V << qk[R] != prod)

    def replay(upto: int) -> tuple[int | None, int]:
        """``x(upto)`` from the last restart at the current precision."""
        x_val: int | None = None
        err = 0
        for t in range(min(restart, T - 1), upto - 1, -1):  # took[restart]: x(restart) needs no x(restart+1)
            x_val, err = step(t, x_val, err)
        return x_val, err

    x_next: int | None = None
    err = 0
    out: list[float] = [0.0, 0.0]
    for t in range(T - 1, -1, -1):
        R = responder(t)
        if x_next is None:
            take = fo[R] > 0
        else:
            while True:
                opt, eO = _fixed(fo[R], e)
                D = (opt << qk[R]) - qn[R] * x_next  # 2**(e + qk) * (o_R - q_R x(t+1)), up to the errors
                bound = (eO + err) << qk[R]
                if abs(D) > bound or bound == 0:
                    take = D > 0
                    break
                extra *= 2
                e = extra + max(0, -top)
                x_next, err = replay(t + 1)
                assert x_next is not None
        took[t] = take
        if take:
            restart = t
        x_next, err = step(t, x_next, err)
        if t < 2:
            out[t] = x_next / (1 << e)  # int / int: correctly rounded, any size
    flags = [False, False]
    flags[1 - P] = took[0]
    flags[P] = T > 1 and took[1]
    return out[0], (out[1] if T > 1 else None), (flags[0], flags[1])


def _limit(
    ar: Arith, s: Any, r: tuple[Any, Any], o: tuple[Any, Any] | None, P: int, names: tuple[str, str]
) -> tuple[tuple[Any, Any], tuple[bool, bool], str]:
    """Frequent-offer limit: shares ``s * r_j / (r_i + r_j)`` (Nash with weights ``1/r_i``)."""
    total = r[0] + r[1]
    x = (s * r[1] / total, s * r[0] / total)
    formula = "limit of frequent offers: s*r_j/(r_0 + r_1), the Nash solution with weights 1/r_i"
    binds = (False, False)
    if o is not None:
        for j in (0, 1):
            if ar.kind == "float":  # exactly on the floats' binary values: o_j (r_0 + r_1) > s r_{1-j}
                binding = Fraction(o[j]) * (Fraction(r[0]) + Fraction(r[1])) > Fraction(s) * Fraction(r[1 - j])
            else:
                binding = ar.cmp(o[j], x[j]) > 0
            if binding:
                binds = (j == 0, j == 1)
                x = (o[0], s - o[0]) if j == 0 else (s - o[1], o[1])
                formula += f"; the outside option of {names[j]} binds"
                break
    # in the limit the proposer's advantage vanishes: proposer payoffs are the shares
    return (x[0], x[1]), binds, formula
