"""Finite games in strategic (normal) form.

A game has ``n >= 2`` named players; player ``i`` has actions labelled ``actions[i]``; the payoff
to player ``i`` at the pure profile ``(a_0, ..., a_{n-1})`` is ``payoffs[i, a_0, ..., a_{n-1}]``.
That convention is the only one used in the package.

Payoffs are either all exact (``Fraction``, stored in an ``object`` array) or all ``float64``.
The game is immutable: its arrays are read-only and every transform returns a new game.
"""

from __future__ import annotations

import hashlib
import itertools
import math
from collections.abc import Callable, Mapping, Sequence
from fractions import Fraction
from typing import Any

import numpy as np

from ..errors import InvalidGameError, InvalidProfileError
from ..numeric import (
    as_number_array,
    exact_flag,
    format_number,
    fraction_text,
    rounding_allowance,
    to_exact_array,
    to_float_array,
    to_fraction,
)

__all__ = ["NormalFormGame", "Profile", "is_mixed", "float_image_loss_of"]

#: A mixed profile: one probability vector per player, in action order.
Profile = tuple[np.ndarray, ...]

#: Largest payoff tables accepted, in entries (players x profiles): float64 tables up to 8 GiB, exact
#: tables (a ``Fraction`` per entry, ~100 bytes each) up to 10^8 entries. Larger games are refused with a
#: clear error; within these, the solvers work in slices (pure equilibria, the digest), not in copies.
MAX_FLOAT_ENTRIES = 1 << 30
MAX_EXACT_ENTRIES = 100_000_000

#: Largest number of profiles read from a Gambit file or a pygambit game (:mod:`negotiation.interop`).
MAX_PROFILES = 50_000_000

#: Payoff entries hashed per slice by :meth:`NormalFormGame.digest` (1 MiB of float64).
_DIGEST_SLICE = 1 << 17


def _readonly(arr: np.ndarray) -> np.ndarray:
    arr = np.array(arr, copy=True)
    arr.setflags(write=False)
    return arr


def _labels(given: Sequence[str] | None, count: int, prefix: str, what: str) -> tuple[str, ...]:
    if given is None:
        return tuple(f"{prefix}{k}" for k in range(count))
    labels = tuple(given)
    if len(labels) != count:
        raise InvalidGameError(f"{what}: expected {count} labels, got {len(labels)}: {labels!r}")
    for lab in labels:
        if not isinstance(lab, str) or not lab.strip():
            raise InvalidGameError(f"{what}: labels must be non-empty strings, got {lab!r}")
    dup = sorted({lab for lab in labels if labels.count(lab) > 1})
    if dup:
        raise InvalidGameError(f"{what}: duplicate labels {dup!r}")
    return labels


