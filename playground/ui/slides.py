"""Slides of a lesson: one page per step, with the step's title, its text (bold and
italics as the lesson marks them) and its pictures, drawn as `playground shot`
draws them (render.lesson_pictures). A PDF is drawn with Qt's own writer
(QPdfWriter and QPainter; its text is text, not pictures of it); an HTML deck is
written by slides_html.py from the same pages. Used by `playground slides` and
File ▸ Export Lesson as Slides… (slides_export.py).

The same lesson gives the same bytes: the pictures are deterministic (render.py),
the PDF's document id is derived from the lesson, and the dates Qt stamps on it are
replaced by a fixed one (fixed_dates). Its fonts' space glyph is mapped back to a
space, not a tab (spaces_as_spaces), so text copied from it reads as written.
"""

from __future__ import annotations

import json
import re
import uuid
from contextlib import closing
from html import escape

from PySide6.QtCore import QBuffer, QIODevice, QMarginsF, QPointF, QRectF, QSize, QUuid
from PySide6.QtGui import QColor, QFont, QPageLayout, QPageSize, QPainter, QPdfWriter, QPen, QTextDocument

from playground.bundled import FONT_FAMILY
from playground.files import check_destination, write_atomic
from playground.lesson import Shot
from playground.slides_html import ASPECTS, Page, deck_format, deck_html, text_html
from playground.ui.render import lesson_pictures, png_bytes
from playground.window_sizes import WINDOW_SIZE

RESOLUTION = 96     # the page's pixels per inch: a 16:9 page (960 × 540 pt) is 1280 × 720 of them
MARGIN, GAP = 48, 16
TITLE_PIXELS, FOOTER_PIXELS = 34, 12
TEXT_PIXELS = (20, 17, 14)   # the text's size, smaller only when a long text would crowd out the pictures
INK, FAINT, RULE = QColor(38, 38, 38), QColor(138, 138, 138), QColor(208, 208, 208)
# Every deck's id is a UUID (version 5) of its lesson's content under this namespace.
NAMESPACE = uuid.UUID("6f1d3c52-8f0a-4c4e-9a57-2f64c1b0e7d3")
FIXED_DATE = "20000101000000"  # the date every deck carries: 2000-01-01, midnight UTC


def fallback_shot(lesson) -> Shot:
    """What a step without shots shows: the window at the lesson's zoom, in a window
    as roomy for that zoom as the window's own opening size is at 100 %."""
    zoom = lesson.zoom_of()
    return Shot("window", "", (round(WINDOW_SIZE[0] * max(zoom, 1.0)), round(WINDOW_SIZE[1] * max(zoom, 1.0))))


def write_deck(lesson, path, aspect: str = "16:9", scale: float = 1.0, on_page=None, on_diverged=None,
               cancelled=None) -> int | None:
    """The lesson's slides written to ``path`` (.pdf or .html), atomically; the number of
    pages, or None if ``cancelled()`` said so after some page (then nothing is written).
    ``on_page(number, total, title)`` after each page is drawn; ``on_diverged(reason)``
    for each step whose training diverged (drawn as the window shows it)."""
    kind = deck_format(str(path))
    check_destination(path)  # refused before a minute of drawing, not after
    data = render_deck(lesson, kind, aspect, scale, on_page, on_diverged, cancelled)
    if data is None:
        return None
    write_atomic(path, data)
    return len(lesson.steps)


def render_deck(lesson, kind: str, aspect: str = "16:9", scale: float = 1.0, on_page=None, on_diverged=None,
                cancelled=None) -> bytes | None:
    """The deck's bytes ("pdf" or "html"), or None if cancelled. Each step's pictures are
    drawn, put on its page and let go before the next step's (a PDF page is drawn at once;
    the HTML deck keeps each page's PNG bytes)."""
    total = len(lesson.steps)
    pdf = PdfDeck(lesson, aspect) if kind == "pdf" else None
    pages = []
    try:
        with closing(lesson_pictures(lesson, scale, on_diverged, fallback_shot(lesson))) as steps:
            for index, pictures in steps:
                step, parts = lesson.steps[index], tuple(shot.part for shot, _ in pictures)
                if pdf is not None:
                    pdf.add(Page(step.title, step.text, tuple(image for _, image in pictures), parts))
                else:
                    pages.append(Page(step.title, step.text, tuple(png_bytes(image) for _, image in pictures),
                                      parts))
                if on_page:
                    on_page(index + 1, total, step.title)
                if cancelled is not None and cancelled():
                    return None
    finally:
        if pdf is not None:
            pdf.close()
    return pdf.data() if pdf is not None else deck_html(lesson.title, pages, aspect).encode("utf-8")


