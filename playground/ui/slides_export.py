"""File ▸ Export Lesson as Slides…: the lesson open in the lesson panel (or, with
none open, a lesson file asked for) as a PDF or HTML deck, one page per step,
drawn offscreen as `playground slides` draws it (slides.py), with a progress
dialog that can cancel it. The window itself is left as it was: the pictures come
from a window of their own.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QLabel, QMessageBox, QProgressDialog

from playground.engine.errors import InputError
from playground.lesson import load_lesson
from playground.slides_html import deck_format
from playground.ui.panel_widgets import as_written

FILTERS = {"PDF slides, 16:9 (*.pdf)": "16:9", "PDF slides, 4:3 (*.pdf)": "4:3",
           "HTML slides, one file (*.html)": "16:9"}
TIP = "The lesson as slides, one page per step (its title, text and pictures), as a PDF or one HTML file"


def export_slides(window, path: str | None = None, aspect: str | None = None) -> str | None:
    """Write the slides; the path written, or None (nothing chosen, cancelled, or a
    problem, which a dialog names)."""
    lesson = window.lessons.lesson or _ask_for_lesson(window)
    if lesson is None:
        return None
    if path is None:
        name = Path(lesson.source).stem if lesson.source else "slides"
        path, chosen = QFileDialog.getSaveFileName(window, "Export Lesson as Slides", str(Path.cwd() / f"{name}.pdf"),
                                                   ";;".join(FILTERS))
        if not path:
            return None
        aspect = aspect or FILTERS.get(chosen)
    try:
        deck_format(path)
    except InputError as e:
        QMessageBox.warning(window, "Cannot export the slides", as_written(e))
        return None
    return _write(window, lesson, path, aspect or "16:9")


def _ask_for_lesson(window):
    path, _ = QFileDialog.getOpenFileName(window, "Export which lesson as slides?", "", "Lessons (*.json)")
    if not path:
        return None
    try:
        return load_lesson(path)
    except InputError as e:
        QMessageBox.warning(window, "Cannot open the lesson", as_written(e))
        return None


def _write(window, lesson, path: str, aspect: str) -> str | None:
    from playground.ui.slides import write_deck  # QPdfWriter and the offscreen window: only when asked

    total = len(lesson.steps)
    dialog = QProgressDialog(window)
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)  # titles are shown as written, never as markup
    dialog.setLabel(label)
    dialog.setLabelText(f"Drawing the slides of {lesson.title}…")
    dialog.setRange(0, total)
    dialog.setWindowTitle("Export Lesson as Slides")
    dialog.setWindowModality(Qt.WindowModality.WindowModal)  # the window waits; Cancel still answers
    dialog.setMinimumDuration(0)
    dialog.setAutoReset(False)
    dialog.setValue(0)
    diverged = []

    def on_page(number: int, total: int, title: str) -> None:
        dialog.setLabelText(f"Page {number} of {total}: {title}")
        dialog.setValue(number)
    try:
        pages = write_deck(lesson, path, aspect, on_page=on_page, on_diverged=diverged.append,
                           cancelled=dialog.wasCanceled)
    except (InputError, OSError) as e:
        QMessageBox.warning(window, "Cannot export the slides", as_written(e))
        return None
    finally:
        dialog.close()
    if pages is None:
        window.show_hint("Slides cancelled: no file written")
        return None
    said = f"; {'; '.join(diverged)} (drawn as it is)" if diverged else ""
    window.show_hint(f"Wrote {path} ({pages} slides){said}")
    return path