class NormalFormGame:
    """An immutable finite game in strategic form.

    Parameters
    ----------
    payoffs:
        Array-like of shape ``(n_players, a_1, ..., a_n)``.
    players:
        Player names (default ``"P0", "P1", ...``; for two players ``"Row", "Column"``).
    actions:
        Action labels per player (default ``"a0", "a1", ...`` per player).
    title:
        Free text shown in reports.
    exact:
        ``None`` (default) keeps the input's arithmetic: exact when every entry is exact
        (ints, ``Fraction``, numeric strings); ``True`` or ``False`` forces it.

    Examples
    --------
    >>> g = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]],
    ...                                  actions=[["C", "D"], ["C", "D"]])
    >>> g.shape, g.is_exact
    ((2, 2), True)
    >>> g.expected_payoffs((["0", "1"], ["0", "1"]))
    (Fraction(1, 1), Fraction(1, 1))
    """

    __slots__ = ("_payoffs", "_players", "_actions", "_title", "_digest", "_bounds", "_scale", "_rounding", "_hash",
                 "_float_loss", "_units", "_roundings")

    def __init__(
        self,
        payoffs: Any,
        players: Sequence[str] | None = None,
        actions: Sequence[Sequence[str]] | None = None,
        *,
        title: str = "",
        exact: bool | None = None,
    ) -> None:
        if isinstance(payoffs, NormalFormGame):
            payoffs = payoffs.payoffs
        if isinstance(payoffs, np.ndarray) and payoffs.ndim >= 2:
            # integer arrays become exact (Fractions) unless exact=False, so they are held to the exact limit
            flag = exact_flag(exact)
            becomes_exact = flag if flag is not None else payoffs.dtype.kind in "iuO"
            _check_size(payoffs.shape, exact=becomes_exact)
        try:
            arr = as_number_array(payoffs, exact=exact)
        except ValueError as exc:
            raise InvalidGameError(f"payoffs: {exc}") from None
        if arr.ndim < 3:
            raise InvalidGameError(
                f"payoffs must have shape (n_players, a_1, ..., a_n) with n_players >= 2; got shape {arr.shape}"
            )
        n = arr.shape[0]
        if n != arr.ndim - 1:
            raise InvalidGameError(
                f"payoffs of shape {arr.shape} give {arr.ndim - 1} action axes for {n} players; "
                "the first axis must count the players"
            )
        if any(k < 1 for k in arr.shape[1:]):
            raise InvalidGameError(f"every player needs at least one action; shape is {arr.shape}")
        _check_size(arr.shape, exact=arr.dtype == object)
        bounds = _float_bounds(arr)
        default_players = ("Row", "Column") if n == 2 else tuple(f"P{i}" for i in range(n))
        if players is None:
            names = default_players
        else:
            names = _labels(players, n, "P", "players")
        if actions is None:
            acts = tuple(tuple(f"a{k}" for k in range(arr.shape[i + 1])) for i in range(n))
        else:
            actions = list(actions)
            if len(actions) != n:
                raise InvalidGameError(f"actions: expected labels for {n} players, got {len(actions)}")
            acts = tuple(
                _labels(actions[i], arr.shape[i + 1], "a", f"actions of player {names[i]!r}") for i in range(n)
            )
        if isinstance(payoffs, np.ndarray) and np.may_share_memory(arr, payoffs):
            self._payoffs = _readonly(arr)  # the caller's array: copied, so later writes to it change nothing here
        else:  # converted here, so ours alone (no second copy of a large table)
            arr.setflags(write=False)
            self._payoffs = arr
        self._players = names
        self._actions = acts
        self._title = str(title)
        self._digest: str | None = None
        self._bounds = bounds
        spread = max(hi - lo for lo, hi in bounds)  # as numeric.payoff_scale
        self._scale = spread if spread > 0 else 1.0
        # per player (tolerances): its payoff range (the game's scale if it is 0) and its rounding allowance;
        # the game's allowance is the largest (the allowance grows with the payoffs' magnitude)
        self._units = tuple(hi - lo if hi > lo else self._scale for lo, hi in bounds)
        self._roundings = tuple(rounding_allowance(max(-lo, hi), tuple(arr.shape[1:])) for lo, hi in bounds)
        self._rounding = max(self._roundings)
        self._float_loss: tuple[str | None] | None = None  # float_image_loss(), computed on first use
        self._hash: int | None = None  # set last: from here on only the caches may be set

    # ------------------------------------------------------------------ named constructors
    @classmethod
    def from_bimatrix(
        cls,
        A: Any,
        B: Any,
        *,
        players: Sequence[str] | None = None,
        actions: Sequence[Sequence[str]] | None = None,
        title: str = "",
        exact: bool | None = None,
    ) -> NormalFormGame:
        """Two-player game with row payoffs ``A`` and column payoffs ``B`` (both ``m x n``)."""
        try:
            a = as_number_array(A, exact=exact)
            b = as_number_array(B, exact=exact)
        except ValueError as exc:
            raise InvalidGameError(f"payoffs: {exc}") from None
        if a.ndim != 2 or b.ndim != 2:
            raise InvalidGameError(f"A and B must be matrices; got shapes {a.shape} and {b.shape}")
        if a.shape != b.shape:
            raise InvalidGameError(f"A and B must have the same shape; got {a.shape} and {b.shape}")
        if a.dtype != b.dtype:  # one exact, one float: go float
            _float_bounds(np.stack([a, b]))  # a clear error if the exact one is beyond the float range
            a, b = to_float_array(a), to_float_array(b)
        return cls(np.stack([a, b]), players, actions, title=title)

    @classmethod
    def zero_sum(
        cls,
        A: Any,
        *,
        players: Sequence[str] | None = None,
        actions: Sequence[Sequence[str]] | None = None,
        title: str = "",
        exact: bool | None = None,
    ) -> NormalFormGame:
        """Two-player zero-sum game: the row player gets ``A``, the column player ``-A``."""
        try:
            a = as_number_array(A, exact=exact)
        except ValueError as exc:
            raise InvalidGameError(f"payoffs: {exc}") from None
        return cls.from_bimatrix(a, -a, players=players, actions=actions, title=title)

    @classmethod
    def from_array(
        cls,
        payoffs: Any,
        *,
        players: Sequence[str] | None = None,
        actions: Sequence[Sequence[str]] | None = None,
        title: str = "",
        exact: bool | None = None,
    ) -> NormalFormGame:
        """Game from an array of shape ``(n_players, a_1, ..., a_n)``."""
        return cls(payoffs, players, actions, title=title, exact=exact)

    @classmethod
    def from_function(
        cls,
        f: Callable[..., Sequence[Any]],
        actions: Sequence[Sequence[str]] | Sequence[int],
        *,
        players: Sequence[str] | None = None,
        title: str = "",
        exact: bool | None = None,
    ) -> NormalFormGame:
        """Game whose payoff vector at a profile is ``f(*labels)``.

        ``actions`` lists the labels of each player (or, as ints, how many actions each has;
        then ``f`` receives indices).
        """
        if all(isinstance(a, (int, np.integer)) and not isinstance(a, bool) for a in actions):
            labels: list[Sequence[Any]] = [range(int(k)) for k in actions]  # type: ignore[arg-type]
            named = None
        else:
            labels = [tuple(a) for a in actions]  # type: ignore[arg-type]
            named = labels
        shape = tuple(len(a) for a in labels)
        n = len(shape)
        if n >= 2 and min(shape) < 1:
            raise InvalidGameError(f"every player needs at least one action; got action counts {shape}")
        _check_size((n, *shape), exact=True)  # before calling f once per profile (into an object array)
        out = np.empty((n, *shape), dtype=object)
        for idx in itertools.product(*(range(k) for k in shape)):
            value = f(*(labels[i][idx[i]] for i in range(n)))
            try:
                vec = list(value)
            except TypeError:
                where = tuple(labels[i][idx[i]] for i in range(n))
                raise InvalidGameError(f"f{where} must return {n} payoffs") from None
            if len(vec) != n:
                raise InvalidGameError(
                    f"f{tuple(labels[i][idx[i]] for i in range(n))} returned {len(vec)} payoffs for {n} players"
                )
            for i in range(n):
                out[(i, *idx)] = vec[i]
        return cls(out.tolist(), players, named, title=title, exact=exact)  # type: ignore[arg-type]

    @classmethod
    def from_nashpy(cls, game: Any, **kwargs: Any) -> NormalFormGame:
        """Game from a :class:`nashpy.Game` (float payoffs)."""
        A, B = game.payoff_matrices
        return cls.from_bimatrix(np.asarray(A, dtype=float), np.asarray(B, dtype=float), **kwargs)

    # ------------------------------------------------------------------ basic properties
    @property
    def payoffs(self) -> np.ndarray:
        """Read-only payoff array, shape ``(n_players, a_1, ..., a_n)``."""
        return self._payoffs

    @property
    def players(self) -> tuple[str, ...]:
        return self._players

    @property
    def actions(self) -> tuple[tuple[str, ...], ...]:
        return self._actions

    @property
    def title(self) -> str:
        return self._title

    @property
    def n_players(self) -> int:
        return len(self._players)

    @property
    def shape(self) -> tuple[int, ...]:
        """Number of actions of each player."""
        return tuple(self._payoffs.shape[1:])

    @property
    def is_exact(self) -> bool:
        """True when payoffs are exact rationals."""
        return self._payoffs.dtype == object

    @property
    def arithmetic(self) -> str:
        return "exact" if self.is_exact else "float"

    @property
    def is_zero_sum(self) -> bool:
        """True when payoffs sum to zero at every profile (exactly, or to 1e-12 of the scale)."""
        total = self._payoffs.sum(axis=0)
        if self.is_exact:
            return all(v == 0 for v in total.reshape(-1))
        return bool(np.all(np.abs(total) <= 1e-12 * self.scale()))

    def bimatrix(self) -> tuple[np.ndarray, np.ndarray]:
        """``(A, B)`` for a two-player game."""
        self._require_two_players("bimatrix")
        return self._payoffs[0], self._payoffs[1]

    def scale(self) -> float:
        """The payoff scale tolerances are relative to (see :mod:`negotiation.numeric`): the largest spread
        of a player's payoffs, or 1 for a constant game (computed once, at construction)."""
        return self._scale

    def payoff_bounds(self) -> tuple[tuple[float, float], ...]:
        """``(min, max)`` of each player's payoffs, as floats (computed once, at construction).

        >>> NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]]).payoff_bounds()
        ((0.0, 5.0), (0.0, 5.0))
        """
        return self._bounds

    def tolerance(self, rtol: float, *, mixed: bool = False) -> float:
        """Absolute payoff tolerance for the relative tolerance ``rtol``: ``rtol * scale()``, plus, with
        ``mixed=True`` (regrets of mixed profiles, computed as sums of products), what float64 cannot
        resolve in this game's expected payoffs (see :mod:`negotiation.numeric`). One number for the
        whole game, the largest player's; equilibria are certified with each player's own
        (:meth:`tolerances`).

        >>> g = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
        >>> g.tolerance(1e-9), g.tolerance(1e-9, mixed=True)  # plus 4 * eps * (2 + 2) * 5 for rounding
        (5e-09, 5.0000178e-09)
        """
        if not (rtol >= 0 and math.isfinite(rtol)):
            raise ValueError(f"tolerance must be a finite number >= 0, got {rtol!r}")
        return rtol * self._scale + self._rounding if mixed else rtol * self._scale

    def tolerances(self, rtol: float, *, mixed: bool = False) -> tuple[float, ...]:
        """Each player's absolute payoff tolerance for the relative tolerance ``rtol``: ``rtol`` times
        that player's payoff range (the game's :meth:`scale` for a player whose payoffs are all equal),
        plus, with ``mixed=True``, what float64 cannot resolve in that player's expected payoffs.

        A regret is measured in its player's payoffs, so it is compared with its player's range: a
        player whose payoffs span ``1e-12`` of another's keeps its preferences (with :meth:`tolerance`,
        the game's largest range, they would all be within the tolerance). Equilibria are certified
        with these (:meth:`is_equilibrium`), so scaling one player's payoffs changes nothing.

        >>> g = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[0.003, 0.005], [0, 0.001]])
        >>> g.tolerances(1e-9)
        (5e-09, 5e-12)
        """
        if not (rtol >= 0 and math.isfinite(rtol)):
            raise ValueError(f"tolerance must be a finite number >= 0, got {rtol!r}")
        if mixed:
            return tuple([rtol * u + r for u, r in zip(self._units, self._roundings)])  # noqa: B905 - one per player
        return tuple([rtol * u for u in self._units])

    def digest(self) -> str:
        """SHA-256 of the game's data (payoffs, names, labels): stable across runs.

        Equal games have equal digests (``-0.0`` and ``0.0`` hash alike). Computed once per game.
        """
        if self._digest is None:
            h = hashlib.sha256()
            h.update(repr((self._players, self._actions, self.arithmetic, self._payoffs.shape)).encode())
            flat = self._payoffs.reshape(-1)  # a view: the table is C-contiguous
            # hashed in slices (the same bytes as hashing it whole), so no copy of a large table is made
            if self.is_exact:
                for start in range(0, flat.size, _DIGEST_SLICE):
                    text = ",".join(_exact_text(v) for v in flat[start:start + _DIGEST_SLICE])
                    h.update((text if start == 0 else "," + text).encode())
            else:
                buf = np.empty(min(flat.size, _DIGEST_SLICE), dtype="<f8")
                for start in range(0, flat.size, _DIGEST_SLICE):
                    part = flat[start:start + _DIGEST_SLICE]
                    # adding 0.0 turns -0.0 into 0.0, so that equal games hash alike
                    h.update(np.add(part, 0.0, out=buf[:part.size]))
            self._digest = h.hexdigest()
        return self._digest

    # ------------------------------------------------------------------ conversions
    def float_image_loss(self) -> str | None:
        """Why :meth:`to_float` would be another game, or ``None`` when it is this game up to rounding.

        Rounding an exact payoff to float64 moves it by up to half a unit in its last place, which is
        large for a player whose payoffs sit far from zero compared with their spread (``2**60 + 300``
        and ``2**60`` differ by 256 as floats) or below float64's range (``2**-1100`` becomes 0). When
        that error exceeds ``FLOAT_IMAGE_RTOL`` of a player's exact payoff range, float arithmetic would
        solve another game (in ``[[1, 1 + 2**-60], [1, 1]]`` the row player is indifferent as floats),
        and the reason is returned. Float games and exactly representable payoffs lose nothing.
        Computed once per game (one pass over an exact table).

        >>> NormalFormGame.from_bimatrix([[2**60 + 300, 2**60], [2**60 + 200, 2**60 + 100]],
        ...                              [[0, 1], [1, 0]]).float_image_loss()
        "Row's payoffs move by up to 100 (0.33 of their range 300) when rounded to float64"
        >>> NormalFormGame.from_bimatrix([["1/3", 1], [0, 2]], [[1, 0], [0, 1]]).float_image_loss() is None
        True
        """
        if self._float_loss is None:
            self._float_loss = (float_image_loss_of(self._payoffs, self._players) if self.is_exact else None,)
        return self._float_loss[0]

    def to_float(self) -> NormalFormGame:
        """The same game with float payoffs."""
        if not self.is_exact:
            return self
        return NormalFormGame(to_float_array(self._payoffs), self._players, self._actions, title=self._title)

    def to_exact(self) -> NormalFormGame:
        """The same game with exact payoffs (floats become their exact binary values)."""
        if self.is_exact:
            return self
        return NormalFormGame(to_exact_array(self._payoffs), self._players, self._actions, title=self._title)

    def with_labels(
        self, *, players: Sequence[str] | None = None, actions: Sequence[Sequence[str]] | None = None,
        title: str | None = None,
    ) -> NormalFormGame:
        """A copy with new player names, action labels or title."""
        return NormalFormGame(
            self._payoffs,
            players if players is not None else self._players,
            actions if actions is not None else self._actions,
            title=self._title if title is None else title,
        )

    def permute_players(self, order: Sequence[int]) -> NormalFormGame:
        """The game with players reordered: new player ``k`` is old player ``order[k]``."""
        order = [int(i) for i in order]
        if sorted(order) != list(range(self.n_players)):
            raise InvalidGameError(f"order must be a permutation of range({self.n_players}), got {order}")
        arr = self._payoffs[order].transpose([0] + [i + 1 for i in order])
        return NormalFormGame(arr, [self._players[i] for i in order], [self._actions[i] for i in order],
                              title=self._title)

    def permute_actions(self, player: int | str, order: Sequence[int]) -> NormalFormGame:
        """The game with one player's actions reordered: new action ``k`` is old ``order[k]``."""
        i = self.player_index(player)
        order = [int(k) for k in order]
        if sorted(order) != list(range(self.shape[i])):
            raise InvalidGameError(f"order must be a permutation of range({self.shape[i]}), got {order}")
        arr = np.take(self._payoffs, order, axis=i + 1)
        acts = list(self._actions)
        acts[i] = tuple(self._actions[i][k] for k in order)
        return NormalFormGame(arr, self._players, acts, title=self._title)

    def restrict(self, actions: Sequence[Sequence[int | str]]) -> NormalFormGame:
        """The subgame where player ``i`` keeps only ``actions[i]`` (indices or labels)."""
        idx = [[self.action_index(i, a) for a in acts] for i, acts in enumerate(actions)]
        arr = self._payoffs[np.ix_(range(self.n_players), *idx)]
        labels = [[self._actions[i][k] for k in idx[i]] for i in range(self.n_players)]
        return NormalFormGame(arr, self._players, labels, title=self._title)

    # ------------------------------------------------------------------ lookups
    def player_index(self, player: int | str) -> int:
        """Index of a player given by index or name."""
        if isinstance(player, (int, np.integer)) and not isinstance(player, bool):
            if 0 <= int(player) < self.n_players:
                return int(player)
            raise InvalidProfileError(f"player index {player} out of range(0, {self.n_players})")
        if isinstance(player, str) and player in self._players:
            return self._players.index(player)
        raise InvalidProfileError(f"unknown player {player!r}; players are {list(self._players)}")

    def action_index(self, player: int | str, action: int | np.integer[Any] | str) -> int:
        """Index of an action of a player, given by index or label."""
        i = self.player_index(player)
        if isinstance(action, (int, np.integer)) and not isinstance(action, bool):
            if 0 <= int(action) < self.shape[i]:
                return int(action)
            raise InvalidProfileError(f"action index {action} out of range for player {self._players[i]!r}")
        if isinstance(action, str) and action in self._actions[i]:
            return self._actions[i].index(action)
        raise InvalidProfileError(
            f"unknown action {action!r} of player {self._players[i]!r}; actions are {list(self._actions[i])}"
        )

    def payoff(self, profile: Sequence[int | str]) -> tuple[Any, ...]:
        """Payoff vector at a pure profile (indices or labels)."""
        if len(profile) != self.n_players:
            raise InvalidProfileError(f"a pure profile needs {self.n_players} actions, got {len(profile)}")
        key: tuple[slice | int, ...] = (slice(None), *(self.action_index(i, a) for i, a in enumerate(profile)))
        return tuple(self._payoffs[key].tolist())

    # ------------------------------------------------------------------ profiles
    def profile(self, strategies: Any) -> Profile:
        """Validate and normalize a strategy profile.

        Accepts one entry per player (a sequence, or a mapping keyed by player name), each either
        a pure action (index or label), a probability vector, or a mapping ``{label: prob}``.
        Probabilities keep the game's arithmetic when exact; they must be non-negative and sum to
        one (exactly for exact input, to 1e-9 for floats).
        """
        if isinstance(strategies, Mapping):
            unknown = [k for k in strategies if k not in self._players]
            if unknown:
                raise InvalidProfileError(f"unknown players {unknown!r}; players are {list(self._players)}")
            missing = [p for p in self._players if p not in strategies]
            if missing:
                raise InvalidProfileError(f"profile is missing players {missing!r}")
            items = [strategies[p] for p in self._players]
        else:
            items = list(strategies)
            if len(items) != self.n_players:
                raise InvalidProfileError(
                    f"a profile needs one strategy per player ({self.n_players}), got {len(items)}"
                )
        return tuple(self._strategy(i, s) for i, s in enumerate(items))

    def _strategy(self, i: int, s: Any) -> np.ndarray:
        k = self.shape[i]
        name = self._players[i]
        if isinstance(s, (str, int, np.integer)) and not isinstance(s, bool) and not (
            isinstance(s, str) and s not in self._actions[i] and _looks_numeric(s)
        ):
            vec = np.full(k, Fraction(0), dtype=object) if self.is_exact else np.zeros(k)
            vec[self.action_index(i, s)] = Fraction(1) if self.is_exact else 1.0
            return vec
        if isinstance(s, Mapping):
            vec_list: list[Any] = [0] * k
            for lab, p in s.items():
                vec_list[self.action_index(i, lab)] = p
            s = vec_list
        try:
            arr = as_number_array(s)
        except ValueError as exc:
            raise InvalidProfileError(f"strategy of player {name!r}: {exc}") from None
        if arr.shape != (k,):
            raise InvalidProfileError(f"strategy of player {name!r} must have {k} probabilities, got shape {arr.shape}")
        if arr.dtype == object:
            if any(p < 0 for p in arr):
                shown = list(map(str, arr))
                raise InvalidProfileError(f"strategy of player {name!r} has negative probabilities: {shown}")
            total = sum(arr, Fraction(0))
            if total != 1:
                raise InvalidProfileError(f"strategy of player {name!r} sums to {total}, not 1")
            return arr if self.is_exact else arr.astype(float)
        if np.any(arr < -1e-12):
            raise InvalidProfileError(f"strategy of player {name!r} has negative probabilities: {arr.tolist()}")
        if abs(float(arr.sum()) - 1.0) > 1e-9:
            raise InvalidProfileError(f"strategy of player {name!r} sums to {arr.sum()!r}, not 1")
        return np.clip(arr, 0.0, None)

    def _contract_except(self, profile: Profile, i: int) -> np.ndarray:
        """Payoff of each pure action of player ``i`` against the others' mixed strategies."""
        t = self._payoffs[i]
        exact = self.is_exact and all(s.dtype == object for s in profile)
        if not exact:
            t = to_float_array(t)
        # contract from the last axis down so axis numbers of earlier players stay valid;
        # a pure strategy is an index, not a contraction (fast path for pure profiles)
        for j in range(self.n_players - 1, -1, -1):
            if j == i:
                continue
            s = profile[j] if exact else np.asarray(profile[j], dtype=float)
            support = np.flatnonzero(s != 0)
            if len(support) == 1 and s[support[0]] == 1:
                t = np.take(t, int(support[0]), axis=j)
            else:
                t = np.tensordot(t, s, axes=([j], [0]))
        return t

    def action_payoffs(self, strategies: Any, player: int | str) -> np.ndarray:
        """Payoff to ``player`` of each of its pure actions against the others' strategies."""
        profile = self.profile(strategies)
        return self._contract_except(profile, self.player_index(player))

    def expected_payoffs(self, strategies: Any) -> tuple[Any, ...]:
        """Expected payoff of each player under a (mixed) profile."""
        profile = self.profile(strategies)
        out = []
        for i in range(self.n_players):
            u = self._contract_except(profile, i)
            s = profile[i] if u.dtype == object else np.asarray(profile[i], dtype=float)
            out.append(s.dot(u) if u.dtype == object else float(s @ u))
        return tuple(out)

    def best_responses(self, strategies: Any, player: int | str, *, rtol: float = 0.0) -> tuple[int, ...]:
        """Indices of ``player``'s pure best responses to the others' strategies.

        With float payoffs, actions within ``rtol`` times the player's payoff range of the best count as
        best responses (plus float64's rounding allowance when some other player mixes; see
        :meth:`tolerances`).
        """
        i = self.player_index(player)
        profile = self.profile(strategies)
        u = self._contract_except(profile, i)
        if u.dtype == object:
            best = max(u)
            return tuple(k for k, v in enumerate(u) if v == best)
        atol = self.tolerances(rtol, mixed=is_mixed(profile[:i] + profile[i + 1:]))[i]
        return tuple(int(k) for k in np.flatnonzero(u >= u.max() - atol))

    def regrets(self, strategies: Any) -> tuple[Any, ...]:
        """Each player's regret: best pure-deviation payoff minus its expected payoff (>= 0)."""
        profile = self.profile(strategies)
        out = []
        for i in range(self.n_players):
            u = self._contract_except(profile, i)
            if u.dtype == object:
                out.append(max(u) - profile[i].dot(u))
            else:
                out.append(max(0.0, float(u.max() - np.asarray(profile[i], dtype=float) @ u)))
        return tuple(out)

    def max_regret(self, strategies: Any) -> Any:
        """Largest regret of any player (0 exactly at an exact equilibrium)."""
        return max(self.regrets(strategies))

    def is_equilibrium(self, strategies: Any, rtol: float = 1e-8) -> bool:
        """True when no player gains more than ``rtol`` times its own payoff range by a unilateral
        deviation (plus float64's rounding allowance for a mixed profile; see :meth:`tolerances`).

        For exact payoffs and exact strategies the test is exact and ``rtol`` is ignored.
        """
        profile = self.profile(strategies)
        regrets = self.regrets(profile)
        if all(isinstance(r, Fraction) for r in regrets):
            return all(r == 0 for r in regrets)
        return all(float(r) <= t for r, t in zip(regrets, self.tolerances(rtol, mixed=is_mixed(profile)), strict=True))

    # ------------------------------------------------------------------ dunder
    def _require_two_players(self, what: str) -> None:
        if self.n_players != 2:
            from ..errors import NotApplicableError

            raise NotApplicableError(f"{what} needs a two-player game; this one has {self.n_players} players")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, NormalFormGame):
            return NotImplemented
        return (
            self._players == other._players
            and self._actions == other._actions
            and self.is_exact == other.is_exact
            and self._payoffs.shape == other._payoffs.shape
            and bool(np.all(self._payoffs == other._payoffs))
        )

    def __hash__(self) -> int:
        if self._hash is None:
            self._hash = hash(self.digest())
        return self._hash

    def __setattr__(self, name: str, value: Any) -> None:
        if hasattr(self, "_hash") and name not in ("_hash", "_digest", "_float_loss"):
            raise AttributeError("NormalFormGame is immutable")
        object.__setattr__(self, name, value)

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (self._payoffs, self._players, self._actions, self._title))

    def __repr__(self) -> str:
        shape = "x".join(map(str, self.shape))
        title = f" {self._title!r}" if self._title else ""
        return f"<NormalFormGame{title} {shape} {self.arithmetic} players={list(self._players)}>"

    def table(self, digits: int = 6) -> str:
        """Plain-text payoff table (two players: a bimatrix; more: one row per profile)."""
        fmt = lambda v: format_number(v, digits)  # noqa: E731
        if self.n_players == 2:
            rows = [[""] + list(self._actions[1])]
            for r, lab in enumerate(self._actions[0]):
                rows.append([lab] + [
                    f"{fmt(self._payoffs[0, r, c])}, {fmt(self._payoffs[1, r, c])}" for c in range(self.shape[1])
                ])
            widths = [max(len(row[k]) for row in rows) for k in range(len(rows[0]))]
            lines = ["  ".join(cell.rjust(w) for cell, w in zip(row, widths, strict=True)) for row in rows]
            header = f"{self._players[0]} (rows) vs {self._players[1]} (columns)"
            return "\n".join([header, *lines])
        lines = [" | ".join(self._players) + " || payoffs"]
        for idx in itertools.product(*(range(k) for k in self.shape)):
            labs = " | ".join(self._actions[i][a] for i, a in enumerate(idx))
            cell: tuple[slice | int, ...] = (slice(None), *idx)
            pays = ", ".join(fmt(v) for v in self._payoffs[cell])
            lines.append(f"{labs} || {pays}")
        return "\n".join(lines)


