"""`playground slides` and File ▸ Export Lesson as Slides…: a page per step with the
step's title, its text (read back from the PDF with pdftotext: real text, markup
rendered, not asterisks) and its pictures; an HTML deck of a <section> per step with
every picture embedded; the same bytes from the same lesson; the window's menu item."""

from __future__ import annotations

import contextlib
import html
import io
import json
import os
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QProgressDialog
from ui_support import OFFSCREEN_NOISE, close_windows

from playground.bundled import lesson_or_path
from playground.cli import main
from playground.lesson import load_lesson
from playground.recovery import Recovery
from playground.scenario import Scenario
from playground.settings import Settings
from playground.slides_html import plain_text
from playground.ui.main_window import MainWindow
from playground.ui.slides_export import FILTERS
from playground.ui.worker import LocalWorker

pytestmark = OFFSCREEN_NOISE
PDFTOTEXT = shutil.which("pdftotext")
needs_pdftotext = pytest.mark.skipif(
    PDFTOTEXT is None and not os.environ.get("CI"),
    reason="pdftotext (poppler-utils) is not installed; `make test` installs it (.ci/system-packages.sh)")


def bundled() -> list[dict]:
    """The bundled lessons as `playground lessons --json` lists them (name, title, steps)."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["lessons", "--json"]) == 0
    return json.loads(out.getvalue())


def words(text: str) -> str:
    """Text as a line of words, for comparing what pdftotext reads with what was written:
    line breaks and runs of blanks are one space; ligatures and subscripts compared as
    their letters and digits (NFKC) on both sides."""
    return " " + " ".join(unicodedata.normalize("NFKC", text).split()) + " "


def pdf_pages(path: Path) -> list[str]:
    """The PDF's text, a string per page (pdftotext ends each page with a form feed), in
    the order it was drawn (-raw: poppler's layout analysis takes a short line of even
    gaps, such as "w = 0", for letter-spaced text and reads it "w=0")."""
    out = subprocess.run([PDFTOTEXT, "-raw", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True)
    assert out.stderr == b"", out.stderr  # poppler reads it without repairing anything
    return out.stdout.decode("utf-8").split("\f")[:-1]


def assert_pages_hold_the_steps(pdf: Path, lesson) -> None:
    pages = pdf_pages(pdf)
    assert len(pages) == len(lesson.steps), "one page per step"
    for number, (page, step) in enumerate(zip(pages, lesson.steps), 1):
        found = words(page)
        assert words(step.title) in found, f"page {number}: the title {step.title!r} in {page!r}"
        assert words(plain_text(step.text)) in found, f"page {number}: the text of {step.title!r} in {page!r}"
        assert "**" not in page and re.search(rf"(^|\s){number} ?/ ?{len(lesson.steps)}(\s|$)", page), page


def sections(html: str) -> list[str]:
    return re.findall(r"<section\b.*?</section>", html, flags=re.S)


@needs_pdftotext
@pytest.mark.parametrize("entry", bundled(), ids=lambda e: e["name"])
def test_every_bundled_lesson_makes_a_pdf_of_a_page_per_step_with_its_title_and_text(entry, tmp_path, qapp,
                                                                                        capsys):
    out = tmp_path / f"{entry['name']}.pdf"
    assert main(["slides", entry["name"], "--out", str(out)]) == 0
    lesson = load_lesson(lesson_or_path(entry["name"]))
    assert len(lesson.steps) == entry["steps"] and lesson.title == entry["title"]
    printed = capsys.readouterr()
    assert printed.out.split("\n") == [str(out), ""]
    assert printed.err.splitlines() == [f"page {n}/{len(lesson.steps)}: {step.title}"
                                        for n, step in enumerate(lesson.steps, 1)]
    assert out.read_bytes().startswith(b"%PDF-")
    assert_pages_hold_the_steps(out, lesson)
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"Page size:\s+960 x 540 pts", info) and f"Title:           {lesson.title}" in info


def test_the_html_deck_of_a_bundled_lesson_has_a_section_per_step_with_its_pictures_embedded(tmp_path, qapp,
                                                                                            capsys):
    out = tmp_path / "deck.html"
    assert main(["slides", "05-backprop-by-hand", "--out", str(out)]) == 0
    lesson = load_lesson(lesson_or_path("05-backprop-by-hand"))
    found = sections(out.read_text("utf-8"))
    assert len(found) == len(lesson.steps)
    for section, step in zip(found, lesson.steps):
        sources = re.findall(r"<img\b[^>]*\bsrc=\"([^\"]*)\"", section)
        assert len(sources) == len(step.shots) and all(s.startswith("data:image/png;base64,") for s in sources)
        assert f"<h1>{html.escape(step.title)}</h1>" in section


TINY = {"format": "playground.lesson", "version": 1, "title": "Tags <script>alert('x')</script> & co", "steps": [
    {"title": "Step <b>one</b>", "text": "Some **bold words** and *italic ones*, and <i>tags</i> as written.\n\n"
     "A second paragraph: 2 * 3 = 6.", "scenario": {"settings": {"dataset": "xor", "hidden": [2]}},
     "actions": [{"train": 5}]},
    {"title": "Step two", "text": "The window, trained a little more.", "actions": [{"train": 5}],
     "shots": [{"part": "network", "file": "n.png"}, {"part": "output", "file": "o.png"}]}]}


@pytest.fixture
def tiny(tmp_path) -> Path:
    path = tmp_path / "tiny.json"
    path.write_text(json.dumps(TINY))
    return path


def test_an_html_deck_has_a_section_per_step_every_picture_inside_it_and_lesson_text_escaped(tiny, tmp_path, qapp,
                                                                                             capsys):
    out = tmp_path / "deck.html"
    assert main(["slides", str(tiny), "--out", str(out)]) == 0
    deck = out.read_text("utf-8")
    found = sections(deck)
    assert len(found) == 2
    for section, step in zip(found, TINY["steps"]):
        sources = re.findall(r"<img\b[^>]*\bsrc=\"([^\"]*)\"", section)
        assert len(sources) == max(1, len(step.get("shots", []))), "the shots, or the window"
        assert all(s.startswith("data:image/png;base64,") for s in sources)
    assert re.findall(r"\bsrc=\"(?!data:)", deck) == [] and "http" not in deck
    assert "<strong>bold words</strong>" in found[0] and "<em>italic ones</em>" in found[0]
    assert "&lt;i&gt;tags&lt;/i&gt;" in found[0] and "<h1>Step &lt;b&gt;one&lt;/b&gt;</h1>" in found[0]
    assert "2 * 3 = 6" in found[0] and "<p>A second paragraph" in found[0]
    assert "<script>alert" not in deck and "<title>Tags &lt;script&gt;" in deck
    assert deck.count("<script>") == 1
    assert all(key in deck for key in ("ArrowRight", "ArrowLeft", "PageDown", "PageUp", "\" \"", "@media print"))


@needs_pdftotext
def test_the_same_lesson_gives_the_same_bytes_and_4_3_pages(tiny, tmp_path, qapp, capsys):
    for kind in ("pdf", "html"):
        first, second = tmp_path / f"1.{kind}", tmp_path / f"2.{kind}"
        assert main(["slides", str(tiny), "--out", str(first)]) == 0
        assert main(["slides", str(tiny), "--out", str(second)]) == 0
        assert first.read_bytes() == second.read_bytes(), kind
    data = (tmp_path / "1.pdf").read_bytes()
    assert data.count(b"(D:20000101000000Z)") == 2, "the info dictionary's two dates, fixed"
    assert re.findall(rb"xmp:\w+Date=\"([^\"]*)\"", data) == [b"2000-01-01T00:00:00+00:00"] * 3
    lesson = load_lesson(tiny)
    assert_pages_hold_the_steps(tmp_path / "1.pdf", lesson)
    page = pdf_pages(tmp_path / "1.pdf")[0]
    assert "Step <b>one</b>" in page and "<i>tags</i>" in page, "titles and text as written"
    square = tmp_path / "4-3.pdf"
    assert main(["slides", str(tiny), "--out", str(square), "--aspect", "4:3"]) == 0
    info = subprocess.run(["pdfinfo", str(square)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"Page size:\s+720 x 540 pts", info)
    assert square.read_bytes() != data


def test_wrong_output_names_are_refused_in_one_line_before_anything_is_drawn(tiny, tmp_path, capsys):
    (tmp_path / "folder.pdf").mkdir()
    for out, said in ((tmp_path / "deck.pptx", "expected a file ending in .pdf or .html"),
                      (tmp_path / "none" / "deck.pdf", "does not exist"), (tmp_path / "folder.pdf", "is a directory")):
        assert main(["slides", str(tiny), "--out", str(out)]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and said in err, err
    assert main(["slides", "no-such-lesson", "--out", str(tmp_path / "d.pdf")]) == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["folder.pdf", "tiny.json"], "nothing written"


def test_a_step_whose_training_diverges_is_drawn_said_and_exits_3(tmp_path, qapp, capsys):
    settings = {"problem": "regression", "dataset": "reg-gauss", "hidden": [16, 16, 16], "activation": "relu",
                "learning_rate": 10, "batch_size": 1}
    lesson = tmp_path / "too-fast.json"
    lesson.write_text(json.dumps({"format": "playground.lesson", "version": 1, "title": "Too fast", "steps": [
        {"title": "Far too fast", "text": "Watch the loss.", "scenario": {"settings": settings},
         "actions": [{"train": 50}], "shots": [{"file": "fast.png", "part": "loss"}]}]}))
    assert main(["slides", str(lesson), "--out", str(tmp_path / "d.html")]) == 3
    err = capsys.readouterr().err.splitlines()
    assert err[0] == "page 1/1: Far too fast" and err[1].startswith("playground: step 1 (Far too fast): the loss")
    assert len(sections((tmp_path / "d.html").read_text("utf-8"))) == 1


# --- the window ------------------------------------------------------------------------------

@pytest.fixture
def window(qtbot, tmp_path):
    window = MainWindow(worker=LocalWorker(Scenario(Settings())), recovery=Recovery(tmp_path / "data"))
    window.show()
    yield window
    close_windows([window])


def _slides_action(window):
    file_menu = window.menuBar().actions()[0].menu()
    return next(a for a in file_menu.actions() if a.text().replace("&", "") == "Export Lesson as Slides…")


@needs_pdftotext
def test_the_file_menu_exports_the_lesson_in_the_lesson_panel(window, tmp_path, monkeypatch):
    asked = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda parent, caption, suggested, filters, *a:
                        (asked.append((Path(suggested).name, filters)) or str(tmp_path / "xor.pdf"),
                         "PDF slides, 16:9 (*.pdf)"))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: pytest.fail("a lesson is open: not asked"))
    assert window.open_lesson(lesson_or_path("03-xor"))
    window.go_to_step(1)
    epoch = window.snapshot.epoch
    _slides_action(window).trigger()
    assert asked == [("03-xor.pdf", ";;".join(FILTERS))]
    assert_pages_hold_the_steps(tmp_path / "xor.pdf", window.lessons.lesson)
    assert window.lessons.index == 1 and window.snapshot.epoch == epoch, "the window's own lesson left as it was"
    assert window.statusBar().currentMessage() == f"Wrote {tmp_path / 'xor.pdf'} (3 slides)"


def test_cancelling_the_progress_dialog_writes_nothing(window, tiny, tmp_path, monkeypatch):
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(tiny), ""))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "d.pdf"), ""))
    monkeypatch.setattr(QProgressDialog, "wasCanceled", lambda self: self.value() >= 1)  # Cancel after page 1
    assert window.lessons.lesson is None, "no lesson open: it asks for one"
    _slides_action(window).trigger()
    assert not (tmp_path / "d.pdf").exists()
    assert window.statusBar().currentMessage() == "Slides cancelled: no file written"
