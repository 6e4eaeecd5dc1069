"""A full analysis of a negotiation in one call: :func:`analyze`.

Given a scenario (a bundled name, a path to a ``.toml`` file, or a loaded
:class:`~negotiation.scenarios.Scenario`) or a plain :class:`~negotiation.NormalFormGame`, the
analysis collects, in this order:

1. the scenario's metadata and the parameter values used (defaults with overrides applied);
2. the normal-form game at those values;
3. its Nash equilibria (:func:`negotiation.nash_equilibria`), each certified by its regret;
4. when that method does not settle which pure profiles are equilibria (Lemke–Howson, the
   zero-sum LP, any result not proven complete), a separate search of every pure profile, so the
   report never states a number of pure equilibria it did not compute;
5. iterated elimination of strictly dominated strategies;
6. when the scenario has a ``[negotiation]`` section: the bargaining problem, the classic
   bargaining solutions (Nash 1950; Kalai and Smorodinsky 1975; Kalai 1977, egalitarian;
   utilitarian) and the power report ("who holds the table"), with a check of each named threat
   against the game (:class:`~negotiation.credibility.ThreatCheck`);
7. when the scenario has a ``[market]`` section: its pair values and an efficient assignment
   (:class:`MarketSummary`);
8. caveats that qualify the results (a sequential game given in strategic form, a threat that is
   not credible or not checked, arithmetic that does not apply to every part);
9. provenance: package and library versions, the scenario file's SHA-256, the parameter values,
   and every method and option used (the method named is the one that produced the result).

The result is a frozen :class:`Analysis` whose :meth:`Analysis.to_dict` is stable JSON-ready
data: exact numbers as ``"p/q"`` strings, keys in a fixed order, no timestamps, so the same call
gives byte-identical JSON.

A part that does not apply (dominance on a game the method does not handle, bargaining at
parameter values where the parties have nothing to bargain over) is skipped with a note in
:attr:`Analysis.notes`; bad input (unknown parameter, out-of-range value, a method that does not
apply to the game) raises the package's input errors (:class:`~negotiation.errors.NegotiationError`
subclasses that are also :class:`ValueError`).

References
----------
Nash, J. (1950). "The bargaining problem". Econometrica 18(2).
Kalai, E. and Smorodinsky, M. (1975). "Other solutions to Nash's bargaining problem".
Econometrica 43(3).
Kalai, E. (1977). "Proportional solutions to bargaining situations: interpersonal utility
comparisons". Econometrica 45(7).

Examples
--------
>>> from negotiation import NormalFormGame
>>> from negotiation.analysis import analyze
>>> pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]],
...                                   actions=[["C", "D"], ["C", "D"]], title="Prisoner's dilemma")
>>> a = analyze(pd, method="pure")
>>> [e.supports for e in a.equilibria]
[(('D',), ('D',))]
>>> a.to_dict()["equilibria"]["equilibria"][0]["payoffs"]
{'Row': '1', 'Column': '1'}
"""

from __future__ import annotations

import inspect
import os
import platform
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from types import MappingProxyType
from typing import Any

from .coalitions.assignment import efficient_assignment
from .credibility import ThreatCheck, threat_checks
from .errors import BargainingError, DegenerateGameWarning, NotApplicableError
from .model.normal_form import NormalFormGame
from .numeric import decimal_exponent, to_fraction
from .provenance import package_version
from .report.numbers import jsonable
from .solvers import METHODS, nash_equilibria, solver
from .solvers._common import require_float_image
from .solvers.result import EquilibriumResult, Status

__all__ = [
    "Analysis",
    "MarketSummary",
    "ParameterValue",
    "ScenarioSummary",
    "ThreatCheck",
    "analyze",
    "efficient_assignment",
    "ARITHMETICS",
    "DOMINANCE_MODES",
]

