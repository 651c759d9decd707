"""Guards for what the architecture promises and what has already gone wrong."""

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QT_MODULES = ("PySide6", "PyQt5", "PyQt6", "PySide2", "pyqtgraph", "shiboken6")


PACKAGE = ROOT / "playground"
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60
MAX_SESSION_LINES = 200


def _qt_imports(folder: Path) -> list[str]:
    offenders = []
    for path in sorted(folder.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [f"{path.name}: {n}" for n in names if n.split(".")[0] in QT_MODULES]
    return offenders


def test_the_engine_and_the_session_never_import_qt():
    """The session's parts, its command table, the training loop, its process and
    thread channel and the jobs (explore) are headless, like the engine."""
    assert (PACKAGE / "session" / "loop.py").exists() and (PACKAGE / "session" / "explore.py").exists()
    assert _qt_imports(PACKAGE / "engine") == []
    assert _qt_imports(PACKAGE / "session") == []


def test_importing_the_engine_the_session_and_the_training_process_loads_no_qt():
    code = ("import sys, playground.engine.trainer, playground.engine.trace, playground.engine.grid, "
            "playground.scenario, playground.cli, playground.session, playground.session.loop, "
            "playground.session.process, playground.session.explore, playground.session.commands; "
            f"print(sorted(m for m in sys.modules if m.split('.')[0] in {QT_MODULES!r}))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def _sizes():
    """(module, lines) and (module:function, lines) for every module in playground/."""
    modules, functions = [], []
    for path in sorted(PACKAGE.rglob("*.py")):
        text = path.read_text()
        name = str(path.relative_to(ROOT))
        modules.append((name, len(text.splitlines())))
        for node in ast.walk(ast.parse(text, name)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                functions.append((f"{name}:{node.lineno} {node.name}", node.end_lineno - node.lineno + 1))
    return modules, functions


def test_every_module_and_function_is_small_enough_to_read_in_one_sitting():
    modules, functions = _sizes()
    assert len(modules) > 50 and len(functions) > 500, "the walk found the package"
    assert [(m, n) for m, n in modules if n > MAX_MODULE_LINES] == []
    assert [(f, n) for f, n in functions if n > MAX_FUNCTION_LINES] == []


def test_the_session_is_a_small_object_of_parts():
    tree = ast.parse((PACKAGE / "session" / "session.py").read_text())
    session = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "Session")
    assert session.end_lineno - session.lineno + 1 <= MAX_SESSION_LINES
    assert session.bases == [], "no mixins: the parts are attributes"


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