def deck_id(lesson, aspect: str) -> QUuid:
    """The PDF's document id: the same for the same lesson (its titles, texts, shots and
    look) and page shape, different for another."""
    content = json.dumps([lesson.title, lesson.look, lesson.zoom, aspect,
                          [[s.title, s.text, [repr(shot) for shot in s.shots]] for s in lesson.steps]])
    return QUuid(str(uuid.uuid5(NAMESPACE, content)))


# QPdfWriter stamps the time of writing on the PDF, and has no setter for it, in two places:
# the info dictionary (object 1, right after the header), "/CreationDate (D:YYYYMMDDHHmmSS"
# and "/ModDate (D:..." ending in "Z)" where local time is UTC, else in an offset such as
# "+01'00')"; and the XMP metadata stream (object 2, uncompressed): xmp:CreateDate,
# xmp:ModifyDate and xmp:MetadataDate, ISO 8601 ending in an offset "+01:00" (or "Z").
# fixed_dates replaces each stamp by FIXED_DATE in UTC. The XMP stamps keep their byte
# length ("Z" stays "Z", an offset becomes "+00:00"), so the stream's /Length holds. The
# info stamps become "(D:20000101000000Z)" whatever the local time zone was, so the file
# is the same everywhere; where Qt wrote an offset that is 6 bytes shorter, and the
# cross-reference table's offsets of every later object (and startxref) are moved by as
# much: Qt writes one classic table, each entry "0000012345 00000 n" of fixed width.
_INFO_DATE = re.compile(rb"/(CreationDate|ModDate) \(D:\d{14}(?:Z|[+-]\d\d'\d\d')\)")
_XMP_DATE = re.compile(rb'xmp:(CreateDate|ModifyDate|MetadataDate)="\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)"')
_XREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")


def fixed_dates(data: bytes) -> bytes:
    """The PDF with FIXED_DATE for each of the dates QPdfWriter stamped (the comment above)."""
    d = FIXED_DATE
    iso = f"{d[:4]}-{d[4:6]}-{d[6:8]}T{d[8:10]}:{d[10:12]}:{d[12:]}".encode()
    data = _XMP_DATE.sub(lambda m: b'xmp:%s="%s%s"' % (m[1], iso, b"Z" if m[2] == b"Z" else b"+00:00"), data)
    pieces, shifts, last = [], [], 0   # shifts: (where in the file as Qt wrote it, bytes added there)
    for m in _INFO_DATE.finditer(data):
        stamp = b"/%s (D:%sZ)" % (m[1], d.encode())
        pieces += [data[last:m.start()], stamp]
        shifts.append((m.start(), len(stamp) - len(m[0])))
        last = m.end()
    fixed = b"".join(pieces) + data[last:]
    return _moved_xref(fixed, lambda offset: offset + sum(added for at, added in shifts if at < offset))


def _moved_xref(data: bytes, moved) -> bytes:
    """``data`` with each in-use offset of its cross-reference table, and startxref, put
    through ``moved`` (offsets in the file as written to where those bytes are now)."""
    end = _XREF.search(data)
    table = moved(int(end[1]))
    head = re.compile(rb"xref\s+0 (\d+)\s+").match(data, table)
    entries = data[head.end():head.end() + 20 * int(head[1])]
    lines = [entries[i:i + 20] for i in range(0, len(entries), 20)]
    lines = [b"%010d%s" % (moved(int(line[:10])), line[10:]) if line[17:18] == b"n" else line for line in lines]
    return (data[:head.end()] + b"".join(lines) + data[head.end() + len(entries):end.start(1)]
            + b"%d" % table + data[end.end(1):])


