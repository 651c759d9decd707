"""The thread's connection: the pipe's send / poll / recv between two threads."""

from __future__ import annotations

import select
import threading
import time

import numpy as np
import pytest

from playground.session.channel import channel_pair


def test_messages_arrive_in_order_as_copies():
    a, b = channel_pair()
    weights = np.arange(3.0)
    a.send(("snapshot", weights))
    weights[0] = 99.0  # the sender changes its array after sending
    a.send(("ack", {}))
    assert b.poll(0)
    kind, received = b.recv()
    assert kind == "snapshot" and received.tolist() == [0.0, 1.0, 2.0], "the receiver owns a copy"
    assert b.recv() == ("ack", {}) and not b.poll(0)


def test_poll_waits_its_whole_timeout_even_with_a_stale_wake_up():
    a, b = channel_pair()
    a.send("first")
    assert b.recv() == "first"  # taken before its wake-up byte was read: the byte stays behind
    start = time.monotonic()
    assert b.poll(0.05) is False
    assert time.monotonic() - start >= 0.045


def test_poll_wakes_when_another_thread_sends():
    a, b = channel_pair()
    threading.Timer(0.02, lambda: a.send("late")).start()
    assert b.poll(5.0) and b.recv() == "late"


def test_a_closed_end_reads_as_end_of_file_and_refuses_sends():
    a, b = channel_pair()
    a.send("last words")
    a.close()
    assert b.poll(0) and b.recv() == "last words"
    with pytest.raises(EOFError):
        b.recv()
    with pytest.raises(BrokenPipeError):
        b.send("anyone?")


def test_a_poll_that_finds_no_message_clears_the_wake_ups_of_those_taken():
    """A wake-up left behind kept the window's socket notifier firing: with training in a
    thread, the window polled an empty inbox about 14,000 times a second."""
    a, b = channel_pair()
    a.send("first")
    a.send("second")
    assert b.recv() == "first"
    assert _readable(b), "a message waits: its wake-up stays, so the notifier comes back for it"
    assert b.recv() == "second"
    assert b.poll(0) is False
    assert not _readable(b), "nothing waits: no wake-up left to fire the notifier"
    a.send("third")
    assert _readable(b) and b.poll(0) and b.recv() == "third"


def _readable(end) -> bool:
    return bool(select.select([end.fileno()], [], [], 0)[0])


def test_messages_sent_while_stale_wake_ups_are_cleared_still_wake_the_end():
    """Their wake-ups go with the stale ones: the end wakes itself anew, so a window that
    reads one message a turn still comes back for the other."""
    a, b = channel_pair()
    clear = b._drain

    def clear_while_two_arrive():
        a.send("first")
        a.send("second")
        clear()
    b._drain = clear_while_two_arrive
    assert b.poll(0) and b.recv() == "first"
    b._drain = clear
    assert _readable(b), "the second still waits, so the end stays readable"
    assert b.recv() == "second" and b.poll(0) is False and not _readable(b)