def is_mixed(strategies: Sequence[np.ndarray]) -> bool:
    """True when some strategy puts weight on more than one action (its expected payoffs are then
    computed sums, which float64 rounds: see :meth:`NormalFormGame.tolerance`)."""
    return any(np.count_nonzero(s) > 1 for s in strategies)


def _float_bounds(arr: np.ndarray) -> tuple[tuple[float, float], ...]:
    """Each player's ``(min, max)`` payoff as floats.

    Rejects payoffs beyond the float64 range, and a player whose payoffs span more than it (the
    spread would be infinite): tolerances, scales and the float solvers need both to be finite.
    """
    n = arr.shape[0]
    try:
        values = to_float_array(arr).reshape(n, -1)
    except OverflowError:  # an exact payoff too large for a float
        where, v = next((idx, v) for idx, v in np.ndenumerate(arr) if not _fits_float(v))
        size = math.log10(abs(v.numerator)) - math.log10(v.denominator)
        raise InvalidGameError(
            f"payoffs: entry {where} is about {'-' if v < 0 else ''}1e{size:.0f}, beyond the float64 range "
            "(about 1.8e308) that tolerances and float solvers need; rescale the payoffs"
        ) from None
    lows, highs = values.min(axis=1).tolist(), values.max(axis=1).tolist()
    for i, (lo, hi) in enumerate(zip(lows, highs, strict=True)):
        if not math.isfinite(hi - lo):
            raise InvalidGameError(
                f"payoffs: player {i}'s payoffs range from {lo!r} to {hi!r}, a spread beyond the float64 range "
                "that tolerances and float solvers need; rescale the payoffs"
            )
    return tuple(zip(lows, highs, strict=True))