# Qt's FreeType engine gives the tab character the space's glyph, and its PDF writer maps
# each glyph back to the lowest code point that has it: the ToUnicode map of every font says
# the space glyph is U+0009, so a viewer copies tabs and pdftotext drops spaces ("w=0"). The
# maps are written uncompressed, and "<0020>" is as long as "<0009>": each is corrected in
# place, where it is a code point a glyph stands for (in a bfrange's [...] list, a bfrange of
# one glyph, or a bfchar), never where it is a glyph number.
_UNICODE_MAP = re.compile(rb"begincmap\b.*?\bendcmap", re.S)


def spaces_as_spaces(data: bytes) -> bytes:
    """The PDF with its fonts' space glyph mapped to U+0020, not U+0009 (the comment above)."""
    def one(cmap):
        text = re.sub(rb"\[[^\]]*\]", lambda m: m[0].replace(b"<0009>", b"<0020>"), cmap[0])
        text = re.sub(rb"(<[0-9A-Fa-f]{4}>) \1 <0009>", rb"\1 \1 <0020>", text)
        return re.sub(rb"(beginbfchar\b.*?\bendbfchar)", lambda m: re.sub(
            rb"(?m)^(<[0-9A-Fa-f]{4}>\s+)<0009>", rb"\1<0020>", m[0]), text, flags=re.S)
    fixed = _UNICODE_MAP.sub(one, data)
    assert len(fixed) == len(data)
    return fixed


class PdfDeck:
    """A PDF of slides, drawn a page at a time into memory."""

    def __init__(self, lesson, aspect: str):
        self.title, self.total, self.pages = lesson.title, len(lesson.steps), 0
        self.buffer = QBuffer()
        self.buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        self.writer = writer = QPdfWriter(self.buffer)
        writer.setTitle(lesson.title)
        writer.setCreator("Playground")
        writer.setDocumentId(deck_id(lesson, aspect))
        writer.setResolution(RESOLUTION)
        size = QPageSize(QSize(*ASPECTS[aspect]), f"Slide {aspect}", QPageSize.SizeMatchPolicy.ExactMatch)
        writer.setPageLayout(QPageLayout(size, QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0)))
        self.painter: QPainter | None = None

    def add(self, page: Page) -> None:
        if self.painter is None:
            self.painter = QPainter(self.writer)  # begins the first page
            self.painter.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing
                                        | QPainter.RenderHint.SmoothPixmapTransform)
        else:
            self.writer.newPage()
        self.pages += 1
        draw_page(self.painter, self.writer, page, self.title, self.pages, self.total)

    def close(self) -> None:
        if self.painter is not None and self.painter.isActive():
            self.painter.end()

    def data(self) -> bytes:
        self.close()
        return spaces_as_spaces(fixed_dates(bytes(self.buffer.data())))


def _document(device, html: str, pixels: int, width: float, bold: bool = False, color: QColor = INK,
              spacing: float = 0.0):
    """A QTextDocument of ``html`` laid out ``width`` wide for ``device`` (its metrics, not the
    screen's), ``spacing`` × the type's size between paragraphs."""
    document = QTextDocument()
    document.documentLayout().setPaintDevice(device)
    font = QFont(FONT_FAMILY)
    font.setPixelSize(pixels)
    font.setBold(bold)
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    document.setDefaultFont(font)
    document.setDocumentMargin(0)
    document.setDefaultStyleSheet(f"p {{ margin-top: 0; margin-bottom: {round(pixels * spacing)}px; "
                                  f"color: {color.name()}; line-height: 130%; }}")
    document.setHtml(html)
    document.setTextWidth(width)
    return document


def _plain(text: str) -> str:
    """A title as HTML for QTextDocument: shown as written, never read as markup."""
    return f"<p>{escape(text)}</p>"


def _draw_text(painter: QPainter, document: QTextDocument, at: QPointF, height: float | None = None) -> None:
    painter.save()
    painter.translate(at)
    size = document.size()
    document.drawContents(painter, QRectF(0, 0, size.width(), size.height() if height is None else height))
    painter.restore()


