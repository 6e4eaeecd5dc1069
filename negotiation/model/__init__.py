"""Immutable game models, validated at construction."""

from .normal_form import NormalFormGame, Profile

__all__ = ["NormalFormGame", "Profile"]
