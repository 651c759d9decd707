"""`playground slides LESSON --out deck.pdf|deck.html`: a lesson as slides, one page
per step (playground/ui/slides.py draws them). Its arguments are checked before Qt
is imported, so a mistake is reported at once.
"""

from __future__ import annotations

import sys

from playground.bundled import lesson_or_path
from playground.cli_commands import DIVERGED, printable
from playground.files import check_destination
from playground.slides_html import deck_format


def slides(args) -> int:
    deck_format(args.out)  # .pdf or .html, else refused in one line
    check_destination(args.out)
    from playground.lesson import load_lesson

    lesson = load_lesson(lesson_or_path(args.lesson))
    import numpy as np

    from playground.cli_shot import _fixed_screen  # offscreen, 96 dpi, a pixel ratio of 1: as `shot` draws

    _fixed_screen()
    from playground.ui.render import quiet_offscreen_notes
    from playground.ui.slides import write_deck

    quiet_offscreen_notes()
    np.seterr(all="ignore")  # a step whose training diverges is drawn as the window shows it, and said below
    diverged = []

    def on_page(number: int, total: int, title: str) -> None:
        print(f"page {number}/{total}: {printable(title)}", file=sys.stderr, flush=True)
    write_deck(lesson, args.out, args.aspect, on_page=on_page, on_diverged=diverged.append)
    print(args.out)
    for reason in diverged:
        print(f"playground: {printable(reason)}", file=sys.stderr)
    return DIVERGED if diverged else 0
