"""A full analysis of a negotiation in one call: :func:`analyze`.

Given a scenario (a bundled name, a path to a ``.toml`` file, or a loaded
:class:`~negotiation.scenarios.Scenario`) or a plain :class:`~negotiation.NormalFormGame`, the
analysis collects, in this order:

1. the scenario's metadata and the parameter values used (defaults with overrides applied);
2. the normal-form game at those values;
3. its Nash equilibria (:func:`negotiation.nash_equilibria`), each certified by its regret;
4. iterated elimination of strictly dominated strategies;
5. when the scenario has a ``[negotiation]`` section: the bargaining problem, the classic
   bargaining solutions (Nash 1950; Kalai and Smorodinsky 1975; Kalai 1977, egalitarian;
   utilitarian) and the power report ("who holds the table");
6. provenance: package and library versions, the scenario file's SHA-256, the parameter values,
   and every method and option used.

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
from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from types import MappingProxyType
from typing import Any

from .errors import BargainingError, DegenerateGameWarning, NotApplicableError
from .model.normal_form import NormalFormGame
from .numeric import decimal_exponent, to_fraction
from .provenance import package_version
from .report.numbers import jsonable
from .solvers import METHODS, nash_equilibria, solver
from .solvers.result import EquilibriumResult

__all__ = ["Analysis", "ParameterValue", "ScenarioSummary", "analyze", "ARITHMETICS", "DOMINANCE_MODES"]

#: Choices of ``arithmetic``: follow the payoffs, or force exact rationals or float64.
ARITHMETICS = ("auto", "exact", "float")
#: Choices of ``dominance``: elimination by pure or by mixed strategies, or none.
DOMINANCE_MODES = ("mixed", "pure", "none")
#: Version of the layout of :meth:`Analysis.to_dict` (bumped when keys change meaning).
FORMAT = "negotiation.analysis/1"
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
            "sources": [jsonable(dict(s)) for s in self.sources],
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
                "method": self.equilibria.method,
                "arithmetic": self.equilibria.arithmetic,
                "options": jsonable(dict(self.equilibria.options)),
            },
            "dominance": _dominance_method(self.dominance, self.options),
            "bargaining": list(self.bargaining),
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

    def to_dict(self) -> dict[str, Any]:
        """Stable JSON-ready form (exact numbers as ``"p/q"``; fixed key order; no timestamps)."""
        eq = self.equilibria.to_dict()
        for entry, e in zip(eq["equilibria"], self.equilibria.equilibria, strict=True):
            entry["supports"] = {name: list(s) for name, s in zip(e.players, e.supports, strict=True)}
        return {
            "format": FORMAT,
            "title": self.title,
            "scenario": self.scenario.to_dict() if self.scenario is not None else None,
            "parameters": {p.name: p.to_dict() for p in self.parameters},
            "game": game_to_dict(self.game),
            "equilibria": jsonable(eq),
            "dominance": dominance_to_dict(self.dominance),
            "bargaining": None
            if self.problem is None
            else {
                "problem": _object_dict(self.problem),
                "solutions": {k: _object_dict(v) for k, v in self.bargaining.items()},
            },
            "power_report": jsonable(self.power.to_dict()) if self.power is not None else None,
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


def dominance_to_dict(result: Any) -> Any:
    """JSON-ready form of a dominance result (its own ``to_dict`` when it has one)."""
    if result is None:
        return None
    if callable(getattr(result, "to_dict", None)):
        return jsonable(result.to_dict())
    surviving = getattr(result, "surviving", None)
    steps = getattr(result, "steps", ())
    return {
        "surviving": jsonable(surviving),
        "steps": [jsonable(s) for s in steps],
    }


def _object_dict(obj: Any) -> Any:
    return jsonable(obj.to_dict()) if callable(getattr(obj, "to_dict", None)) else jsonable(obj)


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
    if isinstance(scenario_or_game, NormalFormGame):
        if clean_overrides:
            raise ValueError(
                f"overrides {sorted(clean_overrides)} given for a plain game; only scenarios have parameters"
            )
        game = scenario_or_game
    else:
        scenario = _as_scenario(scenario_or_game)
        game = scenario.game(**clean_overrides)
        # [market] and [coalitions] are not analysed here, but a value undefined at these parameters
        # (e.g. 1/(x-1) at x = 1) is bad input all the same: evaluate them so that it is reported
        if scenario.market is not None:
            scenario.market_values(**clean_overrides)
        if scenario.coalitions is not None:
            scenario.coalition_values(**clean_overrides)
    summary, params = _scenario_summary(scenario, clean_overrides) if scenario is not None else (None, ())

    if arithmetic == "float":
        game = game.to_float()
    elif arithmetic == "exact":
        game = game.to_exact()

    equilibria = _solve(game, method, arithmetic, notes)
    dom = _dominance(game, dominance, notes)

    problem = None
    solutions: dict[str, Any] = {}
    power = None
    if scenario is not None and bargaining:
        problem, solutions, power = _bargaining(scenario, clean_overrides, notes)

    options = {
        "arithmetic": arithmetic,
        "method": method,
        "dominance": dominance,
        "bargaining": bool(bargaining),
        "overrides": {k: clean_overrides[k] for k in sorted(clean_overrides)},
    }
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
        result = nash_equilibria(game, chosen, **options)
    if result.degenerate:  # the result says so itself; keep other warnings
        caught = [w for w in caught if not issubclass(w.category, DegenerateGameWarning)]
    _record_warnings(caught, notes)
    return result


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

