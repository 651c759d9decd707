"""The window fits every screen a class uses: from a 1024x640 projector to a
1920x1080 display, and a laptop scaling its display by 150 %; it opens to fit
the screen, remembers its layout, and View ▸ Reset Layout brings the default back.

The checks themselves (whole texts, no overlaps, the core views' least size)
are in layout_checks.py.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import CASES_DIRS
from layout_checks import layout_faults, network_text_faults
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel
from ui_support import OFFSCREEN_NOISE, local_window  # noqa: F401  (a fixture)

from playground.bundled import bundled_lessons
from playground.lesson import load_lesson
from playground.recovery import Recovery
from playground.scenario import Scenario
from playground.settings import Settings
from playground.ui.main_window import MainWindow
from playground.ui.worker import LocalWorker
from playground.window_sizes import MINIMUM_SIZE, WINDOW_SIZE

pytestmark = OFFSCREEN_NOISE

SCREEN_SIZES = [(1024, 640), (1280, 720), (1366, 768), (1400, 900), (1920, 1080)]
PANELS = ("inspector", "hidden", "gradients", "landscape", "race")


def _settle() -> None:
    app = QApplication.instance()
    for _ in range(4):
        app.sendPostedEvents()
        app.processEvents()


def _sized(window, size) -> None:
    window.show()
    window.resize(*size)
    _settle()
    assert window.size().toTuple() == size, "the window takes the size it is given"


def test_the_window_may_be_as_small_as_a_1024x640_screen_in_both_looks_with_a_lesson_open(local_window):
    window = local_window()
    window.show()
    for look in ("normal", "presentation"):
        window.set_look(look)
        for lesson_open in (False, True):
            window.docks["lesson"].setVisible(lesson_open)
            _settle()
            hint = window.minimumSizeHint()
            assert hint.width() <= MINIMUM_SIZE[0] and hint.height() <= MINIMUM_SIZE[1], (look, lesson_open, hint)


@pytest.mark.parametrize("size", SCREEN_SIZES, ids=[f"{w}x{h}" for w, h in SCREEN_SIZES])
def test_at_each_screen_size_every_text_is_whole_nothing_overlaps_and_the_core_views_keep_their_room(
        local_window, size):
    window = local_window()
    _sized(window, size)
    assert layout_faults(window) == []
    for panel in PANELS:  # each teaching panel brought to the front of its place
        window.show_panel(panel)
        _settle()
        assert layout_faults(window, core_views=False) == [], panel
    window.show_panel("loss")
    window.show_panel("output")


def test_the_landscape_sweep_and_race_keep_usable_heights_filled_at_1400x900(local_window):
    window = local_window()
    _sized(window, WINDOW_SIZE)
    window.send("compute_landscape", {"mode": "random", "extent": 1.0, "resolution": 21})
    window.send("sweep_weight", {"layer": 0, "row": 0, "column": 0})
    window.send("start_race", {"epochs": 20})
    for panel, plots in (("landscape", ("plot", "sweep_plot")), ("race", ("curves_plot", "paths_plot"))):
        window.show_panel(panel)
        _settle()
        shown = getattr(window, f"{panel}_panel")
        assert all(getattr(shown, plot).isVisible() for plot in plots), panel
        heights = [getattr(shown, plot).height() for plot in plots]
        assert heights[0] >= (180 if panel == "landscape" else 140) and heights[1] >= (120 if panel == "landscape"
                                                                                       else 140), (panel, heights)
        assert layout_faults(window, core_views=False) == [], panel


@pytest.mark.parametrize("size", [SCREEN_SIZES[0], SCREEN_SIZES[3]], ids=["1024x640", "1400x900"])
def test_each_bundled_lesson_fits_at_the_smallest_and_the_usual_size(local_window, size):
    window = local_window()
    _sized(window, size)
    for path in bundled_lessons():
        window.start_lesson(load_lesson(path))
        _settle()
        assert window.size().toTuple() == size, path.name
        # (a lesson may bring a teaching panel to the front of the loss curve's place)
        assert layout_faults(window, core_views=False) == [], path.name
        window.end_lesson()


SCALED_WINDOW = textwrap.dedent("""
    import json, sys
    sys.path.insert(0, sys.argv[1])
    from PySide6.QtWidgets import QApplication
    from playground.scenario import Scenario
    from playground.settings import Settings
    from playground.ui.main_window import MainWindow
    from playground.ui.worker import LocalWorker
    from layout_checks import layout_faults
    app = QApplication([])
    window = MainWindow(worker=LocalWorker(Scenario(Settings())))
    window.show()
    for _ in range(4):
        app.sendPostedEvents(); app.processEvents()
    screen = window.screen().availableGeometry()
    print(json.dumps({"size": window.size().toTuple(), "screen": screen.size().toTuple(),
                      "ratio": window.devicePixelRatio(), "faults": layout_faults(window)}))
    window.shutdown()
