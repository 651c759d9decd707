"""The dialog for an internal error: a bug, not the user's doing. It says so in
one sentence, keeps the session as it was, shows where the report was logged,
and copies the report (with its traceback) for a bug report."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QPushButton, QVBoxLayout


class InternalErrorDialog(QDialog):
    def __init__(self, log_path=None, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Internal error")
        self.count = 0
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)  # error text may quote a file: never markup
        self.summary.setStyleSheet("font-weight: bold")
        self.report = QPlainTextEdit()
        self.report.setReadOnly(True)
        self.report.setAccessibleName("Error report")
        where = f" It was also written to {log_path}." if log_path else ""
        note = QLabel("This is a bug in Playground, not something you did. Your session is kept as it was."
                      + where + " Please send the report to the people who maintain it.")
        note.setWordWrap(True)
        note.setTextFormat(Qt.TextFormat.PlainText)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = QPushButton("Copy Report")
        self.copy_button.setToolTip("Copy the report, with its traceback, to the clipboard")
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(self.copy_report)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (self.summary, note, self.report, buttons):
            layout.addWidget(widget)
        self.resize(640, 360)

    def show_error(self, summary: str, report: str) -> None:
        """Show this error (the newest, if several came: the count says how many)."""
        self.count += 1
        more = f" ({self.count} internal errors so far)" if self.count > 1 else ""
        self.summary.setText(summary[:1].upper() + summary[1:] + more)
        self.report.setPlainText(report)
        self.open()

    def copy_report(self) -> None:
        QGuiApplication.clipboard().setText(self.report.toPlainText())
