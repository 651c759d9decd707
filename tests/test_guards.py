"""Guards for what the architecture promises and what has already gone wrong."""

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QT_MODULES = ("PySide6", "PyQt5", "PyQt6", "PySide2", "pyqtgraph", "shiboken6")


def test_engine_never_imports_qt():
    offenders = []
    for path in sorted((ROOT / "playground" / "engine").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [f"{path.name}: {n}" for n in names if n.split(".")[0] in QT_MODULES]
    assert offenders == []


def test_importing_the_engine_loads_no_qt():
    code = ("import sys, playground.engine.trainer, playground.engine.trace, playground.engine.grid, "
            "playground.scenario, playground.cli; "
            f"print(sorted(m for m in sys.modules if m.split('.')[0] in {QT_MODULES!r}))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_pyside6_does_not_leak_references_to_none():
    """PySide6 6.12.0 drops a reference to None on every void call and aborts the
    app within seconds; pyproject pins below it. This catches a bad version."""
    from PySide6.QtCore import QObject

    obj = QObject()
    obj.setObjectName("warm-up")
    before = sys.getrefcount(None)
    for i in range(1000):
        obj.setObjectName(f"object {i}")
    after = sys.getrefcount(None)
    assert after == before, f"sys.getrefcount(None) moved from {before} to {after}"


def test_pyside6_version_is_pinned_below_6_12():
    import PySide6

    major, minor = (int(p) for p in PySide6.__version__.split(".")[:2])
    assert (major, minor) < (6, 12)
    text = (ROOT / "pyproject.toml").read_text()
    assert '"PySide6-Essentials>=6.8,<6.12"' in text