#: Choices of ``arithmetic``: follow the payoffs, or force exact rationals or float64.
ARITHMETICS = ("auto", "exact", "float")
#: Choices of ``dominance``: elimination by pure or by mixed strategies, or none.
DOMINANCE_MODES = ("mixed", "pure", "none")
#: Version of the layout of :meth:`Analysis.to_dict` (bumped when keys change meaning). Version 2
#: added ``pure_search``, ``threat_checks``, ``market`` and ``caveats``, and the provenance's
#: equilibrium ``method`` became the method that produced the result (``requested`` is the one asked for).
FORMAT = "negotiation.analysis/2"
#: Largest game (number of pure profiles) on which the separate pure-equilibrium search is run.
PURE_SEARCH_LIMIT = 1_000_000
#: The note support enumeration leaves when it hands a degenerate game to vertex enumeration.
HANDED_TO_VERTEX_ENUMERATION = "solved by vertex enumeration instead"
#: Libraries whose versions go into the provenance.
LIBRARIES = ("numpy", "scipy", "sympy", "networkx", "nashpy")
#: Bargaining solutions computed for every bargaining problem, in report order.
BARGAINING_CONCEPTS = (
    ("nash", "nash_bargaining_solution"),
    ("kalai_smorodinsky", "kalai_smorodinsky_solution"),
    ("egalitarian", "egalitarian_solution"),
    ("utilitarian", "utilitarian_solution"),
)


@dataclass(frozen=True)
class ParameterValue:
    """A scenario parameter: the value used, its default, unit, range and meaning."""

    name: str
    value: Any
    default: Any
    unit: str = ""
    low: Any = None
    high: Any = None
    description: str = ""
    source: str | None = None

    @property
    def overridden(self) -> bool:
        """True when the value used differs from the default."""
        try:
            return bool(self.value != self.default)
        except TypeError:  # pragma: no cover - exotic values
            return str(self.value) != str(self.default)

    def to_dict(self) -> dict[str, Any]:
        return {
            "value": jsonable(self.value),
            "default": jsonable(self.default),
            "overridden": self.overridden,
            "unit": self.unit,
            "range": [jsonable(self.low), jsonable(self.high)],
            "description": self.description,
            "source": self.source,
        }


@dataclass(frozen=True)
class ScenarioSummary:
    """What an analysis records about the scenario it ran on (no file system paths)."""

    name: str
    title: str
    description: str = ""
    assumptions: str = ""
    license: str = ""
    file: str = ""
    sha256: str = ""
    sources: tuple[Mapping[str, Any], ...] = ()
    roles: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    negotiation: str = ""
    #: The scenario says its game is sequential (``sequential = true``) though given in strategic form.
    sequential: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "title": self.title,
            "description": self.description,
            "assumptions": self.assumptions,
            "license": self.license,
            "file": self.file,
            "sha256": self.sha256,
            "roles": dict(self.roles),
            "negotiation": self.negotiation,
            "sequential": self.sequential,
            "sources": [jsonable(dict(s)) for s in self.sources],
        }


@dataclass(frozen=True)
class MarketSummary:
    """The ``[market]`` section at the analysis' parameter values.

    Attributes
    ----------
    buyers, sellers:
        The two sides.
    values:
        ``{(buyer, seller): value}`` of the listed pairs.
    assignment:
        An efficient assignment: ``((buyer, seller, value), ...)`` maximising the total value over
        matchings of pairs with positive value (``()`` when none trades or it was not computed).
    total:
        Its total value (``None`` when not computed).
    unique:
        Whether it is the only efficient assignment (``None`` when not computed).
    note:
        Why the assignment was not computed, or ``""``.
    """

    buyers: tuple[str, ...]
    sellers: tuple[str, ...]
    values: Mapping[tuple[str, str], Any]
    assignment: tuple[tuple[str, str, Any], ...]
    total: Any
    unique: bool | None
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "buyers": list(self.buyers),
            "sellers": list(self.sellers),
            "values": {f"{b}/{s}": jsonable(v) for (b, s), v in self.values.items()},
            "assignment": [{"buyer": b, "seller": s, "value": jsonable(v)} for b, s, v in self.assignment],
            "total": jsonable(self.total),
            "unique": self.unique,
            "note": self.note,
        }


