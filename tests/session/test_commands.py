"""The command table: every command the window sends is declared once, a name not
in it is refused, and a bug inside a command is an internal error (logged with
its traceback) while the session carries on."""

from __future__ import annotations

import ast
from pathlib import Path

import numpy as np
from session_support import Outbox

import playground
from playground.engine.network import Network
from playground.scenario import Scenario
from playground.session import commands
from playground.session.commands import COMMANDS, SHAPED
from playground.session.error_log import LOG_NAME
from playground.session.loop import TrainingLoop
from playground.session.process import start_loop
from playground.settings import Settings

UI = Path(playground.__file__).parent / "ui"
SENDERS = {"send", "apply", "_send"}  # window.send, worker.apply, the editor's _send


def commands_sent_by_the_ui() -> dict[str, list[str]]:
    """Every command name the window's code sends, with where: calls of send/apply
    and emits of a ``command`` signal whose first argument is a string literal."""
    found: dict[str, list[str]] = {}
    for path in sorted(UI.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.args):
                continue
            func, first = node.func, node.args[0]
            is_command = func.attr in SENDERS or (
                func.attr == "emit" and isinstance(func.value, ast.Attribute) and func.value.attr == "command")
            if is_command and isinstance(first, ast.Constant) and isinstance(first.value, str):
                found.setdefault(first.value, []).append(f"{path.name}:{node.lineno}")
    return found


def test_every_command_the_ui_sends_is_in_the_table():
    sent = commands_sent_by_the_ui()
    assert len(sent) >= 30, sorted(sent)  # the scan finds the window's commands, not a handful
    missing = {name: where for name, where in sent.items() if name not in COMMANDS}
    assert missing == {}


def test_each_command_is_declared_once_with_a_method_of_its_owner():
    assert len(commands._TABLE) == len(COMMANDS)
    session_loop = TrainingLoop(Outbox(), None)
    targets = {**session_loop.session.parts, "LoopCommands": session_loop.commands}
    for name, entry in COMMANDS.items():
        assert getattr(type(targets[entry.owner]), name) is entry.method, name
    assert SHAPED == {"add_neuron", "remove_neuron", "add_layer", "remove_layer", "set_weight", "set_bias",
                      "set_activation"}
    assert all(COMMANDS[name].edits_drawn for name in SHAPED), "a shaped edit also edits what is drawn"


def test_a_command_missing_from_the_table_is_refused_by_name():
    outbox = Outbox()
    loop = TrainingLoop(outbox, None)
    before = loop.session.network.params.copy()
    loop.handle("_set_network", {})
    loop.handle("delete_everything", {"now": True})
    assert outbox.messages[-2:] == [("problem", "unknown command '_set_network'"),
                                    ("problem", "unknown command 'delete_everything'")]
    assert np.array_equal(loop.session.network.params, before)


def test_an_index_error_in_a_command_is_an_internal_error_logged_with_its_traceback(tmp_path, monkeypatch):
    outbox = Outbox()
    loop = TrainingLoop(outbox, Scenario(Settings(hidden=[3])), log_folder=tmp_path)
    before = loop.session.network.params.copy()

    def broken(network, layer, rng):
        raise IndexError("a bug deliberately raised inside add_neuron")

    with monkeypatch.context() as patch:
        patch.setattr(Network, "with_neuron_added", broken)
        loop.handle("add_neuron", {"layer": 0, "sizes": [2, 3, 1]})
    kind, summary, report = outbox.messages[-1]
    assert kind == "internal_error" and summary.startswith("internal error in command 'add_neuron'")
    assert "Traceback (most recent call last)" in report and "IndexError: a bug deliberately raised" in report
    assert "network_edits.py" in report, "the traceback names where it happened"
    log = (tmp_path / LOG_NAME).read_text()
    assert report in log
    assert np.array_equal(loop.session.network.params, before), "the session is kept as it was"
    loop.handle("query", {"id": 7, "what": "epoch"})
    assert outbox.messages[-1] == ("reply", 7, 0), "and still answers"
    loop.handle("add_neuron", {"layer": 0, "sizes": [2, 3, 1]})
    assert loop.session.network.sizes == (2, 4, 1) and outbox.kinds()[-1] == "edited"


def test_a_wrong_argument_is_a_bug_not_bad_input(tmp_path):
    outbox = Outbox()
    loop = TrainingLoop(outbox, None, log_folder=tmp_path)
    loop.handle("add_neuron", {"layr": 0})  # the window never sends this: a bug, not the user's doing
    loop.handle("set_speed", {"speed": 1, "pace": "slow"})
    assert outbox.kinds() == ["internal_error", "internal_error"]
    assert all("TypeError" in message[2] and "unexpected keyword" in message[2] for message in outbox.messages)


def test_a_bad_position_or_value_from_a_lesson_is_refused_in_one_line():
    outbox = Outbox()
    loop = TrainingLoop(outbox, Scenario(Settings(hidden=[3])))
    before = loop.session.network.params.copy()
    loop.handle("set_weight", {"layer": 0, "row": 99, "column": 0, "value": 1.0})
    loop.handle("set_bias", {"layer": 5, "row": 0, "value": 1.0})
    loop.handle("set_weight", {"layer": 0, "row": 0, "column": 0, "value": "2"})
    assert outbox.messages == [("problem", "neuron: expected a whole number from 0 to 2, got 99"),
                               ("problem", "layer: expected a whole number from 0 to 1, got 5"),
                               ("problem", "weight: expected a number, got '2'")]
    assert np.array_equal(loop.session.network.params, before) and loop.undo.labels == (None, None)


def test_a_scenario_that_breaks_the_loop_starts_from_defaults_as_an_internal_error(tmp_path):
    outbox = Outbox()
    broken = Scenario(Settings(), network="not a network")
    loop = start_loop(outbox, broken, tmp_path)
    assert outbox.kinds() == ["internal_error"] and "opening this scenario" in outbox.messages[0][1]
    assert loop.session.settings == Settings() and (tmp_path / LOG_NAME).exists()
