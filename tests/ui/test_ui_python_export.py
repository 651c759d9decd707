"""File ▸ Export ▸ Python Script, triggered as a user does: the save dialog answered
by patching Qt's static dialog function (as test_ui_every_menu_action does), the
script written, and running it gives the session's own losses."""

from __future__ import annotations

import subprocess
import sys

from PySide6.QtWidgets import QFileDialog
from ui_support import OFFSCREEN_NOISE, local_window  # noqa: F401  (fixtures)

from playground.scenario import build_trainer

pytestmark = OFFSCREEN_NOISE


def _action(window, path: list[str]):
    menu = next(a.menu() for a in window.menuBar().actions() if a.text().replace("&", "") == path[0])
    for name in path[1:-1]:
        menu = next(a.menu() for a in menu.actions() if a.text().replace("&", "") == name)
    return next(a for a in menu.actions() if a.text().replace("&", "") == path[-1])


def test_the_menu_item_asks_where_and_writes_a_script_that_goes_on_from_the_session(local_window, tmp_path,
                                                                                     monkeypatch):
    window = local_window(dataset="xor", hidden=[3], optimizer="adam", points=120)
    window.worker.train_epochs(3)
    asked = []

    def save_name(parent, caption, suggested, pattern, *args, **kwargs):
        asked.append((caption, suggested, pattern))
        return str(tmp_path / "mine.py"), ""
    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_name)
    action = _action(window, ["File", "Export", "Python Script…"])
    assert "forward_pass" in action.statusTip() and action.toolTip() == action.statusTip()
    action.trigger()

    assert asked and asked[0][1].endswith("network.py") and "*.py" in asked[0][2]
    script = tmp_path / "mine.py"
    assert script.read_text(encoding="utf-8").startswith("#!/usr/bin/env python3\n")
    assert window.dialogs == [] and window.statusBar().currentMessage() == f"Wrote {script}"

    app = build_trainer(window.worker.query("scenario"))  # the session as the window's loop holds it
    (tmp_path / "run").mkdir()
    done = subprocess.run([sys.executable, "-I", str(script), "1"], cwd=tmp_path / "run", capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    now, after = done.stdout.splitlines()
    assert now.startswith("epoch 3  train loss ") and after.startswith("epoch 4  train loss ")
    assert float(now.split()[4]) == app.metrics.train_loss
    app.train_epochs(1)
    assert abs(float(after.split()[4]) - app.metrics.train_loss) <= 1e-9 * app.metrics.train_loss
