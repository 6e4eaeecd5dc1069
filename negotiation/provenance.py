"""Provenance attached to every result: what produced it, from what, with which options.

Provenance holds no timestamps or host names, so the same call gives the same JSON.
"""

from __future__ import annotations

import functools
import importlib.metadata
import platform
from collections.abc import Mapping
from dataclasses import dataclass, field
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


@dataclass(frozen=True)
class Provenance:
    """Where a result came from.

    Attributes
    ----------
    method:
        Solver or procedure name, e.g. ``"vertex_enumeration"``.
    options:
        Every option the procedure ran with (defaults included).
    input_digest:
        SHA-256 of the input (game digest, scenario file hash, ...).
    versions:
        Versions of this package and the numerical libraries used.
    seed:
        The seed of a stochastic procedure (``None`` if deterministic).
    """

    method: str
    options: Mapping[str, Any] = field(default_factory=FrozenMap)
    input_digest: str = ""
    versions: Mapping[str, str] = field(default_factory=FrozenMap)
    seed: int | None = None

    @classmethod
    def make(
        cls, method: str, options: Mapping[str, Any] | None = None, *, input_digest: str = "",
        seed: int | None = None, libraries: tuple[str, ...] = ("numpy",),
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