def _exact_text(v: Fraction) -> str:
    """``"p/q"`` text of an exact payoff for the digest; hexadecimal when the decimal text is beyond
    Python's digit limit (hex has none), so that huge payoffs hash exactly too."""
    try:  # the same text as format_number for every value Python writes in decimal
        return fraction_text(v)
    except ValueError:
        return f"{v.numerator:#x}/{v.denominator:#x}"


#: :meth:`NormalFormGame.float_image_loss`: rounding errors above this share of a player's payoff range
#: make the float image another game (the default relative tolerance of the solvers).
FLOAT_IMAGE_RTOL = 1e-9


def float_image_loss_of(tables: Any, names: Sequence[str]) -> str | None:
    """:meth:`NormalFormGame.float_image_loss` of exact payoff tables, one per named player."""
    for name, table in zip(names, tables, strict=True):
        flat = table.reshape(-1)
        spread = max(flat) - min(flat)
        if spread == 0:  # a constant player rounds to a constant player: nothing is lost
            continue
        worst = Fraction(0)
        for v in flat:
            if _is_float64(v):
                continue
            try:
                f = float(v)
            except OverflowError:
                return f"{name}'s payoffs reach {_short(abs(Fraction(v)))}, beyond float64's range"
            if f != v:  # an exact comparison of a float with an int or Fraction
                worst = max(worst, abs(Fraction(f) - v))
        if worst > FLOAT_IMAGE_RTOL * spread:
            return (f"{name}'s payoffs move by up to {_short(worst)} ({float(worst / spread):.2g} of their "
                    f"range {_short(spread)}) when rounded to float64")
    return None


