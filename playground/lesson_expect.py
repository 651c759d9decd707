"""What a lesson step's text relies on, declared beside it (a step's ``expect``),
so a test can open every step in the window, run its actions without Play, and
check that the window shows what the text says.

Each declaration is one object with one key:

- ``{"epoch": N}``: the epoch counter reads N.
- ``{"front": ["gradients", ...]}``: these panels are in view.
- ``{"gradient_curves": {"layers": K, "from_epoch": E}}``: the gradient-flow plot
  has a curve for each of K layers, starting at epoch E.
- ``{"contributions": K}``: the 1-D plot draws K hidden units' contributions.
- ``{"inspector_rows": [U, W]}``: the inspector's tables show U units and W weights.
- ``{"inspector_stage": N}`` or ``"all"``: the inspector shows its numbers up to that stage.
- ``{"confusion": K}``: the loss panel shows a K×K confusion matrix.
- ``{"sweep": true}``: the landscape panel draws the loss against one weight.
- ``{"train_loss": {"below": x}}`` or ``{"above": x}`` (``test_loss`` alike); ``{"test_accuracy":
  {"at_least": x}}`` or ``{"below": x}``: the numbers above the loss curve.
- ``{"weight": {"layer", "row", "column", "value"}}``, ``{"bias": {"layer", "row",
  "value"}}``: a weight as the network shows it.
"""

from __future__ import annotations

EXPECTATIONS = ("epoch", "front", "gradient_curves", "contributions", "inspector_rows", "inspector_stage",
                "confusion", "sweep",
                "train_loss", "test_loss", "test_accuracy", "weight", "bias")
BOUNDS = ("below", "above", "at_least")


def _number(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _whole(v) -> bool:
    return isinstance(v, int) and not isinstance(v, bool) and v >= 0


def check_expectation(value, where: str, fail, panels) -> dict:
    """One declaration, checked for shape (``fail(where, why)`` raises)."""
    if not isinstance(value, dict) or len(value) != 1:
        fail(where, f"expected one declaration such as {{\"epoch\": 100}}; declarations: {', '.join(EXPECTATIONS)}")
    (name, args), = value.items()
    field = f"{where}.{name}"
    if name not in EXPECTATIONS:
        fail(where, f"unknown declaration {name!r}; expected one of {', '.join(EXPECTATIONS)}")
    if name in ("epoch", "contributions", "confusion") and not _whole(args):
        fail(field, f"expected a whole number, got {args!r}")
    if name == "front" and not (isinstance(args, list) and args and all(a in panels for a in args)):
        fail(field, f"expected a list of panels among {', '.join(panels)}, got {args!r}")
    if name == "gradient_curves" and not (isinstance(args, dict) and _whole(args.get("layers"))
                                          and _whole(args.get("from_epoch"))):
        fail(field, "expected {\"layers\": K, \"from_epoch\": E}")
    if name == "inspector_rows" and not (isinstance(args, list) and len(args) == 2 and all(map(_whole, args))):
        fail(field, "expected [units, weights]")
    if name == "inspector_stage" and not (args == "all" or _whole(args)):
        fail(field, f"expected a stage number or \"all\", got {args!r}")
    if name == "sweep" and args is not True:
        fail(field, "expected true")
    if name in ("train_loss", "test_loss", "test_accuracy") and not (isinstance(args, dict) and len(args) == 1
                                                         and set(args) <= set(BOUNDS) and _number(*args.values())):
        fail(field, f"expected one bound, {{\"below\": x}}, {{\"above\": x}} or {{\"at_least\": x}}, got {args!r}")
    required = {"weight": ("layer", "row", "column", "value"), "bias": ("layer", "row", "value")}.get(name)
    if required and not (isinstance(args, dict) and set(args) == set(required) and all(map(_number, args.values()))):
        fail(field, f"expected numbers {', '.join(required)}")
    return {name: args}
