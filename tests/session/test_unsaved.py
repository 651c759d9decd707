"""Whether a session has unsaved changes: its network, weights (training
included), data or settings differ from the last open or save. Undo back to that
state leaves none; an autosave does not count as a save."""

from __future__ import annotations

from session_support import Outbox

from playground.scenario import Scenario
from playground.session.loop import TrainingLoop
from playground.settings import Settings


def test_what_counts_as_unsaved(tmp_path):
    loop = TrainingLoop(Outbox(), None)
    session = loop.session
    assert not session.unsaved, "an untouched default"
    for name, args in (("reset", {"same_start": False}), ("set_setting", {"key": "learning_rate", "value": 0.3}),
                       ("add_neuron", {"layer": 0})):
        loop.handle(name, args)
        assert session.unsaved, name
        loop.handle("undo", {})
        assert not session.unsaved, f"undo of {name} is back where it was opened"
    loop.handle("train_epochs", {"count": 1})
    assert session.unsaved, "training changed the weights"
    loop.handle("save", {"path": str(tmp_path / "auto.json"), "quiet": True})
    assert session.unsaved, "an autosave is not a save"
    loop.handle("save", {"path": str(tmp_path / "saved.json")})
    assert not session.unsaved
    loop.handle("load", {"scenario": Scenario(Settings(dataset="xor"))})
    assert not session.unsaved, "as opened"
    loop.handle("mark_unsaved", {})
    assert session.unsaved