@dataclass(frozen=True, eq=False)
class Analysis:
    """Everything :func:`analyze` found, with the inputs and options that produced it.

    Attributes
    ----------
    game:
        The normal-form game analysed (in the arithmetic used).
    equilibria:
        The solver's :class:`~negotiation.EquilibriumResult`.
    dominance:
        The :class:`~negotiation.solvers.dominance.DominanceResult`, or ``None`` when skipped.
    scenario:
        Scenario metadata (``None`` for a plain game).
    parameters:
        The parameter values used, in the scenario's order.
    problem:
        The bargaining problem (``None`` without a ``[negotiation]`` section).
    bargaining:
        ``{concept: BargainingSolution}`` in :data:`BARGAINING_CONCEPTS` order.
    power:
        The :class:`~negotiation.bargaining.PowerReport`, or ``None``.
    options:
        The options of the call (arithmetic, method, dominance, overrides).
    notes:
        What was skipped and why, and solver warnings (degeneracy).
    pure_search:
        A separate search of every pure profile (an :class:`~negotiation.EquilibriumResult` of
        method ``"pure"``) when the equilibrium method does not settle the pure equilibria, else
        ``None`` (see :attr:`pure_equilibria`).
    threat_checks:
        One :class:`ThreatCheck` per threat of the ``[negotiation]`` section.
    market:
        The :class:`MarketSummary` of a ``[market]`` section, or ``None``.
    caveats:
        Statements that qualify the results (shown in every report format).
    """

    game: NormalFormGame
    equilibria: EquilibriumResult
    dominance: Any = None
    scenario: ScenarioSummary | None = None
    parameters: tuple[ParameterValue, ...] = ()
    problem: Any = None
    bargaining: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    power: Any = None
    options: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    notes: tuple[str, ...] = ()
    pure_search: EquilibriumResult | None = None
    threat_checks: tuple[ThreatCheck, ...] = ()
    market: MarketSummary | None = None
    caveats: tuple[str, ...] = ()

    @property
    def solved_by(self) -> str:
        """The method that produced :attr:`equilibria` (support enumeration hands degenerate games
        to vertex enumeration and says so in a note)."""
        res = self.equilibria
        if res.method == "support_enumeration" and any(HANDED_TO_VERTEX_ENUMERATION in n for n in res.notes):
            return "vertex_enumeration"
        return res.method

    @property
    def pure_equilibria(self) -> tuple[Any, ...] | None:
        """Every pure Nash equilibrium when they are known, else ``None``.

        Known when the method searched every pure profile (``"pure"``), when the result is
        complete (every pure equilibrium is an extreme equilibrium, so a complete list has them
        all), or from :attr:`pure_search`.
        """
        if self.pure_search is not None:
            return self.pure_search.pure
        if self.equilibria.method == "pure" or self.equilibria.status is Status.COMPLETE:
            return self.equilibria.pure
        return None

    @property
    def title(self) -> str:
        """The scenario title, else the game's title, else ``"Game"``."""
        if self.scenario is not None and self.scenario.title:
            return self.scenario.title
        return self.game.title or "Game"

    @property
    def parameter_values(self) -> dict[str, Any]:
        """``{name: value}`` of the parameters used."""
        return {p.name: p.value for p in self.parameters}

    # ------------------------------------------------------------------ serialization
    def provenance(self) -> dict[str, Any]:
        """Versions, scenario hash, parameters, methods and options: what produced this analysis."""
        versions = {"negotiation": package_version(), "python": platform.python_version()}
        for lib in LIBRARIES:
            versions[lib] = package_version(lib)
        methods: dict[str, Any] = {
            "equilibria": {
                "method": self.solved_by,
                "requested": self.options.get("method", self.equilibria.method),
                "arithmetic": self.equilibria.arithmetic,
                "options": jsonable(dict(self.equilibria.options)),
            },
            "pure_search": None
            if self.pure_search is None
            else {
                "method": self.pure_search.method,
                "arithmetic": self.pure_search.arithmetic,
                "options": jsonable(dict(self.pure_search.options)),
            },
            "dominance": _dominance_method(self.dominance, self.options),
            "bargaining": self.bargaining_concepts,
            "bargaining_arithmetic": _bargaining_arithmetic(self.bargaining),
            "power_report": self.power is not None,
        }
        return {
            "versions": versions,
            "scenario": None
            if self.scenario is None
            else {"name": self.scenario.name, "file": self.scenario.file, "sha256": self.scenario.sha256},
            "game_digest": self.game.digest(),
            "parameters": {p.name: jsonable(p.value) for p in self.parameters},
            "methods": methods,
            "options": jsonable(dict(self.options)),
        }

    @property
    def dominance_tolerances(self) -> tuple[float, ...] | None:
        """In float arithmetic, each player's payoff margin below which iterated elimination treats its
        payoffs as equal: ``rtol`` times that player's payoff range (:meth:`NormalFormGame.tolerances`);
        ``None`` for exact games or without dominance."""
        dom = self.dominance
        if dom is None or getattr(dom, "arithmetic", "exact") != "float":
            return None
        rtol = float(dict(getattr(dom, "options", {}) or {}).get("rtol", 0.0))
        return self.game.tolerances(rtol)

    @property
    def dominance_tolerance(self) -> float | None:
        """The largest of :attr:`dominance_tolerances` (``None`` when they are)."""
        tols = self.dominance_tolerances
        return None if tols is None else max(tols)

    @property
    def bargaining_concepts(self) -> list[str]:
        """Every bargaining concept the report shows: the classic four, then the power report's
        additions (Nash's threat solution, Rubinstein)."""
        names = list(self.bargaining)
        if self.power is not None:
            names += [c for c in getattr(self.power, "concepts", ()) if c not in names]
        return names

    def to_dict(self) -> dict[str, Any]:
        """Stable JSON-ready form (exact numbers as ``"p/q"``; fixed key order; no timestamps)."""
        eq = _equilibria_dict(self.equilibria)
        return {
            "format": FORMAT,
            "title": self.title,
            "scenario": self.scenario.to_dict() if self.scenario is not None else None,
            "parameters": {p.name: p.to_dict() for p in self.parameters},
            "game": game_to_dict(self.game),
            "equilibria": jsonable(eq),
            "pure_search": None if self.pure_search is None else jsonable(_equilibria_dict(self.pure_search)),
            "dominance": dominance_to_dict(self.dominance, self.dominance_tolerances, self.game.players),
            "bargaining": None
            if self.problem is None
            else {
                "problem": _object_dict(self.problem),
                "solutions": {k: _object_dict(v) for k, v in self.bargaining.items()},
            },
            "power_report": jsonable(self.power.to_dict()) if self.power is not None else None,
            "threat_checks": [c.to_dict() for c in self.threat_checks],
            "market": None if self.market is None else self.market.to_dict(),
            "caveats": list(self.caveats),
            "notes": list(self.notes),
            "provenance": self.provenance(),
        }

    def __repr__(self) -> str:
        parts = [f"{len(self.equilibria)} equilibria ({self.equilibria.status.value})"]
        if self.bargaining:
            parts.append(f"{len(self.bargaining)} bargaining solutions")
        if self.power is not None:
            parts.append("power report")
        return f"<Analysis {self.title!r}: {', '.join(parts)}>"


