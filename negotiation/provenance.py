"""Provenance attached to every result: what produced it, from what, with which options.

Provenance holds no timestamps or host names, so the same call gives the same JSON.
"""

from __future__ import annotations

import functools
import importlib.metadata
import platform
from collections.abc import Callable, Mapping
from typing import Any

from ._frozen import FrozenMap

__all__ = ["Provenance", "package_version", "library_versions", "freeze_options"]


@functools.cache
def package_version(name: str = "negotiation") -> str:
    """Installed version of a distribution, or ``"unknown"`` (looked up once per process)."""
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        if name == "negotiation":
            from . import __version__

            return __version__
        return "unknown"


@functools.cache
def library_versions(libraries: tuple[str, ...] = ("numpy",)) -> FrozenMap:
    """Versions of this package, Python and ``libraries``, in that order (looked up once per process)."""
    versions = {"negotiation": package_version(), "python": platform.python_version()}
    for lib in libraries:
        versions[lib] = package_version(lib)
    return FrozenMap(versions)


def freeze_options(options: Mapping[str, Any] | None) -> Mapping[str, Any]:
    """Read-only copy of an options mapping with JSON-friendly values."""
    return FrozenMap({k: v if type(v) in _SCALARS else _plain(v) for k, v in sorted((options or {}).items())})


#: Option values kept as they are (exact types: subclasses such as enums go through :func:`_plain`).
_SCALARS = frozenset({str, int, float, bool, type(None)})


def _plain(v: Any) -> Any:
    if isinstance(v, (str, int, float, bool)) or v is None:
        return v
    if isinstance(v, (list, tuple)):
        return tuple(_plain(x) for x in v)
    return str(v)


class Provenance:
    """Where a result came from (immutable).

    Attributes
    ----------
    method:
        Solver or procedure name, e.g. ``"vertex_enumeration"``.
    options:
        Every option the procedure ran with (defaults included).
    input_digest:
        SHA-256 of the input (game digest, scenario file hash, ...). It may be given as a function
        that computes it, e.g. a game's bound ``digest`` method: it is then computed when first read
        (hashing a payoff table of a billion entries takes longer than solving it for its pure
        equilibria), and the provenance keeps that function, and so the game, until then.
    versions:
        Versions of this package and the numerical libraries used.
    seed:
        The seed of a stochastic procedure (``None`` if deterministic).

    >>> p = Provenance("pure", input_digest=lambda: "ab12")
    >>> p.input_digest, p == Provenance("pure", input_digest="ab12")
    ('ab12', True)
    """

    __slots__ = ("method", "options", "versions", "seed", "_input")
    method: str
    options: Mapping[str, Any]
    versions: Mapping[str, str]
    seed: int | None
    _input: str | Callable[[], str]

    def __init__(self, method: str, options: Mapping[str, Any] | None = None,
                 input_digest: str | Callable[[], str] = "", versions: Mapping[str, str] | None = None,
                 seed: int | None = None) -> None:
        if not (isinstance(input_digest, str) or callable(input_digest)):
            raise TypeError(f"input_digest must be a str or a function returning one, got {input_digest!r}")
        put = object.__setattr__
        put(self, "method", method)
        put(self, "options", FrozenMap() if options is None else options)
        put(self, "_input", input_digest)
        put(self, "versions", FrozenMap() if versions is None else versions)
        put(self, "seed", seed)

    @property
    def input_digest(self) -> str:
        digest = self._input
        if not isinstance(digest, str):
            digest = digest()
            if not isinstance(digest, str):
                raise TypeError(f"the input digest of {self.method!r} must be a str, got {digest!r}")
            object.__setattr__(self, "_input", digest)
        return digest

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"Provenance is immutable; cannot set {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"Provenance is immutable; cannot delete {name!r}")

    def _key(self) -> tuple[Any, ...]:
        return (self.method, self.options, self.input_digest, self.versions, self.seed)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Provenance):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __reduce__(self) -> tuple[Any, ...]:
        return (Provenance, self._key())

    def __repr__(self) -> str:
        return (f"Provenance(method={self.method!r}, options={self.options!r}, input_digest={self.input_digest!r}, "
                f"versions={self.versions!r}, seed={self.seed!r})")

    @classmethod
    def make(
        cls, method: str, options: Mapping[str, Any] | None = None, *,
        input_digest: str | Callable[[], str] = "", seed: int | None = None,
        libraries: tuple[str, ...] = ("numpy",),
    ) -> Provenance:
        return cls(method, freeze_options(options), input_digest, library_versions(tuple(libraries)), seed)

    def to_dict(self) -> dict[str, Any]:
        return {
            "method": self.method,
            "options": dict(self.options),
            "input_digest": self.input_digest,
            "versions": dict(self.versions),
            "seed": self.seed,
        }
