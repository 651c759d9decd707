"""Name lists that headless modules keep so they can check a file or a flag without
Qt, compared with the window they name parts of: a lesson's controls
(lesson.CONTROLS, MainWindow.control_widgets) and `playground shot`'s panels
(cli_shot.PANELS, render.panels)."""

from __future__ import annotations

import pytest

from playground import lesson
from playground.cli_shot import PANELS
from playground.scenario import Scenario
from playground.settings import Settings

pytestmark = pytest.mark.qt_log_ignore(r"^This plugin does not support (propagateSizeHints|raise)\(\)$")


@pytest.fixture
def window(qtbot):
    from playground.ui.main_window import MainWindow
    from playground.ui.worker import LocalWorker

    window = MainWindow(worker=LocalWorker(Scenario(Settings())))
    qtbot.addWidget(window)
    window.show()
    yield window
    window.shutdown()


def test_every_lesson_control_is_a_control_of_the_window_and_back(window):
    assert window.set_hidden_controls(list(lesson.CONTROLS)) == [], "a name the window does not know"
    hideable = window.control_widgets()
    assert sorted(set(hideable) - set(lesson.CONTROLS)) == [], "a control lessons cannot name"
    hidden = [name for name, widgets in hideable.items()
              if all(not w.isVisible() for w in widgets if w is not window.editor)]
    assert sorted(hidden) == sorted(lesson.CONTROLS), "hiding them all hid each"
    assert window.editor.layers_locked, "numHiddenLayers (the editor) fixes the network's shape instead"


def test_the_shot_panels_are_the_parts_render_can_shoot(window):
    from playground.ui.render import panels

    parts = panels(window)
    assert tuple(parts) == PANELS
    assert set(lesson.PARTS) <= set(parts), "a lesson's shot part the window lacks"
