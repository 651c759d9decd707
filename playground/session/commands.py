"""The command table: every command the window may send, declared once.

Each entry names the method that carries it out (its class says which part of
the session, or the training loop itself, owns it) and what the command may
do. The training loop's dispatcher, undo, the time-travel guard and the network
editor all read this table; a name not in it is refused.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from playground.engine.errors import InputError
from playground.session.frames import Frames
from playground.session.jobs import Jobs
from playground.session.loop_commands import LoopCommands
from playground.session.network_edits import NetworkEdits
from playground.session.points import Points
from playground.session.run import Run
from playground.session.session import Session
from playground.session.setup import Setup
from playground.session.teaching_views import Teaching

SETTING_NAMES = {"learning_rate": "learning rate", "batch_size": "batch size", "regularization_rate":
                 "regularization rate", "train_percent": "training ratio", "problem": "problem type"}


@dataclass(frozen=True)
class Command:
    method: Callable
    undoable: bool = False      # undo can take it back: the state before it is kept
    edits_drawn: bool = False   # changes what the window draws: refused while a past epoch is shown
    keeps_view: bool = False    # leaves a past epoch's view as it is; any other command returns to now
    shaped: bool = False        # carries the drawn network's ``sizes``: refused if the shape changed since
    pauses: bool = False        # stops training
    starts_over: bool = False   # a new start: the message about the last one goes
    scrubbed: bool = False      # its value can be dragged: ``preview`` applies passing values unrecorded; the
                                # command itself ends the drag (its ``drag`` id), one edit from before the drag
    label: Callable[[dict], str] | None = None  # the Edit menu's name for an undoable edit

    @property
    def name(self) -> str:
        return self.method.__name__

    @property
    def owner(self) -> str:
        """The class whose instance carries the command out (a session part or the loop)."""
        return self.method.__qualname__.split(".")[0]

    def describe(self, args: dict) -> str:
        """What the edit is called in the Edit menu ("Undo Add a neuron to layer 1"); with
        arguments the command itself will refuse, just its name."""
        plain = self.name.replace("_", " ").capitalize()
        try:
            return self.label(args) if self.label else plain
        except (KeyError, TypeError, ValueError):
            return plain


def _setting_label(args: dict) -> str:
    key = args["key"]
    return f"Change the {SETTING_NAMES.get(key, key.replace('_', ' '))} to {args['value']}"


def _edit(method, **flags) -> Command:
    """An undoable edit of the network or data the window draws."""
    return Command(method, undoable=True, edits_drawn=True, **flags)


_TABLE = (
    # the network
    _edit(NetworkEdits.add_neuron, shaped=True, label=lambda a: f"Add a neuron to layer {a['layer'] + 1}"),
    _edit(NetworkEdits.remove_neuron, shaped=True,
          label=lambda a: f"Remove neuron {a['index'] + 1} of layer {a['layer'] + 1}"),
    _edit(NetworkEdits.add_layer, shaped=True, label=lambda a: "Add a hidden layer"),
    _edit(NetworkEdits.remove_layer, shaped=True, label=lambda a: f"Remove hidden layer {a['position'] + 1}"),
    _edit(NetworkEdits.set_weight, shaped=True, scrubbed=True,
          label=lambda a: f"Set a weight of layer {a['layer'] + 1} to {a['value']:g}"),
    _edit(NetworkEdits.set_bias, shaped=True, scrubbed=True,
          label=lambda a: f"Set a bias of layer {a['layer'] + 1} to {a['value']:g}"),
    _edit(NetworkEdits.set_activation, shaped=True,
          label=lambda a: f"Make layer {a['layer'] + 1} {a['activation']}"),
    _edit(NetworkEdits.set_inputs, label=lambda a: "Change the input features"),
    # data
    # imported data replaces the points, whatever epoch is shown: not an edit of the drawing
    Command(Points.import_data, undoable=True),
    _edit(Points.add_point),
    _edit(Points.erase_points),
    _edit(Points.clear_points),
    # settings
    Command(Setup.set_setting, undoable=True, label=_setting_label),
    Command(Setup.regenerate, undoable=True, starts_over=True),
    Command(Session.load, starts_over=True),
    # training and its timeline
    Command(Run.step, pauses=True),
    Command(Run.train_epochs),
    Command(Run.train_until),
    Command(Run.reset, undoable=True, starts_over=True,
            label=lambda a: "Reset to the same start" if a.get("same_start") else "Reset"),
    Command(Run.view_epoch, keeps_view=True),
    Command(Run.continue_from, undoable=True, label=lambda a: f"Continue from epoch {a['epoch']}"),
    # the views that teach
    Command(Teaching.inspect, pauses=True),
    Command(Teaching.release, keeps_view=True),
    _edit(Teaching.apply_sgd_step, label=lambda a: "Apply one SGD step to the inspected sample"),
    Command(Teaching.show_views, keeps_view=True),
    Command(Frames.select_neuron, keeps_view=True),
    Command(Frames.set_discrete, keeps_view=True),
    Command(Frames.set_slice, keeps_view=True),
    # background jobs
    Command(Jobs.compute_landscape),
    Command(Jobs.sweep_weight),
    Command(Jobs.start_race),
    Command(Jobs.cancel_job, keeps_view=True),
    # the loop itself: playing, pace, saving, undo, and the transport's own messages
    Command(LoopCommands.play), Command(LoopCommands.pause), Command(LoopCommands.toggle),
    Command(LoopCommands.set_speed), Command(LoopCommands.save),
    Command(LoopCommands.mark_saved), Command(LoopCommands.mark_unsaved),
    Command(LoopCommands.undo), Command(LoopCommands.redo), Command(LoopCommands.preview),
    Command(LoopCommands.ack), Command(LoopCommands.quit), Command(LoopCommands.query),
)

COMMANDS: dict[str, Command] = {command.name: command for command in _TABLE}
assert len(COMMANDS) == len(_TABLE), "a command is declared twice"
SHAPED = frozenset(name for name, command in COMMANDS.items() if command.shaped)


def command(name: str) -> Command:
    """The table's entry for ``name``; a name not in the table is refused."""
    try:
        return COMMANDS[name]
    except (KeyError, TypeError):
        raise InputError(f"unknown command {name!r}") from None
