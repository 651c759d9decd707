"""`playground --trainer process|thread` reaches the window; anything else is refused."""

from __future__ import annotations

import pytest

import playground.ui.app as app
from playground.cli import main


@pytest.mark.parametrize("argv, expected", [
    ([], (None, None)),
    (["--trainer", "thread"], (None, "thread")),
    (["open", "lesson.json", "--trainer", "process"], ("lesson.json", "process")),
    (["--trainer", "thread", "open", "x.json"], ("x.json", "thread")),
])
def test_the_trainer_flag_chooses_where_the_window_trains(monkeypatch, argv, expected):
    opened = []
    monkeypatch.setattr(app, "run_app", lambda path, transport: opened.append((path, transport)) or 0)
    assert main(argv) == 0
    assert opened == [expected]


def test_an_unknown_trainer_is_refused_in_one_line(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--trainer", "gpu"])
    assert exit_.value.code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "--trainer" in err[0] and "'process', 'thread'" in err[0]
