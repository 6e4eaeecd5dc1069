"""The curated public API: every advertised name resolves, and importing stays light."""

from __future__ import annotations

import subprocess
import sys

import negotiation


def test_every_public_name_resolves():
    for name in negotiation.__all__:
        assert getattr(negotiation, name) is not None, name


def test_unknown_attribute_is_an_attribute_error():
    try:
        negotiation.no_such_name  # noqa: B018
    except AttributeError as exc:
        assert "no_such_name" in str(exc)
    else:  # pragma: no cover
        raise AssertionError("expected AttributeError")


def test_import_does_not_load_matplotlib_or_pygambit():
    code = "import sys, negotiation; print('matplotlib' in sys.modules, 'pygambit' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]