def draw_page(painter: QPainter, device, page: Page, deck_title: str, number: int, total: int) -> None:
    """One slide: the title and a rule under it, the text and the pictures (laid out by
    layout), and a footer with the lesson's title and the page's number."""
    width, height = device.width(), device.height()
    box = QRectF(MARGIN, MARGIN * 0.75, width - 2 * MARGIN, height - 1.5 * MARGIN)
    title = _document(device, _plain(page.title), TITLE_PIXELS, box.width(), bold=True)
    _draw_text(painter, title, box.topLeft())
    rule = box.top() + title.size().height() + 6
    painter.setPen(QPen(RULE, 1.5))
    painter.drawLine(QPointF(box.left(), rule), QPointF(box.right(), rule))
    footer_top = box.bottom() - FOOTER_PIXELS * 1.4
    body = QRectF(box.left(), rule + GAP, box.width(), footer_top - GAP - rule - GAP)
    aspects = [image.width() / max(1, image.height()) for image in page.pictures]
    text, text_box, boxes = layout(device, body, text_html(page.text), aspects)
    _draw_text(painter, text, text_box.topLeft(), text_box.height())
    painter.setPen(QPen(RULE, 1))
    for image, target in zip(page.pictures, boxes):
        if target.isEmpty():
            continue
        painter.drawImage(target, image)
        painter.drawRect(target)
    left = _document(device, _plain(deck_title), FOOTER_PIXELS, box.width() * 0.8, color=FAINT)
    right = _document(device, _plain(f"{number} / {total}"), FOOTER_PIXELS, box.width() * 0.2, color=FAINT)
    _draw_text(painter, left, QPointF(box.left(), footer_top))
    _draw_text(painter, right, QPointF(box.right() - right.idealWidth(), footer_top))


def layout(device, body: QRectF, html: str, aspects: list[float]):
    """(text document, its box, the pictures' boxes): the text above the pictures (in a
    row) or in a column at their left (the pictures in a row or a column), whichever
    draws the pictures largest; the text's size steps down only if it would otherwise
    leave the pictures less than a third of the page's body."""
    best = None
    for pixels in TEXT_PIXELS:
        for text_width, beside in ((body.width(), False), (body.width() * 0.34, True)):
            text = _document(device, html, pixels, text_width, spacing=0.6)
            text_height = text.size().height() if html else 0.0
            if text_height > body.height():  # a text longer than the page: cut at its foot, no pictures
                best = best or (0.0, text, QRectF(body), [QRectF() for _ in aspects])
                continue
            if beside:
                left = text_width + 2 * GAP
                rest = QRectF(body.left() + left, body.top(), body.width() - left, body.height())
            else:
                top = text_height + GAP / 2 if text_height else 0.0  # the last paragraph's spacing, and this
                rest = QRectF(body.left(), body.top() + top, body.width(), body.height() - top)
            for boxes in (_row(rest, aspects), _column(rest, aspects)):
                area = sum(b.width() * b.height() for b in boxes)
                if best is None or area > best[0] + 1:
                    best = (area, text, QRectF(body.left(), body.top(), text_width, text_height), boxes)
        if not aspects or best[0] >= body.width() * body.height() / 3:
            break
    return best[1:]


def _row(rect: QRectF, aspects: list[float]) -> list[QRectF]:
    """Pictures side by side at one height, as large as ``rect`` allows, centred in it."""
    if not aspects or rect.height() <= 0:
        return [QRectF() for _ in aspects]
    height = max(0.0, min(rect.height(), (rect.width() - GAP * (len(aspects) - 1)) / sum(aspects)))
    x = rect.left() + (rect.width() - height * sum(aspects) - GAP * (len(aspects) - 1)) / 2
    y = rect.top() + (rect.height() - height) / 2
    boxes = []
    for aspect in aspects:
        boxes.append(QRectF(x, y, height * aspect, height))
        x += height * aspect + GAP
    return boxes


def _column(rect: QRectF, aspects: list[float]) -> list[QRectF]:
    """Pictures one above the other at one width, as large as ``rect`` allows, centred in it."""
    if not aspects or rect.height() <= 0:
        return [QRectF() for _ in aspects]
    width = max(0.0, min(rect.width(), (rect.height() - GAP * (len(aspects) - 1)) / sum(1 / a for a in aspects)))
    x = rect.left() + (rect.width() - width) / 2
    y = rect.top() + (rect.height() - width * sum(1 / a for a in aspects) - GAP * (len(aspects) - 1)) / 2
    boxes = []
    for aspect in aspects:
        boxes.append(QRectF(x, y, width, width / aspect))
        y += width / aspect + GAP
    return boxes