# ---------------------------------------------------------------------- serialization helpers
def game_to_dict(game: NormalFormGame) -> dict[str, Any]:
    """JSON-ready description of a game: players, actions, arithmetic, digest and payoffs.

    ``payoffs[player]`` is nested lists over the players' actions (``payoffs[i][a_0][a_1]...``).
    """
    return {
        "title": game.title,
        "players": list(game.players),
        "actions": {name: list(acts) for name, acts in zip(game.players, game.actions, strict=True)},
        "arithmetic": game.arithmetic,
        "digest": game.digest(),
        "payoffs": {name: jsonable(game.payoffs[i]) for i, name in enumerate(game.players)},
    }


def _equilibria_dict(result: EquilibriumResult) -> dict[str, Any]:
    eq = result.to_dict()
    for entry, e in zip(eq["equilibria"], result.equilibria, strict=True):
        entry["supports"] = {name: list(s) for name, s in zip(e.players, e.supports, strict=True)}
    return eq


def dominance_to_dict(result: Any, tolerances: Sequence[float] | None = None, players: Sequence[str] = ()) -> Any:
    """JSON-ready form of a dominance result (its own ``to_dict`` when it has one); ``tolerances``
    (float games, one per player) are added as ``absolute_tolerances`` (by player) and their largest as
    ``absolute_tolerance``."""
    if result is None:
        return None
    if callable(getattr(result, "to_dict", None)):
        data = jsonable(result.to_dict())
        if tolerances is not None:
            data["absolute_tolerance"] = max(tolerances)
            data["absolute_tolerances"] = dict(zip(players, tolerances, strict=True))
        return data
    surviving = getattr(result, "surviving", None)
    steps = getattr(result, "steps", ())
    return {
        "surviving": jsonable(surviving),
        "steps": [jsonable(s) for s in steps],
    }


