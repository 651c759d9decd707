"""What the network editor shows on its input nodes: the plane's seven features
(each switched on or off by a click), x alone for a 1-D function, or plain inputs,
your own data's columns, named as the data names them, with the current sample's
values when the inspector holds one."""

from __future__ import annotations

from playground.engine.features import FEATURES, LINE_FEATURES, PLANE_FEATURES, is_plain
from playground.trace_format import number


def input_names(inputs) -> tuple:
    """The input nodes drawn: every plane feature (those off greyed), x, or the plain inputs."""
    if is_plain(inputs):
        return tuple(inputs)
    return LINE_FEATURES if tuple(inputs) == LINE_FEATURES else PLANE_FEATURES


def input_tooltip(name: str, inputs) -> str:
    if is_plain(inputs):
        return (f"{name}: input {list(inputs).index(name) + 1} of {len(inputs)}, a column of your data.\n"
                "The inspector's sample shows its value here; import another table to change the inputs.")
    if tuple(inputs) == LINE_FEATURES:
        return f"{name}: the input"
    return f"{name}: {FEATURES[name][1]}\nClick to switch this input feature on or off."


def input_label(name: str, snap) -> str:
    """The node's name and, for plain inputs, the value of the sample the inspector holds."""
    inputs = snap.network.inputs
    inspection = snap.teaching.inspection if snap.teaching is not None else None
    if not is_plain(inputs) or inspection is None or len(inspection.input) != len(inputs):
        return name
    return f"{name} = {number(inspection.input[inputs.index(name)])}"
