"""The scenario file format: validation of a parsed TOML document into immutable parts.

:func:`build_parts` checks every table and key of a scenario document (as returned by
:func:`tomllib.loads`) and returns the validated pieces that
:class:`~negotiation.scenarios.model.Scenario` is made of. It is strict: unknown keys (typos)
are errors with a suggestion, every value has its type checked, every payoff profile must be
present exactly once, and every formula is parsed (safely, see
:mod:`negotiation.scenarios.formula`) before anything is returned, so a scenario is either
built whole or not at all. Every error is a :class:`~negotiation.errors.ScenarioError` (or its
subclass :class:`~negotiation.errors.FormulaError`) naming the file, the dotted field and the
offending value. The format is documented, with a complete example, in ``games/README.md``.
"""

from __future__ import annotations

import difflib
import itertools
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from decimal import Decimal
from fractions import Fraction
from typing import Any

import sympy

from .._frozen import FrozenMap
from ..errors import ScenarioError
from ..numeric import format_number, to_fraction
from .evaluate import MAX_CONSTANT, EvaluationError, Number, evaluate
from .formula import FormulaBudget, is_valid_name, parameter_symbol, parse_formula
from .numtext import read_number_text

__all__ = [
    "FrozenMap",
    "Source",
    "Parameter",
    "Player",
    "NegotiationSpec",
    "MarketSpec",
    "CoalitionSpec",
    "ScenarioParts",
    "build_parts",
    "resolve_values",
    "evaluate_formula",
    "MAX_PLAYERS",
    "MAX_ACTIONS",
    "MAX_PROFILES",
    "MAX_PARAMETERS",
]

MAX_PLAYERS = 10
MAX_ACTIONS = 100
MAX_PROFILES = 10_000
MAX_PARAMETERS = 200
MAX_SOURCES = 100
MAX_MARKET_SIDE = 50
MAX_TEXT = 20_000
MAX_LABEL = 64

_SCENARIO_NAME = re.compile(r"[a-z][a-z0-9_]{0,63}\Z")
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.\-]{0,63}\Z")
_ROLE = re.compile(r"[a-z][a-z0-9_]{0,63}\Z")

TOP_LEVEL = ("scenario", "sources", "parameters", "players", "payoffs", "negotiation", "market", "coalitions")
SCENARIO_KEYS = ("name", "title", "description", "license", "assumptions", "sequential")
SOURCE_KEYS = ("id", "citation", "url", "supports")
PARAMETER_KEYS = ("default", "unit", "range", "description", "source")
PLAYER_KEYS = ("name", "role", "actions")
NEGOTIATION_KEYS = (
    "parties", "feasible", "surplus", "disagreement", "outside_options", "discount_factors", "discount_rates",
    "period_length", "first_proposer", "threat", "description",
)
MARKET_KEYS = ("description", "buyers", "sellers", "roles", "pairs")
COALITION_KEYS = ("description", "players", "values")


@dataclass(frozen=True)
class Source:
    """A source a scenario's numbers rest on: ``id``, ``citation``, optional ``url`` and what it
    ``supports``."""

    id: str
    citation: str
    url: str | None = None
    supports: str = ""

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "citation": self.citation}
        if self.url:
            out["url"] = self.url
        if self.supports:
            out["supports"] = self.supports
        return out


@dataclass(frozen=True)
class Parameter:
    """A named parameter: exact default, unit, allowed range ``[low, high]`` (``None``: unbounded),
    one-line meaning, and the id of the source it rests on."""

    name: str
    default: Fraction
    unit: str = ""
    low: Fraction | None = None
    high: Fraction | None = None
    description: str = ""
    source: str | None = None

    @property
    def symbol(self) -> sympy.Symbol:
        return parameter_symbol(self.name)

    def to_dict(self) -> dict[str, Any]:
        return {
            "default": format_number(self.default),
            "unit": self.unit,
            "range": None if self.low is None and self.high is None else [
                None if self.low is None else format_number(self.low),
                None if self.high is None else format_number(self.high),
            ],
            "description": self.description,
            "source": self.source,
        }


@dataclass(frozen=True)
class Player:
    """A player of the scenario's game: name, role (e.g. ``"lab"``, ``"compute_owner"``), actions."""

    name: str
    role: str
    actions: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "role": self.role, "actions": list(self.actions)}


Pair = tuple[sympy.Expr, sympy.Expr]


