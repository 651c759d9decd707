"""TensorFlow Playground links: its URL hash state turned into our settings.

``https://playground.tensorflow.org/#activation=tanh&batchSize=10&dataset=circle
&learningRate=0.03&networkShape=4,2&x=true&y=true&...`` sets up the same
problem, data set, features, network and training settings, with TensorFlow
Playground's own output (tanh for classification, linear for regression), loss
(½ squared error) and initialisation (U(-0.5, 0.5), biases 0.1). Its data come
from its own random generator, so the points themselves differ; the seed string
maps to one of ours deterministically. Unknown keys are ignored with a note;
bad values are named.
"""

from __future__ import annotations

import math
import zlib
from urllib.parse import parse_qsl, urlsplit

from playground.engine.errors import InputError
from playground.settings import Settings

HOST = "playground.tensorflow.org"
SOURCE = "TensorFlow Playground link"  # how messages name it
# TensorFlow Playground's feature switches -> our input names (cos x / cos y: none of ours)
FEATURES = {"x": "x1", "y": "x2", "xSquared": "x1^2", "ySquared": "x2^2", "xTimesY": "x1*x2",
            "sinX": "sin(x1)", "sinY": "sin(x2)"}
UNSUPPORTED_FEATURES = ("cosX", "cosY")
# Its activations and penalties: the same names as ours
ACTIVATIONS = ("relu", "tanh", "sigmoid", "linear")
REGULARIZATIONS = ("none", "L1", "L2")
CLASSIFICATION_SETS = ("circle", "xor", "gauss", "spiral")
REGRESSION_SETS = ("reg-plane", "reg-gauss")
# Keys we read, and keys that only concern its page (shown or not, tutorials, stats).
KNOWN = {"activation", "batchSize", "dataset", "regDataset", "learningRate", "regularization",
         "regularizationRate", "noise", "networkShape", "seed", "showTestData", "discretize", "percTrainData",
         "problem", "initZero", *FEATURES, *UNSUPPORTED_FEATURES}
PAGE_ONLY = {"collectStats", "hideText", "tutorial", "stepButton_hide"}


MAX_LINK_CHARACTERS = 10_000


def is_link(text: str) -> bool:
    text = str(text).strip()
    return text.startswith(("http://", "https://")) and HOST in text or text.startswith("#activation=")


def parse_link(link: str) -> tuple[Settings, dict, list[str]]:
    """(settings, view options, notes). View options: show_test, discretize, and
    ``hidden_controls``: the names TensorFlow Playground's ``*_hide`` keys hide."""
    link = link.strip()
    if len(link) > MAX_LINK_CHARACTERS:  # a real one is a few hundred; a huge paste would freeze the window
        raise InputError(f"{SOURCE}: {len(link):,} characters; a TensorFlow Playground link has at most "
                         f"{MAX_LINK_CHARACTERS:,}")
    fragment = urlsplit(link).fragment if "://" in link else link.lstrip("#")
    if not fragment:
        raise InputError(f"{SOURCE}: no settings after '#' in this TensorFlow Playground link")
    state = dict(parse_qsl(fragment, keep_blank_values=True))
    notes, hidden = [], []
    for key in state:
        if key.endswith("_hide"):
            if _bool(state, key, False):
                hidden.append(key[:-5])
        elif key not in KNOWN and key not in PAGE_ONLY:
            notes.append(f"ignored the unknown key {key!r}")

    problem = _choice(state, "problem", "classification", ("classification", "regression"))
    if problem == "classification":
        dataset = _choice(state, "dataset", "circle", CLASSIFICATION_SETS)
    else:
        dataset = _choice(state, "regDataset", "reg-plane", REGRESSION_SETS)
    inputs = [ours for theirs, ours in FEATURES.items() if _bool(state, theirs, theirs in ("x", "y"))]
    for key in UNSUPPORTED_FEATURES:
        if _bool(state, key, False):
            notes.append(f"{key} is not one of Playground's features; left out")
    if not inputs:
        raise InputError(f"{SOURCE}: no input feature is switched on (x, y, xSquared, ...)")
    shape = state.get("networkShape", "4,2")
    try:
        hidden_layers = [int(n) for n in shape.split(",") if n.strip()]
    except ValueError:
        raise InputError(f"{SOURCE}: networkShape: expected neuron counts such as 4,2, got {shape!r}") from None
    if any(not 1 <= n <= 16 for n in hidden_layers) or len(hidden_layers) > 8:
        raise InputError(f"{SOURCE}: networkShape: expected up to 8 layers of 1 to 16 neurons, got {shape!r}")
    values = {
        "problem": problem, "dataset": dataset, "inputs": inputs, "hidden": hidden_layers,
        "activation": _choice(state, "activation", "tanh", ACTIVATIONS),
        "output_activation": "tanh" if problem == "classification" else "linear", "loss": "half_se",
        "learning_rate": _number(state, "learningRate", 0.03, 1e-6, 10),
        "regularization": _choice(state, "regularization", "none", REGULARIZATIONS),
        "regularization_rate": _number(state, "regularizationRate", 0.0, 0, 10),
        "noise": _number(state, "noise", 0.0, 0, 50),
        "train_percent": _number(state, "percTrainData", 50.0, 10, 90),
        "batch_size": int(_number(state, "batchSize", 10, 1, 100_000, whole=True)),
        "init": "zeros" if _bool(state, "initZero", False) else "tfp",
        "seed": _seed(state.get("seed")), "points": 500, "optimizer": "sgd",
    }
    settings = Settings.from_dict(values, SOURCE)
    view = {"show_test": _bool(state, "showTestData", False), "discretize": _bool(state, "discretize", False),
            "hidden_controls": hidden}
    return settings, view, notes


def _choice(state, key, default, allowed):
    value = state.get(key, default)
    if value not in allowed:
        raise InputError(f"{SOURCE}: {key}: expected one of {', '.join(allowed)}, got {value!r}")
    return value


def _bool(state, key, default):
    value = state.get(key)
    if value is None:
        return default
    if value not in ("true", "false"):
        raise InputError(f"{SOURCE}: {key}: expected true or false, got {value!r}")
    return value == "true"


def _number(state, key, default, low, high, whole=False):
    text = state.get(key)
    if text is None:
        return default
    try:
        value = float(text)
    except ValueError:
        raise InputError(f"{SOURCE}: {key}: expected a number, got {text!r}") from None
    if not math.isfinite(value) or not low <= value <= high or (whole and value != int(value)):
        kind = "a whole number" if whole else "a number"
        raise InputError(f"{SOURCE}: {key}: expected {kind} from {low:g} to {high:g}, got {text!r}")
    return value


def _seed(text: str | None) -> int:
    """TensorFlow Playground's seed is a string such as '0.80204'; ours a whole number."""
    if text is None or not text.strip():
        return 1
    return zlib.crc32(text.strip().encode()) % 100_000