def _object_dict(obj: Any) -> Any:
    return jsonable(obj.to_dict()) if callable(getattr(obj, "to_dict", None)) else jsonable(obj)


def _bargaining_arithmetic(solutions: Mapping[str, Any]) -> str | None:
    kinds = sorted({str(getattr(sol, "arithmetic", "")) for sol in solutions.values()} - {""})
    return None if not kinds else kinds[0] if len(kinds) == 1 else "mixed"


def _dominance_method(result: Any, options: Mapping[str, Any]) -> Any:
    mode = options.get("dominance", "none")
    if result is None or mode == "none":
        return None
    return {"function": "iterated_elimination", "by": mode, "strict": True}


# ---------------------------------------------------------------------- the analysis
def analyze(
    scenario_or_game: Any,
    *,
    overrides: Mapping[str, Any] | None = None,
    arithmetic: str = "auto",
    method: str = "auto",
    dominance: str = "mixed",
    bargaining: bool = True,
) -> Analysis:
    """Analyse a scenario or a game: equilibria, dominance, bargaining and the power report.

    Parameters
    ----------
    scenario_or_game:
        A bundled scenario name (``"compute_deal"``), a path to a scenario ``.toml`` file, a
        loaded :class:`~negotiation.scenarios.Scenario`, or a :class:`~negotiation.NormalFormGame`.
    overrides:
        ``{parameter: value}`` replacing scenario defaults, read exactly (see Notes). Not
        allowed with a plain game.
    arithmetic:
        ``"auto"`` follows the payoffs (exact rationals give exact equilibria), ``"exact"``
        forces exact rationals (floats become their exact binary values), ``"float"`` forces
        float64.
    method:
        ``"auto"`` or a method of :data:`negotiation.solvers.METHODS`.
    dominance:
        ``"mixed"`` (default), ``"pure"`` or ``"none"``: iterated elimination of strictly
        dominated strategies by mixed or pure strategies, or none.
    bargaining:
        Compute the bargaining solutions and the power report when the scenario has a
        ``[negotiation]`` section (ignored for plain games).

    Returns
    -------
    Analysis

    Notes
    -----
    String overrides are parsed exactly with :func:`negotiation.numeric.to_fraction`; a Python
    ``float`` override is converted through its decimal text (``1.25`` becomes 5/4, ``0.1``
    becomes 1/10) because a user typing 0.1 means one tenth.

    Examples
    --------
    >>> from negotiation import NormalFormGame
    >>> g = NormalFormGame.from_bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]], title="Battle of the sexes")
    >>> a = analyze(g, method="pure", dominance="none")
    >>> [e.supports for e in a.equilibria]
    [(('a0',), ('a0',)), (('a1',), ('a1',))]
    """
    if arithmetic not in ARITHMETICS:
        raise ValueError(f"arithmetic must be one of {ARITHMETICS}, got {arithmetic!r}")
    if dominance not in DOMINANCE_MODES:
        raise ValueError(f"dominance must be one of {DOMINANCE_MODES}, got {dominance!r}")
    if method != "auto" and method not in METHODS:
        raise ValueError(f"unknown method {method!r}; choose from {['auto', *sorted(METHODS)]}")
    notes: list[str] = []
    clean_overrides = {str(k): _exact_override(k, v) for k, v in (overrides or {}).items()}

    scenario = None
    market = None
    if isinstance(scenario_or_game, NormalFormGame):
        if clean_overrides:
            raise ValueError(
                f"overrides {sorted(clean_overrides)} given for a plain game; only scenarios have parameters"
            )
        game = scenario_or_game
    else:
        scenario = _as_scenario(scenario_or_game)
        game = scenario.game(**clean_overrides)
        # a value undefined at these parameters (e.g. 1/(x-1) at x = 1) is bad input: evaluate both
        # optional sections so that it is reported
        if scenario.market is not None:
            market = _market_summary(scenario, clean_overrides)
        if scenario.coalitions is not None:
            scenario.coalition_values(**clean_overrides)
            notes.append(
                "the [coalitions] section is not analysed by this report (its values were only checked to be "
                "defined at these parameter values)"
            )
    summary, params = _scenario_summary(scenario, clean_overrides) if scenario is not None else (None, ())
    base_game = game

    if arithmetic == "float":
        require_float_image(game, "float arithmetic")
        game = game.to_float()
    elif arithmetic == "exact":
        game = game.to_exact()

    equilibria = _solve(game, method, arithmetic, notes)
    pure_search = _pure_search(game, equilibria, arithmetic, notes)
    dom = _dominance(game, dominance, notes)

    problem = None
    solutions: dict[str, Any] = {}
    power = None
    checks: tuple[ThreatCheck, ...] = ()
    if scenario is not None and bargaining:
        problem, solutions, power = _bargaining(scenario, clean_overrides, notes)
        if power is not None:
            checks = threat_checks(scenario, base_game, clean_overrides)

    options = {
        "arithmetic": arithmetic,
        "method": method,
        "dominance": dominance,
        "bargaining": bool(bargaining),
        "overrides": {k: clean_overrides[k] for k in sorted(clean_overrides)},
    }
    caveats = _caveats(summary, checks, arithmetic, solutions, power)
    return Analysis(
        game=game,
        equilibria=equilibria,
        dominance=dom,
        scenario=summary,
        parameters=params,
        problem=problem,
        bargaining=MappingProxyType(solutions),
        power=power,
        options=MappingProxyType(options),
        notes=tuple(notes),
        pure_search=pure_search,
        threat_checks=checks,
        market=market,
        caveats=tuple(caveats),
    )


