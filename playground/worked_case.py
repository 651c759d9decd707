"""Worked cases (``*.case.json``): a network from the lecture and the samples traced
through it, with the numbers the lecture gives (tests/cases; README, Files). A case
gives one sample (``input``, ``target``, ``expect`` at the top) or several
(``samples``: a list of such objects). Checked by field, in one line each, before
anything is computed from them."""

from __future__ import annotations

import math

from playground.engine.errors import InputError


def check_case(case: dict, source: str) -> dict:
    """The case as given, once its fields are of the right type: ``network`` an
    object, each sample's ``input`` (and ``target``) lists of finite numbers and
    ``expect`` an object, ``lr`` a number ≥ 0, ``wrt`` "loss" or "output"."""
    if not isinstance(case.get("network"), dict):
        raise InputError(f"{source}: network: expected a network object, got {_kind(case.get('network'))}")
    if "samples" not in case:
        _sample(case, source)
    else:
        listed = case["samples"]
        both = [key for key in ("input", "target", "expect") if key in case]
        if both:
            raise InputError(f"{source}: {both[0]}: a case with samples gives each sample's {both[0]} in its "
                             "samples entry, not beside them")
        if not isinstance(listed, list) or not listed:
            raise InputError(f"{source}: samples: expected a non-empty list of samples, got {_kind(listed)}")
        for i, sample in enumerate(listed):
            if not isinstance(sample, dict):
                raise InputError(f"{source}: samples[{i}]: expected an object with input, target and expect, "
                                 f"got {_kind(sample)}")
            _sample(sample, f"{source}: samples[{i}]")
    lr = case.get("lr")
    if lr is not None and (isinstance(lr, bool) or not isinstance(lr, (int, float)) or not 0 <= lr < math.inf):
        raise InputError(f"{source}: lr: expected a number ≥ 0, got {lr!r}")
    if case.get("wrt", "loss") not in ("loss", "output"):
        raise InputError(f"{source}: wrt: expected \"loss\" or \"output\", got {case.get('wrt')!r}")
    return case


def case_samples(case: dict) -> list[dict]:
    """A checked case's samples, each {"input", "target", "expect"} (target and
    expect None where not given): its ``samples``, or the one sample at its top."""
    listed = case["samples"] if "samples" in case else [case]
    return [{"input": s["input"], "target": s.get("target"), "expect": s.get("expect")} for s in listed]


def _sample(sample: dict, where: str) -> None:
    for key in ("input", "target"):
        if key in sample and sample[key] is not None:
            _numbers(sample[key], f"{where}: {key}")
    if "input" not in sample:
        raise InputError(f"{where}: input: missing (a worked case traces one sample, or lists several "
                         "under samples)")
    if "expect" in sample and not isinstance(sample["expect"], dict):
        raise InputError(f"{where}: expect: expected an object of expected values, got {_kind(sample['expect'])}")


def _numbers(values, where: str) -> None:
    if not isinstance(values, list) or not values:
        raise InputError(f"{where}: expected a list of numbers, got {_kind(values)}")
    for i, v in enumerate(values):
        if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v):
            raise InputError(f"{where}[{i}]: expected a finite number, got {v!r}")


def _kind(value) -> str:
    return "nothing" if value is None else type(value).__name__
