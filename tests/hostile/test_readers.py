"""Every reader refuses what is not a regular file and reads at most
files.MAX_FILE_BYTES: a FIFO with no writer (which would block a plain open
forever), /dev/zero (endless, its size says 0) and an oversized file get one line,
exit 2, at once."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from playground.csv_data import load_csv
from playground.engine.errors import InputError
from playground.files import MAX_FILE_BYTES
from playground.lesson import load_lesson
from playground.network_file import load_network_npz
from playground.scenario import load_scenario

READERS = {"scenario": load_scenario, "csv": load_csv, "lesson": load_lesson, "npz": load_network_npz}


@pytest.fixture
def fifo(tmp_path):
    path = tmp_path / "pipe.json"
    os.mkfifo(path)
    return path


@pytest.mark.parametrize("reader", READERS)
def test_every_reader_refuses_a_fifo_and_dev_zero_without_reading(fifo, reader):
    for path in (fifo, "/dev/zero"):
        with pytest.raises(InputError, match=r"not a regular file \(a device, FIFO or socket\); not read"):
            READERS[reader](path)


@pytest.mark.parametrize("reader", READERS)
def test_every_reader_stops_at_the_size_limit(tmp_path, reader):
    big = tmp_path / "big.json"
    with open(big, "wb") as f:  # sparse: the limit is read, not written
        f.truncate(MAX_FILE_BYTES + 1)
    with pytest.raises(InputError, match=f"too large .*more than {MAX_FILE_BYTES:,} bytes"):
        READERS[reader](big)


@pytest.mark.parametrize("command", [["info"], ["train", "--epochs", "1"], ["backprop"]])
def test_a_fifo_given_to_the_command_line_is_refused_in_one_line(fifo, command):
    done = subprocess.run([sys.executable, "-m", "playground", *command, str(fifo)], capture_output=True, text=True,
                          timeout=60)  # a hang guard: the refusal is immediate
    assert done.returncode == 2
    assert done.stderr.splitlines() == [f"playground: {fifo}: not a regular file (a device, FIFO or socket); "
                                        "not read"]