#: Longest text accepted for a number given on the command line or as an override.
MAX_NUMBER_TEXT = 100
#: Largest decimal exponent accepted in such a number (``1e400`` is fine, ``1e100000000`` is not).
MAX_EXPONENT = 1000


def read_exact(text: str) -> Fraction:
    """An exact number from text (``"1.25"`` is 5/4, ``"1/3"`` one third, ``"2e-3"`` 1/500).

    Refuses (:class:`ValueError`) text that is not a number, longer than :data:`MAX_NUMBER_TEXT`
    characters, or with a decimal exponent beyond :data:`MAX_EXPONENT` (which would make Python
    build a huge integer before any range check could run).

    Examples
    --------
    >>> read_exact("1.25"), read_exact(" 1/3 "), read_exact("2e-3")
    (Fraction(5, 4), Fraction(1, 3), Fraction(1, 500))
    """
    text = str(text).strip()
    if len(text) > MAX_NUMBER_TEXT:
        raise ValueError(f"a number of {len(text)} characters is too long (at most {MAX_NUMBER_TEXT})")
    exponent = decimal_exponent(text)
    if exponent is not None and abs(exponent) > MAX_EXPONENT:
        raise ValueError(f"exponent {exponent} is out of range (|exponent| <= {MAX_EXPONENT})")
    return to_fraction(text)


def _exact_override(name: object, value: object) -> Any:
    """An override value as an exact number where it is one (floats through their decimal text)."""
    if not isinstance(name, str) or not name.isidentifier():
        raise ValueError(f"parameter name must be an identifier, got {name!r}")
    if isinstance(value, bool):
        raise ValueError(f"parameter {name!r}: a boolean is not a number ({value!r})")
    if isinstance(value, float):
        value = repr(value)
    if isinstance(value, str):
        try:
            return read_exact(value)
        except ValueError as exc:
            raise ValueError(f"parameter {name!r}: {value!r} is not a usable number ({exc})") from None
    return value


