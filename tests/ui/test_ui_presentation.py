"""One scale for everything: the presentation look is the window at 150 % zoom with
thicker lines, larger points and stronger contrast (View ▸ Presentation, F5, in
the live window; a lesson's look or zoom), the teaching panels' lines follow the
zoom, and a lesson's shots take their zoom from the lesson only."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from ui_support import OFFSCREEN_NOISE, local_window  # noqa: F401  (fixtures)

from playground.bundled import package_file
from playground.cli import main
from playground.engine.errors import InputError
from playground.lesson import lesson_from_dict, load_lesson

pytestmark = OFFSCREEN_NOISE


def _shown(qtbot, window):
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)


def _widths(window) -> dict:
    return {"loss": window.loss_panel.train_curve.opts["pen"].widthF(),
            "loss grey": window.loss_panel.train_curve.opts["pen"].color().red(),
            "points": window.output_plot.train_points.opts["size"],
            "outline": window.output_plot.train_points.opts["pen"].widthF(),
            "sweep": window.landscape_panel.sweep_curve.opts["pen"].widthF(),
            "contour": window.landscape_panel.heatmap.contours[0].pen.widthF(),
            "type": window.run_bar.play_button.font().pointSizeF()}


def test_f5_presents_at_150_percent_with_thicker_lines_and_back(qtbot, local_window):
    window = local_window()
    _shown(qtbot, window)
    before = _widths(window)
    QTest.keyClick(window.editor, Qt.Key.Key_F5)
    assert window.zoom == 1.5 and window.presentation and window.presentation_action.isChecked()
    after = _widths(window)
    assert after["type"] == pytest.approx(before["type"] * 1.5, abs=0.5)
    assert after["sweep"] == pytest.approx(before["sweep"] * 1.5) and after["contour"] == pytest.approx(1.5)
    assert after["loss"] == pytest.approx(before["loss"] * 2 * 1.5), "thicker than the zoom alone"
    assert after["points"] == pytest.approx(before["points"] * 1.5 * 10 / 7), "larger points than the zoom alone"
    assert after["outline"] > before["outline"] * 1.5 and after["loss grey"] < before["loss grey"], "more contrast"
    QTest.keyClick(window.editor, Qt.Key.Key_F5)
    assert window.zoom == 1.0 and not window.presentation and _widths(window) == before


def test_the_teaching_panels_lines_follow_the_zoom_drawn_now_and_later(local_window):
    window = local_window()
    window.set_zoom(2.0)
    assert window.landscape_panel.sweep_curve.opts["pen"].widthF() == pytest.approx(4.0)
    assert window.race_panel.pen(0, 0, 0, width=2).widthF() == pytest.approx(4.0), "a race run later"
    assert window.gradients_panel.marker(7) == pytest.approx(14.0)
    window.set_zoom(1.0)
    assert window.landscape_panel.sweep_curve.opts["pen"].widthF() == pytest.approx(2.0)


def test_a_presentation_lesson_shows_at_150_percent_and_ending_it_brings_the_user_s_zoom_back(
        qtbot, local_window):
    window = local_window()
    _shown(qtbot, window)
    window.resize(1920, 1080)  # a projector's
    qtbot.waitUntil(lambda: window.size().toTuple() == (1920, 1080))
    window.set_zoom(1.25)
    window.start_lesson(load_lesson(package_file("lessons", "03-xor.json")))
    assert window.zoom == 1.5 and window.presentation and window.size().toTuple() == (1920, 1080)
    window.end_lesson()
    assert window.zoom == 1.25 and not window.presentation
    window.set_zoom(1.0)
    window.layout().activate()  # the smaller least size first, or Qt keeps the window at the larger
    window.resize(1280, 720)  # a lesson never resizes the window: it shows as large as the window allows
    qtbot.waitUntil(lambda: window.size().toTuple() == (1280, 720))
    window.start_lesson(load_lesson(package_file("lessons", "03-xor.json")))
    assert window.zoom < 1.5 and window.size().toTuple() == (1280, 720)
    assert f"Zoom {window.zoom:.0%}: 150% would not fit this window" in window.statusBar().currentMessage()
    window.end_lesson()


LESSON = {"format": "playground.lesson", "version": 1, "title": "t", "look": "presentation",
          "steps": [{"title": "a", "text": "b", "scenario": {"settings": {}},
                     "shots": [{"file": "a.png"}, {"file": "b.png", "zoom": 110},
                               {"file": "c.png", "look": "normal"}]}]}


def test_a_lesson_s_zoom_comes_from_its_look_or_its_zoom_and_a_shot_s_own_wins():
    lesson = lesson_from_dict(LESSON)
    assert [lesson.zoom_of(shot) for shot in lesson.steps[0].shots] == [1.5, 1.1, 1.0]
    assert lesson_from_dict({**LESSON, "zoom": 125}).zoom_of() == 1.25
    with pytest.raises(InputError, match="zoom: expected a percentage from 75 to 200, got 300"):
        lesson_from_dict({**LESSON, "zoom": 300})


def test_a_lesson_shot_too_small_for_its_zoom_is_refused_in_one_line(tmp_path, capsys, qapp):
    small = {**LESSON, "steps": [{**LESSON["steps"][0], "shots": [{"file": "a.png", "size": [1024, 640]}]}]}
    path = tmp_path / "small.json"
    path.write_text(json.dumps(small))
    assert main(["shot", str(path), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "a.png: at 150% zoom the window needs at least" in err and "got 1024x640" in err


ON_A_1400x900_SCREEN = """
import json, sys
from PySide6.QtWidgets import QApplication
from playground.scenario import Scenario
from playground.settings import Settings
from playground.ui.main_window import MainWindow
from playground.ui.worker import LocalWorker
app = QApplication([])
window = MainWindow(worker=LocalWorker(Scenario(Settings())))
window.resize(1200, 800)
window.show()
def settle():
    for _ in range(4):
        app.sendPostedEvents(); app.processEvents()
settle()
view = next(a.menu() for a in window.menuBar().actions() if a.text() == "&View")
action = {a.text().replace("&", ""): a for a in view.actions()}
action["Presentation"].trigger()
settle()
after_f5 = [window.zoom, *window.size().toTuple(), window.statusBar().currentMessage()]
action["Zoom In"].trigger()
settle()
after_zoom_in = [window.zoom, *window.size().toTuple()]
room = window.screen().availableGeometry().size().toTuple()
print(json.dumps({"f5": after_f5, "zoom_in": after_zoom_in, "room": room}))
"""


def test_presentation_and_zoom_in_on_a_smaller_screen_never_leave_the_window_off_it(tmp_path):
    screens = tmp_path / "screen.json"
    screens.write_text(json.dumps({"screens": [{"name": "laptop", "x": 0, "y": 0, "width": 1400, "height": 900,
                                                "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}))
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={screens}", "PLAYGROUND_DATA_DIR": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", ON_A_1400x900_SCREEN], env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout)
    zoom, width, height, hint = seen["f5"]
    assert zoom == 1.25 and hint == "Zoom 125%: 150% would not fit this screen", "150 % needs 1425 px: 125 %"
    assert width <= 1400 and height <= 900, "the window tried at 150 % on the way got its size back"
    assert seen["zoom_in"][0] == 1.25 and seen["zoom_in"][1] <= 1400, "Zoom In refused: the window stays on screen"