""")


def test_with_the_display_scaled_by_150_percent_the_window_opens_to_fit_and_nothing_is_clipped(tmp_path):
    """A 1920x1080 laptop at 150 % is a 1280x720 screen in logical pixels."""
    screens = tmp_path / "screens.json"
    screens.write_text(json.dumps({"screens": [{"name": "laptop", "x": 0, "y": 0, "width": 1920, "height": 1080,
                                                "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}))
    env = dict(os.environ, QT_SCALE_FACTOR="1.5", QT_QPA_PLATFORM=f"offscreen:configfile={screens}")
    done = subprocess.run([sys.executable, "-c", SCALED_WINDOW, str(Path(__file__).parent)], env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["ratio"] == 1.5 and result["screen"] == [1280, 720]
    width, height = result["size"]
    assert MINIMUM_SIZE[0] <= width <= 1280 and MINIMUM_SIZE[1] <= height <= 720 - 32
    assert result["faults"] == []


def _live_window(folder: Path) -> MainWindow:
    """A window that remembers (it has a data folder), drawing a session of this process."""
    window = MainWindow(worker=LocalWorker(Scenario(Settings())), recovery=Recovery(folder))
    window.show()
    _settle()
    return window


def _view_action(window, text: str):
    view = next(a.menu() for a in window.menuBar().actions() if a.text() == "&View")
    return next(a for a in view.actions() if a.text().replace("&", "") == text)


def test_the_window_opens_to_fit_the_screen_comes_back_as_left_and_view_reset_layout_restores_it(tmp_path, qtbot):
    first = _live_window(tmp_path)
    qtbot.addWidget(first)
    assert first.size().toTuple() == WINDOW_SIZE  # the test screen is 1920x1080: room for the default
    first.resize(1100, 700)
    _view_action(first, "Loss").trigger()  # the loss panel closed from the View menu
    _settle()
    assert not first.docks["loss"].isVisible()
    first.close()  # as the user closes it

    second = _live_window(tmp_path)
    qtbot.addWidget(second)
    assert second.size().toTuple() == (1100, 700)
    assert not second.docks["loss"].isVisible() and second.docks["output"].isVisible()
    assert not second.docks["lesson"].isVisible()

    _view_action(second, "Reset Layout").trigger()
    _settle()
    assert second.size().toTuple() == WINDOW_SIZE
    assert second.docks["loss"].isVisible() and second.docks["output"].isVisible()
    assert layout_faults(second) == []
    assert second.documents.settings().value("window/state") is None  # forgotten until it closes again
    second.close()


def test_the_noise_and_ratio_sliders_say_their_value_as_they_move_and_as_the_session_sets_them(local_window, qtbot):
    window = local_window(noise=0, train_percent=50)
    window.show()
    _settle()
    panel = window.data_panel
    noise_title, ratio_title = (panel._slider_titles[s][0] for s in (panel.noise, panel.train_percent))
    assert (noise_title.text(), ratio_title.text()) == ("NOISE: 0", "RATIO OF TRAINING TO TEST DATA: 50 %")
    panel.noise.setFocus()
    QTest.keyClick(panel.noise, Qt.Key.Key_End)  # the keyboard moves it to its end: 50
    _settle()
    assert window.worker.session.settings.noise == 50 and noise_title.text() == "NOISE: 50"
    window.send("set_setting", {"key": "train_percent", "value": 70.0})  # a lesson or a file sets it
    _settle()
    assert ratio_title.text() == "RATIO OF TRAINING TO TEST DATA: 70 %"


def test_the_confusion_matrix_says_what_it_counts_and_sits_beside_the_curve(local_window):
    window = local_window(problem="multiclass", dataset="three-class")
    _sized(window, (1024, 640))
    window.worker.train_epochs(3)
    window.draw_latest()
    _settle()
    panel = window.loss_panel
    captions = [label.text() for label in panel.confusion_box.findChildren(QLabel)]
    assert captions == ["Test points\nrows: true class\ncolumns: predicted"]
    table = panel.confusion
    counts = [[int(table.item(i, j).text()) for j in range(3)] for i in range(3)]
    assert counts == window.snapshot.metrics.confusion.tolist()
    assert sum(map(sum, counts)) == len(window.snapshot.data.test)
    assert panel.confusion_box.x() > panel.plot.x() + panel.plot.width() - 1  # beside, not under
    assert layout_faults(window) == []


# --- the network view keeps its scale -----------------------------------------------------------

def test_three_clicks_on_the_same_spot_of_hidden_layers_minus_remove_three_layers(local_window):
    window = local_window(hidden=[4, 3, 2, 2])
    _sized(window, (1400, 900))
    editor = window.editor
    scale = editor.transform().m11()
    spot = editor.mapFromScene(editor.layer_minus.sceneBoundingRect().center())
    for left in (3, 2, 1):
        QTest.mouseClick(editor.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, spot)
        _settle()
        assert window.worker.session.trainer.network.hidden == [4, 3, 2, 2][:left]
        assert editor.mapFromScene(editor.layer_minus.sceneBoundingRect().center()) == spot, "the − stayed put"
        assert editor.transform().m11() == scale, "nothing was rescaled"


@pytest.mark.parametrize("hidden", [[], [1], [4, 2], [8, 8, 8], [16] * 8], ids=str)
@pytest.mark.parametrize("size", [(1024, 640), (1920, 1080)], ids=["1024x640", "1920x1080"])
def test_network_text_stays_readable_and_a_network_too_big_for_the_view_scrolls(local_window, hidden, size):
    window = local_window(hidden=hidden)
    _sized(window, size)
    editor = window.editor
    assert network_text_faults(editor) == []
    view, scene = editor.viewport().rect(), editor.mapFromScene(editor.scene().itemsBoundingRect()).boundingRect()
    too_big = scene.width() > view.width() or scene.height() > view.height()
    bars = editor.horizontalScrollBar().maximum() > 0 or editor.verticalScrollBar().maximum() > 0
    assert bars == too_big
    if not hidden:  # the neuron chip leaves the layer '+' free
        assert not editor.chip.sceneBoundingRect().intersects(editor.layer_plus.sceneBoundingRect())


def _tracing_the_lecture_example(local_window):
    """A 1400x900 window on the lecture's 2-2-1 network, its worked sample held by the inspector."""
    from playground.scenario import scenario_from_dict

    case_path = next(p for d in CASES_DIRS for p in sorted(d.glob("two-two-one-*.case.json")))
    case = json.loads(case_path.read_text())
    window = local_window(scenario_from_dict(case["network"], str(case_path)))
    _sized(window, (1400, 900))
    window.send("inspect", {"input": case["input"], "target": case.get("target"), "lr": case.get("lr")})
    _settle()
    return window