def _is_float64(v: Fraction) -> bool:
    """A quick sufficient test that ``v`` is a float64 value: a numerator within 53 bits over a power
    of two that keeps it a normal number (the common integer and binary-fraction payoffs)."""
    d = v.denominator
    return -(2**53) <= v.numerator <= 2**53 and d & (d - 1) == 0 and d <= 2**1000


def _short(q: Fraction) -> str:
    """A positive exact number in short: ``"300"``, ``"8.67e-19"``, or ``"about 2**-1100"`` below float64."""
    try:
        if 0 < float(q) < math.inf:
            return f"{float(q):.3g}"
    except OverflowError:
        pass
    return f"about 2**{q.numerator.bit_length() - q.denominator.bit_length()}"


def _fits_float(v: Fraction) -> bool:
    try:
        float(v)
    except OverflowError:
        return False
    return True


def _check_size(shape: tuple[int, ...], *, exact: bool) -> None:
    """Refuse a payoff table of ``shape`` (players first) with more entries than accepted (see ``MAX_*_ENTRIES``)."""
    entries = int(np.prod(shape, dtype=object))
    limit = MAX_EXACT_ENTRIES if exact else MAX_FLOAT_ENTRIES
    if entries > limit:
        kind = "exact" if exact else "float64"
        raise InvalidGameError(
            f"game too large: {shape[0]} players x {int(np.prod(shape[1:], dtype=object)):,} profiles "
            f"{tuple(shape[1:])} = {entries:,} payoff entries, more than the {limit:,} accepted for {kind} payoffs"
        )


def _looks_numeric(s: str) -> bool:
    try:
        to_fraction(s)
    except ValueError:
        return False
    return True


def _rebuild(payoffs: np.ndarray, players: tuple[str, ...], actions: Any, title: str) -> NormalFormGame:
    return NormalFormGame(payoffs, players, actions, title=title)

