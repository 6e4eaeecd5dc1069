"""The bundled scenarios: TOML files shipped inside the package (``negotiation/games``).

In the source tree ``negotiation/games`` is a symbolic link to the repository's top-level
``games/`` directory; building a wheel copies the files (``[tool.setuptools.package-data]``
lists ``games/*.toml``), so the same :mod:`importlib.resources` lookup works in a checkout, an
editable install and a plain ``pip install`` of the wheel.
"""

from __future__ import annotations

import difflib
from importlib import resources
from importlib.resources.abc import Traversable

from ..errors import ScenarioError

__all__ = ["list_scenarios", "bundled_names", "bundled_bytes"]


def _games_dir() -> Traversable:
    return resources.files("negotiation").joinpath("games")


def bundled_names() -> list[str]:
    """Names of the bundled scenarios (file stems), sorted."""
    root = _games_dir()
    if not root.is_dir():
        return []
    return sorted(e.name[: -len(".toml")] for e in root.iterdir() if e.name.endswith(".toml") and e.is_file())


def bundled_bytes(name: str) -> tuple[bytes, str]:
    """The bytes of a bundled scenario and a display path for it."""
    names = bundled_names()
    if name not in names:
        near = difflib.get_close_matches(name, names, n=1)
        hint = f"did you mean {near[0]!r}? " if near else ""
        raise ScenarioError(f"unknown scenario {name!r}; {hint}bundled scenarios: {', '.join(names) or 'none'} "
                            "(or give a path to a .toml file)", value=name)
    entry = _games_dir().joinpath(f"{name}.toml")
    from .loader import MAX_FILE_BYTES

    with entry.open("rb") as fh:
        data = fh.read(MAX_FILE_BYTES + 1)
    return data, f"games/{name}.toml"


def list_scenarios() -> list[tuple[str, str]]:
    """``(name, title)`` of every bundled scenario, sorted by name.

    Each file is fully loaded and validated, so a broken bundled file is an error here.

    Examples
    --------
    >>> dict(list_scenarios())["prisoners_dilemma"]
    "Prisoner's dilemma"
    """
    from .loader import load_scenario

    out = []
    for name in bundled_names():
        scenario = load_scenario(name)
        if scenario.name != name:
            raise ScenarioError(f"the bundled file {name}.toml declares name {scenario.name!r}; they must match",
                                file=scenario.file, field="scenario.name", value=scenario.name)
        out.append((name, scenario.title))
    return out