def _as_scenario(obj: Any) -> Any:
    if isinstance(obj, (str, os.PathLike)):
        from .scenarios import load_scenario

        return load_scenario(obj)
    if callable(getattr(obj, "game", None)) and hasattr(obj, "parameters"):
        return obj
    raise TypeError(f"expected a scenario name, a path, a Scenario or a NormalFormGame; got {type(obj).__name__}")


def _scenario_summary(
    scenario: Any, overrides: Mapping[str, Any]
) -> tuple[ScenarioSummary, tuple[ParameterValue, ...]]:
    values = scenario.values(**overrides)
    declared = getattr(scenario, "parameters", {}) or {}
    params = []
    for name in declared:
        spec = declared[name]
        params.append(
            ParameterValue(
                name=name,
                value=values[name],
                default=getattr(spec, "default", None),
                unit=str(getattr(spec, "unit", "") or ""),
                low=getattr(spec, "low", None),
                high=getattr(spec, "high", None),
                description=str(getattr(spec, "description", "") or ""),
                source=getattr(spec, "source", None),
            )
        )
    path = getattr(scenario, "path", None)
    summary = ScenarioSummary(
        name=str(getattr(scenario, "name", "")),
        title=str(getattr(scenario, "title", "") or ""),
        description=str(getattr(scenario, "description", "") or ""),
        assumptions=str(getattr(scenario, "assumptions", "") or ""),
        license=str(getattr(scenario, "license", "") or ""),
        file=Path(str(path)).name if path else "",
        sha256=str(getattr(scenario, "sha256", "") or ""),
        sources=tuple(_source_dict(s) for s in (getattr(scenario, "sources", ()) or ())),
        roles=MappingProxyType(
            {str(p.name): str(getattr(p, "role", "") or "") for p in (getattr(scenario, "players", ()) or ())}
        ),
        negotiation=str(getattr(getattr(scenario, "negotiation", None), "description", "") or ""),
        sequential=bool(getattr(scenario, "sequential", False)),
    )
    return summary, tuple(params)


def _source_dict(source: Any) -> Mapping[str, Any]:
    if isinstance(source, Mapping):
        return dict(source)
    if callable(getattr(source, "to_dict", None)):
        return source.to_dict()
    keys = ("id", "citation", "url", "supports")
    return {k: getattr(source, k) for k in keys if getattr(source, k, None) is not None}


def _solve(game: NormalFormGame, method: str, arithmetic: str, notes: list[str]) -> EquilibriumResult:
    from .solvers import auto_method

    chosen = auto_method(game) if method == "auto" else method
    options: dict[str, Any] = {}
    if arithmetic != "auto":
        accepts = "arithmetic" in inspect.signature(solver(chosen)).parameters
        if accepts:
            options["arithmetic"] = arithmetic
        elif arithmetic == "exact":
            raise NotApplicableError(
                f"method {chosen!r} has no exact arithmetic; drop --exact or choose another method"
            )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        # "auto" passed on, so that nash_equilibria applies its own defaults too (any label for Lemke-Howson)
        result = nash_equilibria(game, method, **options)
    if result.degenerate:  # the result says so itself; keep other warnings
        caught = [w for w in caught if not issubclass(w.category, DegenerateGameWarning)]
    _record_warnings(caught, notes)
    return result


def _pure_search(
    game: NormalFormGame, result: EquilibriumResult, arithmetic: str, notes: list[str]
) -> EquilibriumResult | None:
    """Every pure equilibrium, by the vectorized search, when ``result`` does not settle them.

    A complete result lists every extreme equilibrium and every pure equilibrium is one (its
    support of one action per player is a vertex of the best-response polytopes), so only results
    that are not complete need the search; ``"pure"`` is the search itself.
    """
    if result.method == "pure" or result.status is Status.COMPLETE:
        return None
    profiles = 1
    for k in game.shape:
        profiles *= k
    if profiles > PURE_SEARCH_LIMIT:
        notes.append(
            f"pure equilibria were not searched separately: {profiles} pure profiles exceed the limit of "
            f"{PURE_SEARCH_LIMIT}; the number of pure equilibria is not known"
        )
        return None
    from .solvers.pure import pure_nash_equilibria

    return pure_nash_equilibria(game, arithmetic=arithmetic)