@dataclass(frozen=True)
class NegotiationSpec:
    """The ``[negotiation]`` section: who bargains over what, and with which fallbacks.

    Attributes
    ----------
    parties:
        The two bargaining players (names of the scenario's players), in the order every pair
        below uses.
    feasible:
        ``"game"`` (the convex hull of the parties' payoff pairs in the game) or ``"surplus"``
        (transferable utility: ``u0 + u1 <= surplus``).
    surplus:
        The surplus formula (``feasible == "surplus"`` only).
    disagreement:
        A pair of formulas, or ``"security"`` / ``"nash_threat"`` (two-player games only).
    outside_options, discount_factors, threat:
        Pairs of formulas, or ``None``. ``threat`` is the disagreement point if the other side
        carries out its repricing or pull-out threat; ``threats`` holds per-party threat points
        (``{party: pair}``) when the file gives a table instead of one pair.
    discount_rates, period_length:
        Alternative to ``discount_factors``: ``delta_i = exp(-r_i * period_length)``.
    first_proposer:
        The party who makes the first offer (index into ``parties``).
    """

    parties: tuple[str, str]
    feasible: str
    surplus: sympy.Expr | None
    disagreement: Pair | str
    outside_options: Pair | None
    discount_factors: Pair | None
    discount_rates: Pair | None
    period_length: sympy.Expr | None
    first_proposer: int
    threat: Pair | None
    threats: Mapping[str, Pair]
    description: str = ""

    def to_dict(self) -> dict[str, Any]:
        def pair(p: Any) -> Any:
            return None if p is None else (p if isinstance(p, str) else [str(p[0]), str(p[1])])

        return {
            "parties": list(self.parties),
            "feasible": self.feasible,
            "surplus": None if self.surplus is None else str(self.surplus),
            "disagreement": pair(self.disagreement),
            "outside_options": pair(self.outside_options),
            "discount_factors": pair(self.discount_factors),
            "discount_rates": pair(self.discount_rates),
            "period_length": None if self.period_length is None else str(self.period_length),
            "first_proposer": self.parties[self.first_proposer],
            "threat": pair(self.threat),
            "threats": {k: pair(v) for k, v in self.threats.items()},
            "description": self.description,
        }


@dataclass(frozen=True)
class MarketSpec:
    """The ``[market]`` section: two sides (e.g. labs and compute owners) and pair values.

    ``pairs`` maps ``(buyer, seller)`` to the formula of the value that pair creates if matched;
    pairs not listed cannot trade. ``roles`` maps participant names to roles.
    """

    buyers: tuple[str, ...]
    sellers: tuple[str, ...]
    roles: Mapping[str, str]
    pairs: Mapping[tuple[str, str], sympy.Expr]
    description: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "description": self.description,
            "buyers": list(self.buyers),
            "sellers": list(self.sellers),
            "roles": dict(self.roles),
            "pairs": {f"{b}/{s}": str(v) for (b, s), v in self.pairs.items()},
        }


@dataclass(frozen=True)
class CoalitionSpec:
    """The ``[coalitions]`` section: players and the value formula of each listed coalition
    (``frozenset`` of names); coalitions not listed are worth 0."""

    players: tuple[str, ...]
    values: Mapping[frozenset[str], sympy.Expr]
    description: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "description": self.description,
            "players": list(self.players),
            "values": {"+".join(sorted(c, key=self.players.index)): str(v) for c, v in self.values.items()},
        }


@dataclass(frozen=True, eq=False)
class ScenarioParts:
    """Everything validated from one file (a :class:`~negotiation.scenarios.Scenario` adds where it came from)."""

    name: str
    title: str
    description: str
    license: str
    assumptions: str
    sources: tuple[Source, ...]
    parameters: FrozenMap
    players: tuple[Player, ...]
    payoffs: FrozenMap  # profile (labels) -> tuple of formulas, one per player, row-major order
    negotiation: NegotiationSpec | None
    market: MarketSpec | None
    coalitions: CoalitionSpec | None
    #: ``[scenario] sequential = true``: the game is sequential, given here in strategic form.
    sequential: bool = dataclass_field(default=False, kw_only=True)


# ---------------------------------------------------------------------------------------- helpers


