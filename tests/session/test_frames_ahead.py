"""In a thread of the window's process, playing at full speed, the training loop
builds each frame while the window draws the one before (README, Architecture):
the frame it sends is the one built ahead, unless a command came in meanwhile."""

from __future__ import annotations

import time

from session_support import Outbox

from playground.scenario import Scenario
from playground.session.loop import FRAME_SECONDS, TrainingLoop
from playground.session.loop_commands import FULL_SPEED
from playground.settings import Settings


def _playing_loop(draw_wait: float) -> tuple[TrainingLoop, Outbox]:
    outbox = Outbox()
    loop = TrainingLoop(outbox, Scenario(Settings(dataset="spiral", seed=3)), draw_wait=draw_wait)
    loop.handle("set_speed", {"speed": FULL_SPEED})
    loop.handle("play", {})
    return loop, outbox


def _next_frame(loop: TrainingLoop, outbox: Outbox):
    """The window takes the last frame; the loop trains a slice and sends the next."""
    loop.handle("ack", {})
    loop.last_sent = 0.0  # the next frame is due
    loop._train()
    sent = len(outbox.messages)
    loop.maybe_send()
    assert len(outbox.messages) == sent + 1 and outbox.messages[-1][0] == "snapshot"
    return outbox.messages[-1][1]


def test_a_thread_sends_the_frame_it_built_while_the_window_drew_the_last():
    loop, outbox = _playing_loop(draw_wait=0.1)
    first = _next_frame(loop, outbox)
    built_ahead = loop.ready[1]
    assert built_ahead.epoch == loop.session.trainer.epoch == first.epoch, "built from the state just sent"
    second = _next_frame(loop, outbox)
    assert second is built_ahead and second.epoch < loop.session.trainer.epoch, \
        "the frame sent was built before the slice that followed it"
    assert second.history_start == first.history_start + len(first.history["epoch"]), \
        "its history starts where the frame before ended"


def test_a_command_between_building_and_sending_has_the_frame_built_anew():
    loop, outbox = _playing_loop(draw_wait=0.1)
    _next_frame(loop, outbox)
    assert loop.ready is not None
    loop.handle("set_setting", {"key": "learning_rate", "value": 0.3})
    assert outbox.kinds()[-1] == "edited"
    frame = _next_frame(loop, outbox)
    assert frame.settings.learning_rate == 0.3 and frame.epoch == loop.session.trainer.epoch


def test_no_frame_is_built_ahead_in_a_process_or_when_paused():
    loop, outbox = _playing_loop(draw_wait=0.0)  # a process: its frames cost the window nothing
    _next_frame(loop, outbox)
    assert loop.ready is None
    loop, outbox = _playing_loop(draw_wait=0.1)
    _next_frame(loop, outbox)
    loop.handle("pause", {})
    loop.handle("ack", {})
    loop.maybe_send()
    assert loop.ready is None and outbox.messages[-1][1].epoch == loop.session.trainer.epoch, \
        "paused, the frame shows the state as it is"


def test_a_frame_goes_when_its_time_is_within_half_an_epoch_not_an_epoch_later():
    loop, outbox = _playing_loop(draw_wait=0.0)
    loop.handle("ack", {})
    loop.epoch_seconds = 0.004  # what the last slice measured
    loop.last_sent = time.perf_counter() - (FRAME_SECONDS - 0.001)  # due in 1 ms: less than half an epoch
    loop.maybe_send()
    assert outbox.kinds()[-1] == "snapshot" and not loop.may_send
    loop.handle("ack", {})
    loop.last_sent = time.perf_counter() - (FRAME_SECONDS - 0.005)  # due in 5 ms: train on first
    sent = len(outbox.messages)
    loop.maybe_send()
    assert len(outbox.messages) == sent and loop.may_send