def _dominance(game: NormalFormGame, mode: str, notes: list[str]) -> Any:
    if mode == "none":
        return None
    try:
        from .solvers.dominance import iterated_elimination
    except ImportError:  # pragma: no cover - the dominance module is part of the package
        notes.append("dominance: iterated_elimination is not available in this installation")
        return None
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            result = iterated_elimination(game, by=mode)
        except NotApplicableError as exc:
            notes.append(f"dominance by {mode} strategies skipped: {exc}")
            result = None
    _record_warnings(caught, notes)
    return result


def _bargaining(scenario: Any, overrides: Mapping[str, Any], notes: list[str]) -> tuple[Any, dict[str, Any], Any]:
    if not _has_negotiation(scenario):
        notes.append("the scenario has no [negotiation] section: no bargaining problem or power report")
        return None, {}, None
    from . import bargaining as bargaining_module

    try:
        problem = scenario.bargaining_problem(**overrides)
    except BargainingError as exc:
        notes.append(f"no bargaining problem at these parameter values: {exc}")
        return None, {}, None
    solutions: dict[str, Any] = {}
    for concept, func_name in BARGAINING_CONCEPTS:
        func = getattr(bargaining_module, func_name)
        try:
            solutions[concept] = func(problem)
        except (BargainingError, NotApplicableError) as exc:
            notes.append(f"{concept} bargaining solution not computed: {exc}")
    try:
        power = scenario.power_report(**overrides)
    except (BargainingError, NotApplicableError) as exc:
        notes.append(f"power report not computed: {exc}")
        power = None
    return problem, solutions, power


def _has_negotiation(scenario: Any) -> bool:
    for attr in ("negotiation", "negotiation_spec", "has_negotiation"):
        if hasattr(scenario, attr):
            value = getattr(scenario, attr)
            return bool(value() if callable(value) else value)
    return True


def _record_warnings(caught: list[warnings.WarningMessage], notes: list[str]) -> None:
    for w in caught:
        text = f"{w.category.__name__}: {w.message}"
        if text not in notes:
            notes.append(text)


# ---------------------------------------------------------------------- market
def _market_summary(scenario: Any, overrides: Mapping[str, Any]) -> MarketSummary:
    values = scenario.market_values(**overrides)
    spec = scenario.market
    buyers, sellers = tuple(spec.buyers), tuple(spec.sellers)
    try:
        assignment, total, unique = efficient_assignment(values, buyers, sellers)
        note = ""
    except NotApplicableError as exc:
        assignment, total, unique, note = (), None, None, str(exc)
    return MarketSummary(buyers, sellers, MappingProxyType(dict(values)), assignment, total, unique, note)


# ---------------------------------------------------------------------- caveats
def _caveats(
    summary: ScenarioSummary | None,
    checks: Sequence[ThreatCheck],
    arithmetic: str,
    solutions: Mapping[str, Any],
    power: Any,
) -> list[str]:
    out: list[str] = []
    if summary is not None and summary.sequential:
        bargaining = (
            ", and the bargaining outcomes are those of the [negotiation] section's problem, not predictions of "
            "the sequential game" if solutions or power is not None else ""
        )
        out.append(
            "The scenario's game is sequential but given in strategic form: its Nash equilibria may include "
            "ones that are not subgame perfect (resting on moves that would not be made once reached; subgame "
            f"perfection is not checked here){bargaining}."
        )
    out += [c.summary for c in checks if c.verdict != "credible"]
    kind = _bargaining_arithmetic(solutions)
    if arithmetic == "float" and (solutions or power is not None) and kind != "float":
        out.append(
            "Float arithmetic applies to the equilibria and dominance only: the bargaining solutions and the "
            f"power report use the scenario's values as given ({kind or 'exact'} arithmetic here)."
        )
    return out