class _Ctx:
    """Error construction for one file."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.budget = FormulaBudget()

    def error(self, message: str, field: str | None, value: object = None) -> ScenarioError:
        return ScenarioError(message, file=self.file, field=field, value=value)

    def table(self, data: Any, field: str) -> dict[str, Any]:
        if not isinstance(data, dict):
            raise self.error(f"must be a table, not {_type_name(data)}", field, _short(data))
        return data

    def keys(self, data: Mapping[str, Any], allowed: Sequence[str], field: str | None,
             required: Sequence[str] = ()) -> None:
        """Reject unknown keys (with a "did you mean"), then missing ``required`` ones, in order."""
        for key in data:
            if key not in allowed:
                near = difflib.get_close_matches(key, allowed, n=1)
                hint = f"; did you mean {near[0]!r}?" if near else f"; allowed keys: {', '.join(allowed)}"
                raise self.error(f"unknown key {key!r}{hint}", _join(field, key), key)
        for key in required:
            if key not in data:
                raise self.error(f"missing required key {key!r}", field)

    def text(self, data: Mapping[str, Any], key: str, field: str, *, required: bool = False, limit: int = MAX_TEXT,
             default: str = "") -> str:
        if key not in data:
            if required:
                raise self.error(f"missing required key {key!r}", field)
            return default
        value = data[key]
        where = _join(field, key)
        if not isinstance(value, str):
            raise self.error(f"must be text, not {_type_name(value)}", where, _short(value))
        if len(value) > limit:
            raise self.error(f"is longer than {limit} characters", where, value[:40] + "...")
        if required and not value.strip():
            raise self.error("must not be empty", where, value)
        return value

    def label(self, value: Any, field: str, what: str, *, forbid: str = "") -> str:
        if not isinstance(value, str):
            raise self.error(f"{what} must be text, not {_type_name(value)}", field, _short(value))
        if not value.strip() or value != value.strip():
            raise self.error(f"{what} must be non-empty without leading or trailing spaces", field, value)
        if len(value) > MAX_LABEL:
            raise self.error(f"{what} is longer than {MAX_LABEL} characters", field, value)
        if not value.isprintable():
            raise self.error(f"{what} contains control characters", field, value)
        for ch in forbid:
            if ch in value:
                raise self.error(f"{what} must not contain {ch!r} (it separates labels in keys)", field, value)
        return value

    def number(self, value: Any, field: str) -> Fraction:
        """An exact number from TOML: integer, decimal (TOML float read exactly) or numeric text."""
        if isinstance(value, bool) or not isinstance(value, (int, Decimal, str)):
            raise self.error(f"must be a number (or numeric text such as \"1/3\"), not {_type_name(value)}", field,
                             _short(value))
        if isinstance(value, Decimal):
            reason = _decimal_problem(value)
            if reason:
                raise self.error(reason, field, _short_text(str(value)))
            out = Fraction(value)
        elif isinstance(value, str):
            try:
                out = read_number_text(value)
            except ValueError as exc:
                raise self.error(_number_reason(exc), field, _short_text(value)) from None
        else:
            out = Fraction(value)
        if abs(out) > MAX_CONSTANT or out.denominator > MAX_CONSTANT:
            raise self.error("number is out of range (at most 10**100, denominators too)", field, str(value))
        return out

    def formula(self, value: Any, names: Sequence[str], field: str) -> sympy.Expr:
        """A formula: text parsed safely, or a plain number (exact)."""
        if isinstance(value, str):
            return parse_formula(value, names, file=self.file, field=field, budget=self.budget)
        if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
            q = self.number(value, field)
            return sympy.Rational(q.numerator, q.denominator)
        raise self.error(f"must be a formula (text) or a number, not {_type_name(value)}", field, _short(value))

    def pair(self, value: Any, names: Sequence[str], field: str, parties: tuple[str, str]) -> Pair:
        if not isinstance(value, list) or len(value) != 2:
            raise self.error(f"must be a list of two formulas, one per party ({parties[0]}, {parties[1]})", field,
                             _short(value))
        return (self.formula(value[0], names, f"{field}[0]"), self.formula(value[1], names, f"{field}[1]"))

    def list_of(self, data: Any, field: str, *, minimum: int = 0, maximum: int) -> list[Any]:
        if not isinstance(data, list):
            raise self.error(f"must be a list, not {_type_name(data)}", field, _short(data))
        if len(data) < minimum:
            raise self.error(f"needs at least {minimum} entries, got {len(data)}", field, _short(data))
        if len(data) > maximum:
            raise self.error(f"has more than {maximum} entries ({len(data)})", field)
        return data


def _join(field: str | None, key: str | int) -> str:
    part = f"[{key}]" if isinstance(key, int) else (key if re.fullmatch(r"[A-Za-z0-9_\-]+", key) else repr(key))
    if field is None:
        return part if not isinstance(key, int) else part
    return f"{field}{part}" if isinstance(key, int) else f"{field}.{part}"


def _type_name(value: Any) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, Decimal):
        return "a number"
    return {dict: "a table", list: "a list", str: "text", int: "a number"}.get(type(value), type(value).__name__)


def _short_text(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _number_reason(exc: ValueError) -> str:
    """The message of :func:`read_number_text`'s refusal, as a field's error."""
    text = str(exc)
    return f"is {text}" if text.startswith("not a number") else f"is not a usable number: {text}"


def _decimal_problem(value: Decimal) -> str:
    """Why a TOML float (read as a Decimal) cannot be a number here, or ``""``."""
    if not value.is_finite():
        return "must be a finite number"
    sign, digits, exponent = value.as_tuple()
    if len(digits) > 200:
        return f"has too many digits ({len(digits)}; at most 200)"
    if isinstance(exponent, int) and abs(exponent) > 200:
        return "number is out of range (|value| must be at most 10**100)"
    return ""


def _short(value: Any) -> Any:
    text = repr(value)
    return value if len(text) <= 120 else text[:117] + "..."


def _unique(ctx: _Ctx, items: Sequence[str], field: str, what: str) -> None:
    seen: set[str] = set()
    for k, item in enumerate(items):
        if item in seen:
            raise ctx.error(f"duplicate {what} {item!r}", f"{field}[{k}]", item)
        seen.add(item)


# ---------------------------------------------------------------------------------------- sections


def _scenario_section(ctx: _Ctx, doc: Mapping[str, Any]) -> dict[str, Any]:
    if "scenario" not in doc:
        raise ctx.error("missing the [scenario] table (name, title, ...)", "scenario")
    sec = ctx.table(doc["scenario"], "scenario")
    ctx.keys(sec, SCENARIO_KEYS, "scenario")
    name = ctx.text(sec, "name", "scenario", required=True, limit=64)
    if not _SCENARIO_NAME.match(name):
        raise ctx.error("must be lower-case letters, digits and '_' starting with a letter", "scenario.name", name)
    out: dict[str, Any] = {"name": name, "title": ctx.text(sec, "title", "scenario", required=True, limit=200)}
    for key in ("description", "license", "assumptions"):
        out[key] = ctx.text(sec, key, "scenario")
    sequential = sec.get("sequential", False)
    if not isinstance(sequential, bool):
        raise ctx.error(f"must be true or false, not {_type_name(sequential)}", "scenario.sequential",
                        _short(sequential))
    out["sequential"] = sequential
    return out


def _sources(ctx: _Ctx, doc: Mapping[str, Any]) -> tuple[Source, ...]:
    if "sources" not in doc:
        return ()
    items = ctx.list_of(doc["sources"], "sources", maximum=MAX_SOURCES)
    out: list[Source] = []
    for k, raw in enumerate(items):
        field = f"sources[{k}]"
        sec = ctx.table(raw, field)
        ctx.keys(sec, SOURCE_KEYS, field)
        sid = ctx.text(sec, "id", field, required=True, limit=64)
        if not _ID.match(sid):
            raise ctx.error("must be letters, digits, '_', '-' or '.'", f"{field}.id", sid)
        url = ctx.text(sec, "url", field, limit=2000) or None
        if url is not None and not re.match(r"https?://[^\s]+\Z", url):
            raise ctx.error("must be an http(s) URL without spaces", f"{field}.url", url)
        out.append(Source(sid, ctx.text(sec, "citation", field, required=True), url, ctx.text(sec, "supports", field)))
    _unique(ctx, [s.id for s in out], "sources", "source id")
    return tuple(out)


def _parameters(ctx: _Ctx, doc: Mapping[str, Any], source_ids: set[str]) -> FrozenMap:
    if "parameters" not in doc:
        return FrozenMap()
    sec = ctx.table(doc["parameters"], "parameters")
    if len(sec) > MAX_PARAMETERS:
        raise ctx.error(f"more than {MAX_PARAMETERS} parameters ({len(sec)})", "parameters")
    out: dict[str, Parameter] = {}
    for name, raw in sec.items():
        field = _join("parameters", name)
        if not is_valid_name(name):
            raise ctx.error(
                "a parameter name must be an identifier (letters, digits, '_', starting with a letter, at most 64 "
                "characters) and not a keyword or a function name (min, max, abs, sqrt, exp, log, piecewise)",
                field, name)
        spec = ctx.table(raw, field)
        ctx.keys(spec, PARAMETER_KEYS, field, required=("default",))
        default = ctx.number(spec["default"], f"{field}.default")
        low = high = None
        if "range" in spec:
            rng = spec["range"]
            if not isinstance(rng, list) or len(rng) != 2:
                raise ctx.error("must be a list [low, high]", f"{field}.range", _short(rng))
            low = ctx.number(rng[0], f"{field}.range[0]")
            high = ctx.number(rng[1], f"{field}.range[1]")
            if low > high:
                raise ctx.error(f"low {format_number(low)} is above high {format_number(high)}", f"{field}.range",
                                _short(rng))
            if not low <= default <= high:
                raise ctx.error(
                    f"default {format_number(default)} is outside its range [{format_number(low)}, "
                    f"{format_number(high)}]", f"{field}.default", str(spec["default"]))
        source = ctx.text(spec, "source", field, limit=64) or None
        if source is not None and source not in source_ids:
            known = ", ".join(sorted(source_ids)) or "none declared"
            raise ctx.error(f"unknown source id; declared [[sources]] ids: {known}", f"{field}.source", source)
        out[name] = Parameter(name, default, ctx.text(spec, "unit", field, limit=64), low, high,
                              ctx.text(spec, "description", field, limit=2000), source)
    return FrozenMap(out)


def _players(ctx: _Ctx, doc: Mapping[str, Any]) -> tuple[Player, ...]:
    if "players" not in doc:
        raise ctx.error("missing the [[players]] tables (name, role, actions)", "players")
    items = ctx.list_of(doc["players"], "players", minimum=2, maximum=MAX_PLAYERS)
    out: list[Player] = []
    total = 1
    for k, raw in enumerate(items):
        field = f"players[{k}]"
        sec = ctx.table(raw, field)
        ctx.keys(sec, PLAYER_KEYS, field)
        if "name" not in sec:
            raise ctx.error("missing required key 'name'", field)
        name = ctx.label(sec["name"], f"{field}.name", "a player name")
        role = ctx.text(sec, "role", field, limit=64)
        if role and not _ROLE.match(role):
            raise ctx.error("a role is a lower-case identifier such as 'lab' or 'compute_owner'", f"{field}.role",
                            role)
        if "actions" not in sec:
            raise ctx.error("missing required key 'actions'", field)
        acts = ctx.list_of(sec["actions"], f"{field}.actions", minimum=1, maximum=MAX_ACTIONS)
        labels = tuple(ctx.label(a, f"{field}.actions[{j}]", "an action label", forbid="/") for j, a in
                       enumerate(acts))
        _unique(ctx, labels, f"{field}.actions", f"action label of player {name!r}")
        total *= len(labels)
        if total > MAX_PROFILES:
            raise ctx.error(f"the game has more than {MAX_PROFILES} profiles", "players")
        out.append(Player(name, role, labels))
    _unique(ctx, [p.name for p in out], "players", "player name")
    return tuple(out)


def _payoffs(ctx: _Ctx, doc: Mapping[str, Any], players: tuple[Player, ...], names: Sequence[str]) -> FrozenMap:
    if "payoffs" not in doc:
        raise ctx.error("missing the [payoffs] table (one entry per profile)", "payoffs")
    sec = ctx.table(doc["payoffs"], "payoffs")
    n = len(players)
    found: dict[tuple[str, ...], tuple[sympy.Expr, ...]] = {}
    key_of: dict[tuple[str, ...], str] = {}
    player_names = [p.name for p in players]
    for key, raw in sec.items():
        field = _join("payoffs", key)
        parts = tuple(part.strip() for part in key.split("/"))
        if len(parts) != n:
            raise ctx.error(f"a profile key names one action per player ({n}), separated by '/'; got {len(parts)}",
                            field, key)
        for i, (label, player) in enumerate(zip(parts, players, strict=True)):
            if label not in player.actions:
                near = difflib.get_close_matches(label, player.actions, n=1)
                hint = f" (did you mean {near[0]!r}?)" if near else ""
                raise ctx.error(f"unknown action {label!r} of player {player.name!r} at position {i + 1}{hint}; "
                                f"actions: {', '.join(player.actions)}", field, key)
        if parts in found:
            raise ctx.error(f"profile given twice (also as {key_of[parts]!r})", field, key)
        if isinstance(raw, dict):
            ctx.keys(raw, player_names, field)
            missing = [p for p in player_names if p not in raw]
            if missing:
                raise ctx.error(f"missing payoffs for players {missing}", field, _short(raw))
            values = [raw[p] for p in player_names]
            fields = [_join(field, p) for p in player_names]
        elif isinstance(raw, list):
            if len(raw) != n:
                raise ctx.error(f"needs one payoff per player ({n}: {', '.join(player_names)}), got {len(raw)}",
                                field, _short(raw))
            values = raw
            fields = [f"{field}[{i}]" for i in range(n)]
        else:
            raise ctx.error("must be a list of payoff formulas (one per player) or a table {player = formula}",
                            field, _short(raw))
        found[parts] = tuple(ctx.formula(v, names, f) for v, f in zip(values, fields, strict=True))
        key_of[parts] = key
    ordered: dict[tuple[str, ...], tuple[sympy.Expr, ...]] = {}
    missing_profiles = []
    for profile in itertools.product(*(p.actions for p in players)):
        if profile in found:
            ordered[profile] = found[profile]
        else:
            missing_profiles.append("/".join(profile))
    if missing_profiles:
        shown = ", ".join(repr(m) for m in missing_profiles[:5])
        more = f" and {len(missing_profiles) - 5} more" if len(missing_profiles) > 5 else ""
        raise ctx.error(f"missing payoffs for {len(missing_profiles)} profile(s): {shown}{more}", "payoffs")
    return FrozenMap(ordered)


def _negotiation(ctx: _Ctx, doc: Mapping[str, Any], players: tuple[Player, ...],
                 names: Sequence[str]) -> NegotiationSpec | None:
    if "negotiation" not in doc:
        return None
    field = "negotiation"
    sec = ctx.table(doc["negotiation"], field)
    ctx.keys(sec, NEGOTIATION_KEYS, field)
    player_names = [p.name for p in players]
    if "parties" not in sec:
        raise ctx.error("missing required key 'parties' (the two players who bargain)", field)
    raw_parties = ctx.list_of(sec["parties"], f"{field}.parties", minimum=2, maximum=2)
    for k, party in enumerate(raw_parties):
        if party not in player_names:
            raise ctx.error(f"unknown player; players: {', '.join(player_names)}", f"{field}.parties[{k}]",
                            _short(party))
    if raw_parties[0] == raw_parties[1]:
        raise ctx.error("the two parties must differ", f"{field}.parties", raw_parties)
    parties = (raw_parties[0], raw_parties[1])
    feasible = sec.get("feasible", "game")
    if feasible not in ("game", "surplus"):
        raise ctx.error("must be 'game' (convex hull of the game's payoffs) or 'surplus' (transferable utility)",
                        f"{field}.feasible", _short(feasible))
    surplus = None
    if feasible == "surplus":
        if "surplus" not in sec:
            raise ctx.error("feasible = 'surplus' needs a 'surplus' formula", field)
        surplus = ctx.formula(sec["surplus"], names, f"{field}.surplus")
    elif "surplus" in sec:
        raise ctx.error("'surplus' is only used with feasible = 'surplus'", f"{field}.surplus", _short(sec["surplus"]))
    raw_d = sec.get("disagreement", "security" if feasible == "game" else ["0", "0"])
    disagreement: Pair | str
    if isinstance(raw_d, str):
        if raw_d not in ("security", "nash_threat"):
            raise ctx.error("must be a pair of formulas, 'security' or 'nash_threat'", f"{field}.disagreement", raw_d)
        if feasible != "game":
            raise ctx.error(f"{raw_d!r} needs feasible = 'game'", f"{field}.disagreement", raw_d)
        if len(players) != 2:
            raise ctx.error(f"{raw_d!r} needs a two-player game; give a pair of formulas instead",
                            f"{field}.disagreement", raw_d)
        disagreement = raw_d
    else:
        disagreement = ctx.pair(raw_d, names, f"{field}.disagreement", parties)

    def opt_pair(key: str) -> Pair | None:
        return ctx.pair(sec[key], names, f"{field}.{key}", parties) if key in sec else None

    outside = opt_pair("outside_options")
    factors = opt_pair("discount_factors")
    rates = opt_pair("discount_rates")
    period = ctx.formula(sec["period_length"], names, f"{field}.period_length") if "period_length" in sec else None
    if factors is not None and rates is not None:
        raise ctx.error("give either discount_factors or discount_rates, not both", f"{field}.discount_rates")
    if rates is not None and period is None:
        raise ctx.error("discount_rates need a period_length (delta = exp(-rate * period_length))", field)
    if period is not None and rates is None:
        raise ctx.error("period_length is only used with discount_rates", f"{field}.period_length")
    proposer = sec.get("first_proposer", parties[0])
    if proposer not in parties:
        raise ctx.error(f"must be one of the parties ({parties[0]}, {parties[1]})", f"{field}.first_proposer",
                        _short(proposer))
    threat: Pair | None = None
    threats: dict[str, Pair] = {}
    if "threat" in sec:
        raw_t = sec["threat"]
        if isinstance(raw_t, dict):
            ctx.keys(raw_t, parties, f"{field}.threat")
            for party, value in raw_t.items():
                threats[party] = ctx.pair(value, names, _join(f"{field}.threat", party), parties)
            if not threats:
                raise ctx.error("an empty threat table; give a pair or {party = [..., ...]}", f"{field}.threat")
        else:
            threat = ctx.pair(raw_t, names, f"{field}.threat", parties)
    return NegotiationSpec(parties, feasible, surplus, disagreement, outside, factors, rates, period,
                           parties.index(proposer), threat, FrozenMap(threats),
                           ctx.text(sec, "description", field))


def _names_list(ctx: _Ctx, value: Any, field: str, what: str) -> tuple[str, ...]:
    items = ctx.list_of(value, field, minimum=1, maximum=MAX_MARKET_SIDE)
    labels = tuple(ctx.label(v, f"{field}[{k}]", what, forbid="/+") for k, v in enumerate(items))
    _unique(ctx, labels, field, what)
    return labels


def _market(ctx: _Ctx, doc: Mapping[str, Any], names: Sequence[str]) -> MarketSpec | None:
    if "market" not in doc:
        return None
    field = "market"
    sec = ctx.table(doc["market"], field)
    ctx.keys(sec, MARKET_KEYS, field, required=("buyers", "sellers", "pairs"))
    buyers = _names_list(ctx, sec["buyers"], f"{field}.buyers", "a buyer name")
    sellers = _names_list(ctx, sec["sellers"], f"{field}.sellers", "a seller name")
    both = sorted(set(buyers) & set(sellers))
    if both:
        raise ctx.error(f"names on both sides: {both}", f"{field}.sellers", both)
    everyone = (*buyers, *sellers)
    roles: dict[str, str] = {}
    if "roles" in sec:
        raw_roles = ctx.table(sec["roles"], f"{field}.roles")
        ctx.keys(raw_roles, everyone, f"{field}.roles")
        for who, role in raw_roles.items():
            where = _join(f"{field}.roles", who)
            if not isinstance(role, str) or not _ROLE.match(role):
                raise ctx.error("a role is a lower-case identifier such as 'lab' or 'hyperscaler'", where, _short(role))
            roles[who] = role
    raw_pairs = ctx.table(sec["pairs"], f"{field}.pairs")
    if not raw_pairs:
        raise ctx.error("needs at least one 'buyer/seller' pair value", f"{field}.pairs")
    pairs: dict[tuple[str, str], sympy.Expr] = {}
    for key, value in raw_pairs.items():
        where = _join(f"{field}.pairs", key)
        parts = tuple(p.strip() for p in key.split("/"))
        if len(parts) != 2:
            raise ctx.error("a pair key is 'buyer/seller'", where, key)
        b, s = parts
        if b not in buyers:
            raise ctx.error(f"unknown buyer {b!r}; buyers: {', '.join(buyers)}", where, key)
        if s not in sellers:
            raise ctx.error(f"unknown seller {s!r}; sellers: {', '.join(sellers)}", where, key)
        if (b, s) in pairs:
            raise ctx.error("pair given twice", where, key)
        pairs[(b, s)] = ctx.formula(value, names, where)
    return MarketSpec(buyers, sellers, FrozenMap(roles), FrozenMap(pairs), ctx.text(sec, "description", field))


def _coalitions(ctx: _Ctx, doc: Mapping[str, Any], names: Sequence[str]) -> CoalitionSpec | None:
    if "coalitions" not in doc:
        return None
    field = "coalitions"
    sec = ctx.table(doc["coalitions"], field)
    ctx.keys(sec, COALITION_KEYS, field, required=("players", "values"))
    members = _names_list(ctx, sec["players"], f"{field}.players", "a player name")
    raw_values = ctx.table(sec["values"], f"{field}.values")
    values: dict[frozenset[str], sympy.Expr] = {}
    for key, value in raw_values.items():
        where = _join(f"{field}.values", key)
        parts = [p.strip() for p in key.split("+")]
        unknown = [p for p in parts if p not in members]
        if unknown:
            raise ctx.error(f"unknown players {unknown}; players: {', '.join(members)}", where, key)
        if len(set(parts)) != len(parts):
            raise ctx.error("a player is listed twice in the coalition", where, key)
        coalition = frozenset(parts)
        if coalition in values:
            raise ctx.error("coalition given twice", where, key)
        values[coalition] = ctx.formula(value, names, where)
    return CoalitionSpec(members, FrozenMap(values), ctx.text(sec, "description", field))


def build_parts(doc: Mapping[str, Any], *, file: str) -> ScenarioParts:
    """Validate a parsed scenario document (see the module docstring) into :class:`ScenarioParts`."""
    ctx = _Ctx(file)
    doc = ctx.table(doc, "(document)")
    ctx.keys(doc, TOP_LEVEL, None)
    meta = _scenario_section(ctx, doc)
    sources = _sources(ctx, doc)
    parameters = _parameters(ctx, doc, {s.id for s in sources})
    names = list(parameters)
    players = _players(ctx, doc)
    payoffs = _payoffs(ctx, doc, players, names)
    negotiation = _negotiation(ctx, doc, players, names)
    market = _market(ctx, doc, names)
    coalitions = _coalitions(ctx, doc, names)
    return ScenarioParts(meta["name"], meta["title"], meta["description"], meta["license"], meta["assumptions"],
                         sources, parameters, players, payoffs, negotiation, market, coalitions,
                         sequential=meta["sequential"])


# ---------------------------------------------------------------------------------------- values


def _coerce_value(value: Any, file: str, field: str) -> Number:
    if isinstance(value, bool):
        raise ScenarioError("a boolean is not a parameter value", file=file, field=field, value=value)
    if isinstance(value, float) or (type(value).__module__ == "numpy" and "float" in type(value).__name__):
        value = float(value)
        if not math.isfinite(value):
            raise ScenarioError("must be a finite number", file=file, field=field, value=value)
        if abs(value) > MAX_CONSTANT:
            raise ScenarioError("is out of range (|value| at most 10**100)", file=file, field=field, value=value)
        return value
    if isinstance(value, Decimal):
        reason = _decimal_problem(value)
        if reason:
            raise ScenarioError(reason, file=file, field=field, value=_short_text(str(value)))
    try:
        out = (read_number_text(value) if isinstance(value, str)
               else Fraction(value) if isinstance(value, Decimal) else to_fraction(value))
    except ValueError as exc:
        reason = _number_reason(exc) if isinstance(value, str) else "is not a number"
        raise ScenarioError(reason, file=file, field=field, value=_shown(value)) from None
    except (TypeError, OverflowError):
        raise ScenarioError("is not a number", file=file, field=field, value=_shown(value)) from None
    if abs(out) > MAX_CONSTANT or out.denominator > MAX_CONSTANT:
        raise ScenarioError("is out of range (at most 10**100, denominators too)", file=file, field=field,
                            value=_shown(value))
    return out


def _shown(value: Any) -> Any:
    """An offending value as error messages show it: text as given, numbers as plain text (``1000``,
    not ``Fraction(1000, 1)``)."""
    if isinstance(value, str):
        return _short_text(value)
    if isinstance(value, (Fraction, int)) and not isinstance(value, bool):
        q = Fraction(value)
        bits = max(q.numerator.bit_length(), q.denominator.bit_length())
        if bits > 600:  # str() of a huge integer is slow, and refused beyond 4300 digits
            sign = "-" if q < 0 else ""
            return _Plain(f"{sign}a number of about {bits * 30103 // 100000} digits")
        return _Plain(_short_text(format_number(q)))
    if isinstance(value, Decimal):
        return _Plain(_short_text(str(value)))
    return _short(value)


class _Plain(str):
    """Text shown without quotes by :class:`ScenarioError` (its ``repr`` is the text itself)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return str.__str__(self)