def test_the_inspectors_numbers_on_the_lecture_network_cover_no_neuron(local_window):
    window = _tracing_the_lecture_example(local_window)
    window.inspector.set_stage(window.inspector.last_stage)  # every number shown
    _settle()
    labels = [item for item in window.editor.overlay.items if hasattr(item, "text")]
    assert len(labels) == 3 + 6, "a label under each of the three units and on each of the six links"
    assert network_text_faults(window.editor) == []


# --- zoom and full screen, by their keys ------------------------------------------------------------

def _font_sizes(window) -> dict:
    """The point size of every visible widget's type, every plot's tick numbers, and
    the network view's text as drawn (its font times the view's scale)."""
    import pyqtgraph as pg
    from PySide6.QtWidgets import QGraphicsSimpleTextItem, QWidget

    sizes = {f"widget {id(w)} {type(w).__name__}": w.font().pointSizeF()
             for w in window.findChildren(QWidget) if w.isVisible()}
    for plot in window.findChildren(pg.PlotWidget):
        for name in ("left", "bottom"):
            sizes[f"ticks {id(plot)} {name}"] = plot.getPlotItem().getAxis(name).style["tickFont"].pointSizeF()
    scale = window.editor.transform().m11()
    for item in window.editor.scene().items():
        if isinstance(item, QGraphicsSimpleTextItem):
            sizes[f"network {item.text()!r} {id(item)}"] = item.font().pointSizeF() * scale
    return sizes


