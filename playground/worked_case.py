"""Worked cases (``*.case.json``): a network from the lecture and one sample traced
through it, with the numbers the lecture gives (tests/cases; README, Files).
Checked by field, in one line each, before anything is computed from them."""

from __future__ import annotations

import math

from playground.engine.errors import InputError


def check_case(case: dict, source: str) -> dict:
    """The case as given, once its fields are of the right type: ``network`` an
    object, ``input`` (and ``target``) lists of finite numbers, ``lr`` a number ≥ 0,
    ``wrt`` "loss" or "output"."""
    if not isinstance(case.get("network"), dict):
        raise InputError(f"{source}: network: expected a network object, got {_kind(case.get('network'))}")
    for key in ("input", "target"):
        if key in case and case[key] is not None:
            _numbers(case[key], f"{source}: {key}")
    if "input" not in case:
        raise InputError(f"{source}: input: missing (a worked case traces one sample)")
    lr = case.get("lr")
    if lr is not None and (isinstance(lr, bool) or not isinstance(lr, (int, float)) or not 0 <= lr < math.inf):
        raise InputError(f"{source}: lr: expected a number ≥ 0, got {lr!r}")
    if case.get("wrt", "loss") not in ("loss", "output"):
        raise InputError(f"{source}: wrt: expected \"loss\" or \"output\", got {case.get('wrt')!r}")
    return case


def _numbers(values, where: str) -> None:
    if not isinstance(values, list) or not values:
        raise InputError(f"{where}: expected a list of numbers, got {_kind(values)}")
    for i, v in enumerate(values):
        if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v):
            raise InputError(f"{where}[{i}]: expected a finite number, got {v!r}")


def _kind(value) -> str:
    return "nothing" if value is None else type(value).__name__
