"""A dragged weight or bias (the network view's scrubbing): each passing value is a
``preview``, applied and drawn but not recorded; the command that ends the drag
records one edit from the state before the drag's first value."""

from __future__ import annotations

from session_support import Outbox

from playground.scenario import Scenario
from playground.session.commands import COMMANDS
from playground.session.loop import TrainingLoop
from playground.settings import Settings


def _loop():
    outbox = Outbox()
    return outbox, TrainingLoop(outbox, Scenario(Settings(hidden=[3])))


def _weight(value, **extra):
    return {"layer": 0, "row": 1, "column": 0, "value": value, **extra}


def test_only_set_weight_and_set_bias_can_be_dragged():
    assert {name for name, entry in COMMANDS.items() if entry.scrubbed} == {"set_weight", "set_bias"}
    assert not COMMANDS["preview"].undoable


def test_passing_values_are_applied_unrecorded_and_the_end_is_one_edit_from_before_the_drag():
    outbox, loop = _loop()
    before = loop.session.network.copy()
    for value in (0.25, 0.5, 0.75):
        loop.handle("preview", {"name": "set_weight", "args": _weight(value), "drag": 7})
        assert loop.session.network.W(0)[1, 0] == value
    assert "edited" not in outbox.kinds() and loop.undo.labels == (None, None)
    loop.handle("set_weight", _weight(1.0, drag=7))
    assert loop.session.network.W(0)[1, 0] == 1.0
    assert [m for m in outbox.messages if m[0] == "edited"] == [("edited", "Set a weight of layer 1 to 1")]
    loop.handle("undo", {})
    assert loop.session.network == before, "one undo: the value before the drag's first preview"
    assert loop.undo.labels == (None, "Set a weight of layer 1 to 1")
    loop.handle("redo", {})
    assert loop.session.network.W(0)[1, 0] == 1.0


def test_a_drag_ended_with_another_id_or_after_an_undo_records_only_its_own_value():
    outbox, loop = _loop()
    start = loop.session.network.copy()
    loop.handle("set_bias", {"layer": 0, "row": 0, "value": 2.0})
    loop.handle("preview", {"name": "set_weight", "args": _weight(0.5), "drag": 1})
    loop.handle("set_weight", _weight(0.75, drag=2))  # not the drag that kept the state
    loop.handle("undo", {})
    assert loop.session.network.W(0)[1, 0] == 0.5 and loop.session.network.b(0)[0] == 2.0
    loop.handle("preview", {"name": "set_weight", "args": _weight(-1.0), "drag": 3})
    loop.handle("undo", {})  # the bias edit goes; the drag's kept state with it
    loop.handle("set_weight", _weight(-2.0, drag=3))
    loop.handle("undo", {})
    assert loop.session.network == start, "not the kept state from before the undo (the bias of 2)"


def test_a_preview_of_a_command_that_cannot_be_dragged_is_refused():
    outbox, loop = _loop()
    sizes = list(loop.session.network.sizes)
    loop.handle("preview", {"name": "add_neuron", "args": {"layer": 0, "sizes": sizes}, "drag": 1})
    loop.handle("preview", {"name": "nonsense", "args": {}, "drag": 1})
    assert outbox.messages == [("problem", "add_neuron: not a value that can be dragged"),
                               ("problem", "unknown command 'nonsense'")]
    assert loop.session.network.sizes == tuple(sizes)