def resolve_values(parameters: Mapping[str, Parameter], overrides: Mapping[str, Any], *, file: str) -> FrozenMap:
    """Parameter values: the defaults with ``overrides`` applied, validated.

    Unknown names, non-numbers and values outside a parameter's range raise
    :class:`~negotiation.errors.ScenarioError`. Exact inputs (ints, ``Fraction``, numeric text
    such as ``"0.1"`` or ``"1/3"``) stay exact; floats stay floats.
    """
    unknown = [k for k in overrides if k not in parameters]
    if unknown:
        name = unknown[0]
        near = difflib.get_close_matches(str(name), list(parameters), n=1)
        hint = f"did you mean {near[0]!r}? " if near else ""
        known = ", ".join(parameters) or "none"
        raise ScenarioError(f"unknown parameter {name!r}; {hint}parameters: {known}", file=file,
                            field=f"parameters.{name}")
    out: dict[str, Number] = {}
    for name, spec in parameters.items():
        if name not in overrides:
            out[name] = spec.default
            continue
        field = f"parameters.{name}"
        value = _coerce_value(overrides[name], file, field)
        if (spec.low is not None and value < spec.low) or (spec.high is not None and value > spec.high):
            lo = "-inf" if spec.low is None else format_number(spec.low)
            hi = "inf" if spec.high is None else format_number(spec.high)
            raise ScenarioError(f"value {format_number(value)} is outside the allowed range [{lo}, {hi}]", file=file,
                                field=field, value=_shown(overrides[name]))
        out[name] = value
    return FrozenMap(out)


def symbol_values(values: Mapping[str, Number]) -> dict[sympy.Symbol, Number]:
    """``{Symbol: value}`` for :func:`~negotiation.scenarios.evaluate.evaluate`."""
    return {parameter_symbol(k): v for k, v in values.items()}


def evaluate_formula(expr: sympy.Basic, values: Mapping[sympy.Symbol, Number], *, file: str, field: str,
                     what: str) -> Number:
    """Evaluate one formula; failures become a :class:`ScenarioError` naming ``what`` and ``field``."""
    try:
        return evaluate(expr, values)
    except EvaluationError as exc:
        raise ScenarioError(f"{what} cannot be evaluated: {exc}", file=file, field=field, value=str(expr)) from None