def _press(window, key, modifier=Qt.KeyboardModifier.ControlModifier) -> None:
    QTest.keyClick(window.editor, key, modifier)
    _settle()


def test_zoom_keys_scale_every_type_the_ticks_and_the_network_and_the_zoom_is_remembered(tmp_path, qtbot):
    window = _live_window(tmp_path)
    qtbot.addWidget(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    before = _font_sizes(window)
    for _ in range(3):  # 110 %, 125 %, 150 %
        _press(window, Qt.Key.Key_Equal)
    assert window.zoom == 1.5 and "150%" in window.statusBar().currentMessage()
    bar = window.editor.horizontalScrollBar()
    assert bar.value() == bar.minimum(), "the network still starts at the view's left edge"
    after = _font_sizes(window)
    shared = before.keys() & after.keys()
    assert len(shared) > 100
    assert any(k.startswith("ticks") for k in shared) and any(k.startswith("network") for k in shared)
    wrong = {k: (before[k], after[k]) for k in shared if abs(after[k] - 1.5 * before[k]) > 0.5}
    assert wrong == {}
    _press(window, Qt.Key.Key_Minus)
    assert window.zoom == 1.25
    _press(window, Qt.Key.Key_Plus)  # Ctrl++, the platform's Zoom In
    assert window.zoom == 1.5
    window.close()

    again = _live_window(tmp_path)  # the same settings folder: a restart
    qtbot.addWidget(again)
    assert again.zoom == 1.5 and again.font().pointSizeF() == pytest.approx(1.5 * QApplication.font().pointSizeF())
    again.activateWindow()
    qtbot.waitUntil(again.isActiveWindow)
    _press(again, Qt.Key.Key_0)
    assert again.zoom == 1.0
    ticks = sorted(v for k, v in _font_sizes(again).items() if k.startswith("ticks"))
    assert ticks == sorted(v for k, v in before.items() if k.startswith("ticks")), "Actual Size: as at first"
    again.close()


def test_a_window_closed_during_a_presentation_lesson_remembers_the_user_s_own_zoom(tmp_path, qtbot):
    window = _live_window(tmp_path)
    qtbot.addWidget(window)
    window.resize(1920, 1080)
    qtbot.waitUntil(lambda: window.size().toTuple() == (1920, 1080))
    window.set_zoom(1.1)
    window.start_lesson(load_lesson(bundled_lessons()[2]))  # XOR: for a projector
    assert window.zoom == 1.5
    window.close()
    again = _live_window(tmp_path)
    qtbot.addWidget(again)
    assert again.zoom == 1.1, "the lesson's 150 % was the lesson's"
    again.close()


def test_f11_makes_the_window_full_screen_and_esc_leaves_it(local_window, qtbot):
    window = local_window()
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    _press(window, Qt.Key.Key_F11, Qt.KeyboardModifier.NoModifier)
    assert window.isFullScreen()
    _press(window, Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier)
    assert not window.isFullScreen()
    _press(window, Qt.Key.Key_F11, Qt.KeyboardModifier.NoModifier)
    _press(window, Qt.Key.Key_F11, Qt.KeyboardModifier.NoModifier)
    assert not window.isFullScreen()


# --- a panel takes the stage -----------------------------------------------------------------------

def _visible_docks(window) -> dict:
    """The docks in view and where (a dock tabbed behind another is moved off the window)."""
    return {name: dock.geometry().getRect() for name, dock in window.docks.items()
            if dock.isVisible() and window.rect().contains(dock.geometry())}


def _same_places(now: dict, then: dict) -> bool:
    """The same docks in view, each within a few pixels of where it was (Qt rounds
    the heights a column's docks share)."""
    return now.keys() == then.keys() and all(abs(a - b) <= 3 for k in now for a, b in zip(now[k], then[k]))


def test_each_panel_takes_the_stage_from_its_title_bar_and_esc_puts_everything_back(local_window, qtbot):
    window = local_window()
    _sized(window, (1400, 900))
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    before = _visible_docks(window)
    for name in ("output", "loss", "inspector", "hidden", "gradients", "landscape", "race", "data"):
        window.show_panel(name)
        _settle()
        shown = _visible_docks(window)
        dock = window.docks[name]
        QTest.mouseClick(dock.titleBarWidget().enlarge, Qt.MouseButton.LeftButton)
        _settle()
        assert [n for n, d in window.docks.items() if d.isVisible()] == [name]
        assert not window.centralWidget().isVisible()
        assert dock.width() >= 0.95 * window.width() and dock.height() >= 0.7 * window.height(), name
        _press(window, Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier)
        assert _same_places(_visible_docks(window), shown) and window.centralWidget().isVisible(), name
        assert layout_faults(window, core_views=False) == [], name
    window.show_panel("loss")
    window.show_panel("output")
    _settle()
    assert _same_places(_visible_docks(window), before)


def test_the_network_takes_the_stage_from_the_view_menu_and_esc_first_restores_then_leaves_full_screen(
        local_window, qtbot):
    window = local_window()
    _sized(window, (1400, 900))
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    before = _visible_docks(window)
    _press(window, Qt.Key.Key_F11, Qt.KeyboardModifier.NoModifier)
    enlarge = next(a.menu() for a in _view_action(window, "Enlarge").menu().parent().actions()
                   if a.menu() is not None and a.text() == "&Enlarge")
    next(a for a in enlarge.actions() if a.text() == "Network").trigger()
    _settle()
    assert window.isFullScreen() and not any(d.isVisible() for d in window.docks.values())
    assert window.editor.width() >= 0.95 * window.width()
    _press(window, Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier)
    assert window.isFullScreen() and window.docks["output"].isVisible(), "the panels first"
    _press(window, Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier)
    assert not window.isFullScreen()
    _settle()
    assert _visible_docks(window).keys() == before.keys()


def test_shot_enlarges_a_panel_on_asking_and_refuses_a_size_too_small_for_its_zoom(tmp_path, qapp, capsys):
    from PySide6.QtGui import QImage

    from playground.cli import main

    case = str(next(p for d in CASES_DIRS for p in sorted(d.glob("two-two-one-*.case.json"))))
    assert main(["shot", case, "--panels", "inspector", "--size", "1400x900", "--out", str(tmp_path / "a")]) == 0
    assert main(["shot", case, "--panels", "inspector", "--size", "1400x900", "--enlarge",
                 "--out", str(tmp_path / "b")]) == 0
    docked, enlarged = (QImage(str(tmp_path / f / "inspector.png")) for f in ("a", "b"))
    assert docked.width() < 700 and enlarged.width() >= 1300, "alone, the panel fills the window"
    capsys.readouterr()
    assert main(["shot", case, "--panels", "window", "--size", "1280x720", "--zoom", "150",
                 "--out", str(tmp_path / "c")]) == 2
    error = capsys.readouterr().err.strip().splitlines()
    assert len(error) == 1 and "at 150% zoom the window needs at least" in error[0] and "1280x720" in error[0]
    assert not (tmp_path / "c" / "window.png").exists()


def test_at_1400x900_the_inspector_shows_the_lectures_whole_tables_and_gives_the_room_back(local_window):
    from PySide6.QtWidgets import QTabBar

    window = _tracing_the_lecture_example(local_window)
    heights = (window.docks["output"].height(), window.docks["loss"].height())
    bar = next(b for b in window.findChildren(QTabBar) if b.isVisible() and "Inspector" in
               [b.tabText(i) for i in range(b.count())])
    tab = next(i for i in range(bar.count()) if bar.tabText(i) == "Inspector")
    QTest.mouseClick(bar, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, bar.tabRect(tab).center())
    _settle()
    window.inspector.set_stage(window.inspector.last_stage)
    _settle()
    inspector = window.inspector
    assert (inspector.units.rowCount(), inspector.weights.rowCount()) == (3, 6)
    assert window.docks["inspector"].widget().verticalScrollBar().maximum() == 0, "no scrolling to see the tables"
    for table in (inspector.units, inspector.weights):
        assert table.verticalScrollBar().maximum() == 0
    assert window.output_plot.height() >= 200 and layout_faults(window, core_views=False) == []
    QTest.mouseClick(bar, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     bar.tabRect(next(i for i in range(bar.count()) if bar.tabText(i) == "Loss")).center())
    _settle()
    after = (window.docks["output"].height(), window.docks["loss"].height())
    assert abs(after[0] - heights[0]) <= 3 and abs(after[1] - heights[1]) <= 3, "the room given back"
