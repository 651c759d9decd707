"""Slides of a lesson, without Qt: what a deck is (a page per step), the formats and
page shapes `playground slides` takes, the step text's markup as HTML, and the deck
as one self-contained HTML file (its pictures PNG bytes, embedded as data: URIs).

The PDF deck is drawn by playground/ui/slides.py from the same pages; this module
checks a command line's choices before Qt is imported.
"""

from __future__ import annotations

import base64
import html
import re
from dataclasses import dataclass, field
from pathlib import Path

from playground.engine.errors import InputError
from playground.lesson import markup

# A page's shape: its size in points (1/72 inch), as presentation programs make them:
# 16:9 is 13.333 × 7.5 in (PowerPoint's "widescreen"), 4:3 is 10 × 7.5 in.
ASPECTS = {"16:9": (960, 540), "4:3": (720, 540)}
FORMATS = {".pdf": "pdf", ".html": "html", ".htm": "html"}


@dataclass(frozen=True)
class Page:
    """One step's slide: its title and text (the lesson's markup) and its pictures
    (PNG bytes for the HTML deck, QImages for the PDF), each with what it shows."""
    title: str
    text: str
    pictures: tuple = ()
    parts: tuple = field(default=())   # "window", "inspector", ...: one for each picture


def deck_format(path: str) -> str:
    """"pdf" or "html", from the file name's extension; anything else is refused."""
    kind = FORMATS.get(Path(path).suffix.lower())
    if kind is None:
        raise InputError(f"--out: expected a file ending in .pdf or .html, got {str(path)!r}")
    return kind


def text_html(text: str) -> str:
    """A step's text as HTML, with <strong> and <em> (lesson.markup)."""
    return markup(text, "strong", "em")


def plain_text(text: str) -> str:
    """A step's text as the reader sees it: the markup's asterisks gone, blanks collapsed."""
    plain = re.sub(r"<[^>]+>", "", text_html(text).replace("</p>", " "))
    return " ".join(html.unescape(plain).split())


_STYLE = """
* { box-sizing: border-box; }
html, body { margin: 0; height: 100%; background: #2b2b2b; }
body { font-family: "DejaVu Sans", Verdana, sans-serif; color: #262626; }
section { --w: min(100vw, calc(100vh * ASPECT_W / ASPECT_H)); width: var(--w);
  height: calc(var(--w) * ASPECT_H / ASPECT_W); margin: 0 auto; position: relative; top: 50%;
  transform: translateY(-50%); background: #fff; padding: calc(var(--w) * 0.0375);
  font-size: calc(var(--w) / 64); display: none; flex-direction: column; overflow: hidden; }
section.current { display: flex; }
h1 { font-size: 1.8em; margin: 0 0 0.5em 0; padding-bottom: 0.25em; border-bottom: 1px solid #d0d0d0; }
.text p { margin: 0 0 0.6em 0; line-height: 1.35; }
.pictures { flex: 1; min-height: 0; display: flex; gap: 0.8em; justify-content: center; align-items: center; }
.pictures img { max-width: 100%; max-height: 100%; min-width: 0; min-height: 0; object-fit: contain;
  flex: 1 1 0; border: 1px solid #d8d8d8; }
footer { display: flex; justify-content: space-between; color: #8a8a8a; font-size: 0.7em; margin-top: 0.6em; }
@media print {
  @page { size: PAGE_W PAGE_H; margin: 0; }
  html, body { background: #fff; height: auto; }
  section { --w: PAGE_W; display: flex; top: 0; transform: none; break-after: page; page-break-after: always; }
}
"""

# The arrow keys, Page Up / Page Down and Space (Shift+Space back) move between slides;
# Home and End go to the first and last; the address's #3 opens slide 3.
_SCRIPT = """
(function () {
  var slides = document.querySelectorAll("section"), at = 0;
  function show(n) {
    at = Math.max(0, Math.min(slides.length - 1, n));
    for (var i = 0; i < slides.length; i++) slides[i].classList.toggle("current", i === at);
    try { history.replaceState(null, "", "#" + (at + 1)); } catch (ignored) { /* a browser that refuses it */ }
  }
  document.addEventListener("keydown", function (e) {
    var k = e.key, back = k === " " && e.shiftKey;
    if (!back && (k === "ArrowRight" || k === "ArrowDown" || k === "PageDown" || k === " ")) show(at + 1);
    else if (back || k === "ArrowLeft" || k === "ArrowUp" || k === "PageUp") show(at - 1);
    else if (k === "Home") show(0);
    else if (k === "End") show(slides.length - 1);
    else return;
    e.preventDefault();
  });
  var wanted = parseInt(location.hash.slice(1), 10);
  show(isNaN(wanted) ? 0 : wanted - 1);
})();
"""


def deck_html(title: str, pages: list[Page], aspect: str = "16:9") -> str:
    """The deck as one HTML file: a <section> per page, every picture inside it as a
    data: URI, the keys above, and a print style of one page per slide. Text from the
    lesson is escaped (titles as plain text, step text through text_html)."""
    width, height = ASPECTS[aspect]
    style = (_STYLE.replace("ASPECT_W", aspect.split(":")[0]).replace("ASPECT_H", aspect.split(":")[1])
             .replace("PAGE_W", f"{width / 72:.3f}in").replace("PAGE_H", f"{height / 72:.3f}in"))
    sections = [_section(title, page, number, len(pages)) for number, page in enumerate(pages, 1)]
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            "<meta name=\"generator\" content=\"Playground\">\n"
            f"<title>{html.escape(title)}</title>\n<style>{style}</style>\n</head>\n<body>\n"
            + "".join(sections) + f"<script>{_SCRIPT}</script>\n</body>\n</html>\n")


def _section(deck_title: str, page: Page, number: int, total: int) -> str:
    images = "".join(
        f"<img src=\"data:image/png;base64,{base64.b64encode(png).decode('ascii')}\" "
        f"alt=\"{html.escape(page.title)}: {html.escape(part)}\">\n"
        for png, part in zip(page.pictures, page.parts or ("picture",) * len(page.pictures)))
    return (f"<section id=\"slide-{number}\" aria-label=\"slide {number} of {total}\">\n"
            f"<h1>{html.escape(page.title)}</h1>\n<div class=\"text\">{text_html(page.text)}</div>\n"
            f"<div class=\"pictures\">\n{images}</div>\n"
            f"<footer><span>{html.escape(deck_title)}</span><span>{number} / {total}</span></footer>\n</section>\n")
