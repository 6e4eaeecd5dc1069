"""Conversion to and from other tools: Gambit's ``.nfg`` files, nashpy and pygambit games.

nashpy and pygambit are imported only inside the functions that need them; pygambit (GPL) is
optional and installed with the ``gambit`` extra.
"""

from __future__ import annotations

from .gambit import from_pygambit, to_pygambit
from .nashpy_interop import to_nashpy
from .nfg import NfgFormatError, read_nfg, write_nfg

__all__ = ["read_nfg", "write_nfg", "NfgFormatError", "to_nashpy", "to_pygambit", "from_pygambit"]
