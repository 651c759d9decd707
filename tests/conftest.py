"""Test configuration: Qt runs offscreen unless a test starts its own X server."""

import json
import os
import tempfile
from pathlib import Path

# Offscreen, on one 1920x1080 screen (the platform's default screen is 800x800, smaller
# than the window opens on a classroom's screens).
_SCREENS = Path(tempfile.mkdtemp(prefix="playground-test-screens-")) / "1920x1080.json"
_SCREENS.write_text(json.dumps({"screens": [{"name": "classroom", "x": 0, "y": 0, "width": 1920, "height": 1080,
                                             "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}))
os.environ.setdefault("QT_QPA_PLATFORM", f"offscreen:configfile={_SCREENS}")

ROOT = Path(__file__).resolve().parent.parent
# The lecture's worked examples: ../shared/cases beside the checkout, or a copy in
# tests/cases for clones that do not sit beside it.
CASES_DIRS = [ROOT.parent / "shared" / "cases", ROOT / "tests" / "cases"]

# Autosaves, recent files and recovery go to a folder of this test run, never the
# user's own data folder; each test gets its own (the fixture below), so a window
# one test leaves small or rearranged does not open so in the next.
os.environ.setdefault("PLAYGROUND_DATA_DIR", tempfile.mkdtemp(prefix="playground-test-data-"))


import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def own_data_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("PLAYGROUND_DATA_DIR", str(tmp_path / "playground-data"))


@pytest.fixture(autouse=True)
def no_unexpected_question(monkeypatch):
    """A question dialog nobody expected fails the test instead of waiting forever
    offscreen for a click; tests that expect one patch QMessageBox.question themselves."""
    try:
        from PySide6.QtWidgets import QMessageBox
    except ImportError:  # the engine's tests run without Qt too
        return

    def unexpected(parent, title, text, *args, **kwargs):
        raise AssertionError(f"an unexpected question dialog: {title}: {text}")
    monkeypatch.setattr(QMessageBox, "question", staticmethod(unexpected))

    from playground.ui import table_import_dialog  # its modal dialog would wait as long

    def unexpected_table(cells, *args, **kwargs):
        raise AssertionError(f"an unexpected import dialog for {cells.source}")
    monkeypatch.setattr(table_import_dialog, "ask_table_options", unexpected_table)


@pytest.fixture
def transport(request):
    """Where a test's windows train: None is the app's default; tests/ui parametrize
    it (indirectly) with "process" and "thread" to run with both."""
    return getattr(request, "param", None)
