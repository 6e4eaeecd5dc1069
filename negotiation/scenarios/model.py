"""The :class:`Scenario`: a negotiation described as data, validated, immutable.

A scenario holds the metadata of its file (title, description, sources, licence of the data,
assumptions), named parameters with exact defaults and ranges, players with roles and actions,
one sympy payoff formula per player and profile, and optionally the negotiation to analyse
(``[negotiation]``), a two-sided market with pair values (``[market]``) and coalition values
(``[coalitions]``). Its methods instantiate it at parameter values: :meth:`Scenario.game`,
:meth:`Scenario.symbolic_game`, :meth:`Scenario.bargaining_problem`,
:meth:`Scenario.power_report`, :meth:`Scenario.market_values`.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import sympy

from ..errors import NotApplicableError, ScenarioError
from ..model.normal_form import NormalFormGame
from ..numeric import format_number
from .evaluate import Number
from .schema import (
    FrozenMap,
    NegotiationSpec,
    ScenarioParts,
    evaluate_formula,
    resolve_values,
    symbol_values,
)
from .symbolic import SymbolicGame, instantiate

__all__ = ["Scenario"]


@dataclass(frozen=True, eq=False)
class Scenario(ScenarioParts):
    """A validated scenario file (see ``games/README.md`` for the format).

    Build it with :func:`~negotiation.scenarios.load_scenario` (a path or a bundled name) or
    :func:`~negotiation.scenarios.loads_scenario` (TOML text).

    Attributes
    ----------
    name, title, description, license, assumptions:
        Metadata from the ``[scenario]`` table.
    sources:
        The ``[[sources]]`` the numbers rest on.
    parameters:
        Name -> :class:`~negotiation.scenarios.schema.Parameter` (exact default, unit, range,
        meaning, source id), in file order.
    players:
        :class:`~negotiation.scenarios.schema.Player` entries (name, role, actions).
    payoffs:
        Profile (tuple of action labels) -> tuple of sympy formulas (one per player), in
        row-major profile order.
    negotiation, market, coalitions:
        The optional sections, or ``None``.
    sequential:
        ``True`` when the file says (``[scenario] sequential = true``) that the game is sequential
        and given here in strategic form; reports then warn that Nash equilibria of the strategic
        form need not be subgame perfect.
    path:
        Where the file was read from (``None`` for text; ``games/NAME.toml`` for a bundled file).
    sha256:
        SHA-256 of the file's bytes.
    label:
        How error messages name the file (the path, or the name given to
        :func:`~negotiation.scenarios.loads_scenario`).

    Examples
    --------
    >>> from negotiation.scenarios import load_scenario
    >>> s = load_scenario("prisoners_dilemma")
    >>> s.player_names, s.actions[0]
    (('Row', 'Column'), ('Cooperate', 'Defect'))
    >>> s.game().payoff(["Defect", "Defect"])
    (Fraction(1, 1), Fraction(1, 1))
    >>> s.game(reward="3.5").payoff(["Cooperate", "Cooperate"])
    (Fraction(7, 2), Fraction(7, 2))
    """

    path: str | None
    sha256: str
    label: str = ""

    @classmethod
    def from_parts(cls, parts: ScenarioParts, *, path: str | None, sha256: str, label: str = "") -> Scenario:
        fields = {f.name: getattr(parts, f.name) for f in dataclasses.fields(ScenarioParts)}
        return cls(**fields, path=path, sha256=sha256, label=label or path or "")

    # ------------------------------------------------------------------ structure
    @property
    def file(self) -> str:
        """How error messages name this scenario's file."""
        return self.label or self.path or f"<{self.name}>"

    @property
    def player_names(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.players)

    @property
    def actions(self) -> tuple[tuple[str, ...], ...]:
        return tuple(p.actions for p in self.players)

    @property
    def roles(self) -> tuple[str, ...]:
        return tuple(p.role for p in self.players)

    @property
    def n_players(self) -> int:
        return len(self.players)

    @property
    def shape(self) -> tuple[int, ...]:
        return tuple(len(p.actions) for p in self.players)

    @property
    def defaults(self) -> FrozenMap:
        """Parameter name -> exact default."""
        return FrozenMap((k, p.default) for k, p in self.parameters.items())

    # ------------------------------------------------------------------ values and games
    def values(self, **overrides: Any) -> FrozenMap:
        """Parameter values: defaults with ``overrides`` applied.

        Unknown names, non-numbers and out-of-range values raise
        :class:`~negotiation.errors.ScenarioError`. Ints, ``Fraction`` and numeric text
        (``"0.1"``, ``"1/3"``) are exact; floats stay floats (and make the game float).
        """
        return resolve_values(self.parameters, overrides, file=self.file)

    def _payoff_array(self) -> np.ndarray:
        arr = np.empty((self.n_players, *self.shape), dtype=object)
        index = [{lab: k for k, lab in enumerate(p.actions)} for p in self.players]
        for profile, formulas in self.payoffs.items():
            idx = tuple(index[i][lab] for i, lab in enumerate(profile))
            for i, f in enumerate(formulas):
                arr[(i, *idx)] = f
        return arr

    def symbolic_game(self) -> SymbolicGame:
        """The game with sympy payoffs (see :class:`~negotiation.scenarios.symbolic.SymbolicGame`)."""
        return SymbolicGame(self.player_names, self.actions, self._payoff_array(), self.parameters,
                            title=self.title, file=self.file)

    def game(self, **overrides: Any) -> NormalFormGame:
        """The numeric game at the defaults with ``overrides`` applied.

        Exact (``Fraction`` payoffs) when every value is exact and every formula stays rational.
        A payoff that is undefined (division by zero, log of a non-positive number), complex or
        too large raises :class:`~negotiation.errors.ScenarioError` naming the profile and player.
        """
        return instantiate(self.player_names, self.actions, self._payoff_array(), self.values(**overrides),
                           file=self.file, title=self.title)

    # ------------------------------------------------------------------ negotiation
    def _spec(self) -> NegotiationSpec:
        if self.negotiation is None:
            raise NotApplicableError(f"{self.file}: the scenario {self.name!r} has no [negotiation] section")
        return self.negotiation

    def _pair(self, pair: tuple[sympy.Expr, sympy.Expr], sv: Mapping[sympy.Symbol, Number], field: str,
              parties: tuple[str, str]) -> tuple[Number, Number]:
        def value(k: int) -> Number:
            return evaluate_formula(pair[k], sv, file=self.file, field=f"{field}[{k}]",
                                    what=f"{field} of {parties[k]!r}")

        return value(0), value(1)

    def negotiation_values(self, **overrides: Any) -> dict[str, Any]:
        """The ``[negotiation]`` numbers at the given parameter values.

        Returns a dict with ``parties``, ``feasible``, ``surplus`` (or ``None``), ``disagreement``
        (a pair, or ``"security"``/``"nash_threat"``), ``outside_options``, ``discount_factors``
        (computed from rates when the file gives rates), ``first_proposer`` (index), ``threat``
        (a pair, a ``{party: pair}`` mapping, or ``None``).
        """
        spec = self._spec()
        sv = symbol_values(self.values(**overrides))
        parties = spec.parties
        out: dict[str, Any] = {"parties": parties, "feasible": spec.feasible, "first_proposer": spec.first_proposer}
        out["surplus"] = None if spec.surplus is None else evaluate_formula(
            spec.surplus, sv, file=self.file, field="negotiation.surplus", what="the surplus")
        out["disagreement"] = (spec.disagreement if isinstance(spec.disagreement, str)
                               else self._pair(spec.disagreement, sv, "negotiation.disagreement", parties))
        out["outside_options"] = (None if spec.outside_options is None
                                  else self._pair(spec.outside_options, sv, "negotiation.outside_options", parties))
        factors: tuple[Number, ...] | None = None
        if spec.discount_factors is not None:
            factors = self._pair(spec.discount_factors, sv, "negotiation.discount_factors", parties)
            field = "negotiation.discount_factors"
        elif spec.discount_rates is not None and spec.period_length is not None:
            rates = self._pair(spec.discount_rates, sv, "negotiation.discount_rates", parties)
            dt = evaluate_formula(spec.period_length, sv, file=self.file, field="negotiation.period_length",
                                  what="the period length")
            factors = self._factors_from_rates(rates, dt, parties)
            field = "negotiation.discount_rates"
        if factors is not None:
            for k, delta in enumerate(factors):
                if not 0 < delta < 1:
                    raise ScenarioError(
                        f"the discount factor of {parties[k]!r} must be strictly between 0 and 1, got "
                        f"{format_number(delta)}", file=self.file, field=f"{field}[{k}]")
        out["discount_factors"] = factors
        if spec.threat is not None:
            out["threat"] = self._pair(spec.threat, sv, "negotiation.threat", parties)
        elif spec.threats:
            out["threat"] = {party: self._pair(p, sv, f"negotiation.threat.{party}", parties)
                             for party, p in spec.threats.items()}
        else:
            out["threat"] = None
        return out

    def _factors_from_rates(self, rates: tuple[Number, Number], dt: Number,
                            parties: tuple[str, str]) -> tuple[Number, ...]:
        """``delta_i = exp(-r_i * period_length)``; rates and the period must be positive (a rate <= 0
        gives ``delta >= 1``: waiting costs nothing and the bargaining model has no solution)."""
        if not dt > 0:
            raise ScenarioError(f"the period length must be > 0, got {format_number(dt)}", file=self.file,
                                field="negotiation.period_length")
        factors: list[Number] = []
        for k, r in enumerate(rates):
            if not r > 0:
                raise ScenarioError(
                    f"the discount rate of {parties[k]!r} must be > 0 (a rate <= 0 makes the discount factor "
                    f"exp(-rate * period_length) >= 1), got {format_number(r)}",
                    file=self.file, field=f"negotiation.discount_rates[{k}]")
            try:
                exponent = float(r) * float(dt)
            except OverflowError:
                exponent = math.inf
            factors.append(math.exp(-exponent))  # exponent > 0: no overflow; 0.0 on underflow (refused below)
        return tuple(factors)

    def _party_game(self, game: NormalFormGame, parties: tuple[str, str]) -> NormalFormGame:
        order = [game.players.index(p) for p in parties]
        return game if order == [0, 1] else game.permute_players(order)

    def _status_quo_problem(self, overrides: Mapping[str, Any], nv: Mapping[str, Any]) -> Any:
        from ..bargaining import BargainingProblem

        spec = self._spec()
        parties = spec.parties
        title = self.title
        if spec.feasible == "surplus":
            d = nv["disagreement"]
            return BargainingProblem.transferable(nv["surplus"], d, players=parties, title=title)
        game = self.game(**overrides)
        if game.n_players == 2:
            return BargainingProblem.from_game(self._party_game(game, parties), nv["disagreement"], title=title)
        i, j = (game.players.index(p) for p in parties)
        pay = game.payoffs
        points = [(pay[(i, *idx)], pay[(j, *idx)]) for idx in np.ndindex(*game.shape)]
        return BargainingProblem.from_points(points, nv["disagreement"], players=parties, title=title)

    def bargaining_problem(self, **overrides: Any) -> Any:
        """The numeric bargaining problem of the ``[negotiation]`` section at the given values.

        The feasible set is the convex hull of the parties' payoff pairs in the game
        (``feasible = "game"``) or ``u0 + u1 <= surplus`` (``"surplus"``). The disagreement point
        is the status quo (a pair of formulas, or the parties' security levels / Nash threat
        point), raised to the outside options when the section gives them (each party can walk
        away to its option). Raises :class:`~negotiation.errors.NotApplicableError` without a
        ``[negotiation]`` section and :class:`~negotiation.errors.BargainingError` when there is
        nothing to bargain over at these values.
        """
        nv = self.negotiation_values(**overrides)
        problem = self._status_quo_problem(overrides, nv)
        if nv["outside_options"] is not None:
            problem = problem.with_outside_options(nv["outside_options"])
        return problem

    def symbolic_bargaining_problem(self, **overrides: Any) -> Any:
        """The bargaining problem with sympy formulas and the parameter values as its defaults.

        Available for transferable utility (``feasible = "surplus"``), where the solutions have
        closed forms in the parameters; the game-based problem is numeric only (see
        :meth:`bargaining_problem`).
        """
        from ..bargaining import BargainingProblem

        spec = self._spec()
        if spec.feasible != "surplus" or isinstance(spec.disagreement, str) or spec.surplus is None:
            raise NotApplicableError(f"{self.file}: a symbolic bargaining problem needs feasible = 'surplus' and a "
                                     "disagreement pair of formulas")
        values = self.values(**overrides)
        self.negotiation_values(**overrides)  # every formula must evaluate at these values
        params = _used_values(values, [spec.surplus, *spec.disagreement])
        return BargainingProblem.transferable(spec.surplus, spec.disagreement, players=spec.parties,
                                              parameters=params or None, title=self.title)

    def power_report(self, **overrides: Any) -> Any:
        """The power report (:func:`negotiation.bargaining.power_report`) of the negotiation.

        Uses the status quo, the outside options, the threat point(s), the discount factors and
        the first proposer of the ``[negotiation]`` section, all evaluated at the defaults with
        ``overrides`` applied. With transferable utility the problem is symbolic, so the report
        includes each party's sensitivity to every parameter (sympy derivatives at these values).
        """
        from ..bargaining import power_report

        spec = self._spec()
        nv = self.negotiation_values(**overrides)
        values = self.values(**overrides)
        kwargs: dict[str, Any] = {"first_proposer": nv["first_proposer"], "players": spec.parties}
        if spec.feasible == "surplus" and not isinstance(spec.disagreement, str):
            problem = self.symbolic_bargaining_problem(**overrides)
            exprs: list[sympy.Expr] = [spec.surplus, *spec.disagreement]  # type: ignore[list-item]
            kwargs["status_quo"] = spec.disagreement
            if spec.outside_options is not None:
                kwargs["outside_options"] = spec.outside_options
                exprs += list(spec.outside_options)
            if spec.threat is not None:
                kwargs["threat"] = spec.threat
                exprs += list(spec.threat)
            elif spec.threats:
                kwargs["threat"] = dict(spec.threats)
                exprs += [e for p in spec.threats.values() for e in p]
            if nv["discount_factors"] is not None:
                kwargs["discount_factors"] = nv["discount_factors"]
            params = _used_values(values, exprs)
            if params:
                kwargs["parameters"] = params
            return power_report(problem, **kwargs)
        problem = self._status_quo_problem(overrides, nv)
        kwargs["status_quo"] = problem.disagreement
        for key in ("outside_options", "threat", "discount_factors"):
            if nv[key] is not None:
                kwargs[key] = nv[key]
        return power_report(problem, **kwargs)

    # ------------------------------------------------------------------ market and coalitions
    def market_values(self, **overrides: Any) -> dict[tuple[str, str], Number]:
        """``{(buyer, seller): value}`` of the ``[market]`` section at the given values."""
        if self.market is None:
            raise NotApplicableError(f"{self.file}: the scenario {self.name!r} has no [market] section")
        sv = symbol_values(self.values(**overrides))
        return {pair: evaluate_formula(expr, sv, file=self.file, field=f"market.pairs.'{pair[0]}/{pair[1]}'",
                                       what=f"the value of the pair {pair[0]}/{pair[1]}")
                for pair, expr in self.market.pairs.items()}

    def coalition_values(self, **overrides: Any) -> dict[frozenset[str], Number]:
        """``{coalition: value}`` of the ``[coalitions]`` section (unlisted coalitions are worth 0)."""
        if self.coalitions is None:
            raise NotApplicableError(f"{self.file}: the scenario {self.name!r} has no [coalitions] section")
        sv = symbol_values(self.values(**overrides))
        return {c: evaluate_formula(expr, sv, file=self.file, field=f"coalitions.values.'{'+'.join(sorted(c))}'",
                                    what=f"the value of coalition {'+'.join(sorted(c))}")
                for c, expr in self.coalitions.values.items()}

    # ------------------------------------------------------------------ output
    def to_dict(self) -> dict[str, Any]:
        """JSON-ready description of the scenario (formulas as text, exact numbers as ``"p/q"``)."""
        return {
            "name": self.name,
            "title": self.title,
            "description": self.description,
            "license": self.license,
            "assumptions": self.assumptions,
            "sequential": self.sequential,
            "sources": [s.to_dict() for s in self.sources],
            "parameters": {k: p.to_dict() for k, p in self.parameters.items()},
            "players": [p.to_dict() for p in self.players],
            "payoffs": {"/".join(k): [str(f) for f in v] for k, v in self.payoffs.items()},
            "negotiation": None if self.negotiation is None else self.negotiation.to_dict(),
            "market": None if self.market is None else self.market.to_dict(),
            "coalitions": None if self.coalitions is None else self.coalitions.to_dict(),
            "sha256": self.sha256,
        }

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Scenario):
            return NotImplemented
        return self.sha256 == other.sha256 and self.name == other.name

    def __hash__(self) -> int:
        return hash((self.name, self.sha256))

    def __repr__(self) -> str:
        shape = "x".join(map(str, self.shape))
        return (f"<Scenario {self.name!r} {shape} players={list(self.player_names)} "
                f"parameters={list(self.parameters)}>")


def _used_values(values: Mapping[str, Any], exprs: list[Any]) -> dict[str, Any]:
    used: set[str] = set()
    for e in exprs:
        if isinstance(e, sympy.Basic):
            used |= {s.name for s in e.free_symbols}
    return {k: v for k, v in values.items() if k in used}
