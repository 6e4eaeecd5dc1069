"""Reading scenario files: size limits, UTF-8, TOML (read exactly), validation, caching.

:func:`load_scenario` accepts a path to a ``.toml`` file or the name of a bundled scenario (see
:mod:`negotiation.scenarios.catalog`); :func:`loads_scenario` takes the TOML text itself. TOML
floats are read as :class:`decimal.Decimal` so that ``0.1`` in a file is exactly one tenth.
"""

from __future__ import annotations

import hashlib
import os
import re
import threading
import tomllib
from collections import OrderedDict
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..errors import ScenarioError
from .model import Scenario
from .schema import ScenarioParts, build_parts

__all__ = ["load_scenario", "loads_scenario", "scenario_from_bytes", "MAX_FILE_BYTES"]

#: Largest scenario file accepted, in bytes.
MAX_FILE_BYTES = 1_000_000

_BUNDLED_NAME = re.compile(r"[a-z][a-z0-9_]{0,63}\Z")
_CACHE: OrderedDict[tuple[str, str], ScenarioParts] = OrderedDict()
_CACHE_SIZE = 64
_LOCK = threading.Lock()


def _parts(data: bytes, label: str, digest: str) -> ScenarioParts:
    key = (label, digest)
    with _LOCK:
        hit = _CACHE.get(key)
        if hit is not None:
            _CACHE.move_to_end(key)
            return hit
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ScenarioError(f"the file is not valid UTF-8 (byte {exc.start})", file=label) from None
    try:
        doc = tomllib.loads(text, parse_float=Decimal)
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(f"malformed TOML: {exc}", file=label) from None
    except RecursionError:
        raise ScenarioError("malformed TOML: nested too deeply", file=label) from None
    except ValueError as exc:  # e.g. an integer of more than 4300 digits (Python's int-string limit)
        raise ScenarioError(f"malformed TOML: a value cannot be read ({exc})", file=label) from None
    parts = build_parts(doc, file=label)
    with _LOCK:
        _CACHE[key] = parts
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    return parts


def scenario_from_bytes(data: bytes, *, label: str, path: str | None = None) -> Scenario:
    """Validate the bytes of a scenario file into a :class:`Scenario` (``label`` names it in errors)."""
    if len(data) > MAX_FILE_BYTES:
        raise ScenarioError(f"the file is larger than {MAX_FILE_BYTES} bytes ({len(data)})", file=label)
    digest = hashlib.sha256(data).hexdigest()
    return Scenario.from_parts(_parts(data, label, digest), path=path, sha256=digest, label=label)


def loads_scenario(text: str, *, file: str = "<string>") -> Scenario:
    """A scenario from TOML text (``file`` names it in error messages).

    Examples
    --------
    >>> s = loads_scenario('''
    ... [scenario]
    ... name = "tiny"
    ... title = "A tiny coordination game"
    ... [parameters.bonus]
    ... default = 0.5
    ... range = [0, 1]
    ... [[players]]
    ... name = "Ann"
    ... actions = ["Left", "Right"]
    ... [[players]]
    ... name = "Bob"
    ... actions = ["Left", "Right"]
    ... [payoffs]
    ... "Left/Left" = ["1 + bonus", 1]
    ... "Left/Right" = [0, 0]
    ... "Right/Left" = [0, 0]
    ... "Right/Right" = [1, "1 + bonus"]
    ... ''')
    >>> s.game().payoff(["Left", "Left"])
    (Fraction(3, 2), Fraction(1, 1))
    """
    if not isinstance(text, str):
        raise TypeError(f"expected TOML text, got {type(text).__name__}")
    return scenario_from_bytes(text.encode("utf-8"), label=file)


def _read_limited(path: Path, label: str) -> bytes:
    try:
        if not path.is_file():
            if path.exists():
                raise ScenarioError("is not a regular file", file=label)
            raise ScenarioError("no such scenario file", file=label)
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ScenarioError(f"the file is larger than {MAX_FILE_BYTES} bytes ({size})", file=label)
        with open(path, "rb") as fh:
            data = fh.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise ScenarioError(f"cannot read the file: {exc.strerror or exc}", file=label) from None
    if len(data) > MAX_FILE_BYTES:
        raise ScenarioError(f"the file is larger than {MAX_FILE_BYTES} bytes", file=label)
    return data


def load_scenario(path_or_name: str | os.PathLike[str]) -> Scenario:
    """Load a scenario from a ``.toml`` path or by the name of a bundled scenario.

    A string with a path separator or a ``.toml`` suffix (in any letter case), or any
    :class:`os.PathLike`, is a path; so is any other string that is not a bundled scenario's name
    but names an existing file. Otherwise it is the name of a bundled scenario (see
    :func:`~negotiation.scenarios.list_scenarios`). Bundled scenarios are read with
    :mod:`importlib.resources`, so they also load from an installed wheel.

    Raises
    ------
    ScenarioError
        Unknown name, missing or unreadable file, file over :data:`MAX_FILE_BYTES`, malformed
        TOML (with line and column), or any invalid content (naming the field and value).

    Examples
    --------
    >>> s = load_scenario("compute_deal")
    >>> s.parameters["price"].default, s.parameters["price"].unit
    (Fraction(5, 4), '$B/month')
    """
    if isinstance(path_or_name, os.PathLike):
        path = Path(path_or_name)
        return scenario_from_bytes(_read_limited(path, str(path)), label=str(path), path=str(path))
    if not isinstance(path_or_name, str):
        raise TypeError(f"expected a path or a scenario name, got {type(path_or_name).__name__}")
    text = path_or_name
    is_path = text.lower().endswith(".toml") or "/" in text or os.sep in text or bool(os.altsep and os.altsep in text)
    if is_path or (not _BUNDLED_NAME.match(text) and _is_file(text)):
        path = Path(text)
        return scenario_from_bytes(_read_limited(path, text), label=text, path=text)
    from .catalog import bundled_bytes

    if not _BUNDLED_NAME.match(text):
        raise ScenarioError("not a bundled scenario name (lower-case letters, digits, '_') nor a path to a .toml "
                            "file", value=text)
    try:
        data, where = bundled_bytes(text)
    except ScenarioError:
        if not _is_file(text):
            raise
        return scenario_from_bytes(_read_limited(Path(text), text), label=text, path=text)
    return scenario_from_bytes(data, label=where, path=where)


def _is_file(text: str) -> bool:
    try:
        return os.path.isfile(text)
    except (OSError, ValueError):  # e.g. a NUL character in the text
        return False


def _clear_cache() -> Any:
    """Forget parsed files (tests)."""
    with _LOCK:
        _CACHE.clear()
