"""`playground shot`: PNG pictures of a lesson's shots, or of a scenario's window
and panels, rendered offscreen. Its arguments are checked before Qt is imported,
so a mistake is reported at once; only the rendering itself loads Qt.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from playground.bundled import lesson_or_path
from playground.cli_commands import DIVERGED, Progress, load_with_notes
from playground.engine.errors import InputError
from playground.window_sizes import WINDOW_SIZE, size_problem

# The parts `playground.ui.render.panels` can shoot, by name (kept here, not read from
# there, so that checking --panels imports no Qt; tests/test_headless_names.py compares).
PANELS = ("window", "network", "output", "loss", "data", "controls", "inspector", "hidden", "gradients",
          "landscape", "race", "timetravel")


def shot(args) -> int:
    epochs = args.epochs if args.epochs is not None else 0
    if epochs < 0:
        raise InputError(f"--epochs: expected a whole number ≥ 0, got {args.epochs}")
    if not 0.25 <= args.scale <= 8:
        raise InputError(f"--scale: expected a number from 0.25 to 8, got {args.scale:g}")
    names = tuple(n.strip() for n in args.panels.split(",") if n.strip()) if args.panels else PANELS
    unknown = [n for n in names if n not in PANELS]
    if unknown or not names:
        raise InputError(f"--panels: expected some of {', '.join(PANELS)}, got {args.panels!r}")
    size = _window_size(args.size) if args.size is not None else WINDOW_SIZE
    zoom = 100.0 if args.zoom is None else args.zoom
    if not 75 <= zoom <= 200:
        raise InputError(f"--zoom: expected a percentage from 75 to 200, got {zoom:g}")
    out = Path(args.out)
    try:
        not_a_folder = out.exists() and not out.is_dir()
    except OSError as e:  # a name too long, a folder that cannot be looked into
        raise InputError(f"--out: {out}: {e.strerror or e}") from None
    if not_a_folder:
        raise InputError(f"--out: {out} is a file, not a folder")
    pixels = size[0] * size[1] * args.scale ** 2
    if pixels > MAX_PIXELS:
        raise InputError(f"--size × --scale: {size[0] * args.scale:,.0f} × {size[1] * args.scale:,.0f} pixels; "
                         f"a picture has at most {MAX_PIXELS // 1_000_000} million (lower the scale)")
    from playground.lesson import is_lesson_file, load_lesson

    args.scenario = lesson_or_path(args.scenario)
    if not args.scenario.startswith(("http://", "https://", "#")) and is_lesson_file(args.scenario):
        # a lesson's shots bring their own size, panels and training: flags that would be ignored are refused
        ignored = [flag for flag, value in (("--size", args.size), ("--epochs", args.epochs), ("--panels", args.panels),
                                            ("--sample", args.sample), ("--zoom", args.zoom),
                                            ("--enlarge", args.enlarge or None)) if value is not None]
        if ignored:
            raise InputError(f"{', '.join(ignored)}: a lesson's shots set these themselves (each shot's size, "
                             "panel and the step's training); leave them out for a lesson")
        return _shoot_lesson(load_lesson(args.scenario), out, args.scale)
    scenario, inspect = _load_for_shot(args.scenario)
    if args.sample is not None:
        inspect = {"sample": args.sample}
    from playground.ui.render import shoot  # Qt, offscreen: only this subcommand pays for it

    return _render(len(names), lambda on_written, on_diverged: shoot(
        scenario, out, epochs, args.scale, names, on_written=on_written, inspect=inspect, size=size,
        zoom=zoom / 100, enlarge=args.enlarge, on_diverged=on_diverged))


MAX_PIXELS = 64_000_000  # a 4000 × 3000 window at scale 2.3: 256 MB of image, well within memory


def _window_size(text: str) -> tuple[int, int]:
    try:
        width, height = (int(part) for part in text.lower().split("x"))
    except ValueError:
        raise InputError(f"--size: expected WIDTHxHEIGHT such as 1600x1000, got {text!r}") from None
    if size_problem(width, height):
        raise InputError(f"--size: {size_problem(width, height)}")
    return width, height


def _shoot_lesson(lesson, out, scale: float) -> int:
    from playground.ui.render import shoot_lesson

    total = sum(len(step.shots) for step in lesson.steps)
    if not total:
        raise InputError(f"{lesson.source}: shots: the lesson has none to render")
    return _render(total, lambda on_written, on_diverged: shoot_lesson(lesson, out, scale, on_written,
                                                                        on_diverged))


def _fixed_screen() -> None:
    """A shot draws the same pixels whatever the user's display settings: offscreen, at a
    device pixel ratio of 1 and type at 96 dpi (a QT_SCALE_FACTOR or a desktop's font DPI
    would change both). Set before Qt starts, which reads them once; in a process whose
    Qt runs already (a test's) there is nothing left to set."""
    from PySide6.QtCore import QCoreApplication

    if QCoreApplication.instance() is not None:
        return
    if not os.environ.get("QT_QPA_PLATFORM", "").startswith("offscreen"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    os.environ.update(QT_SCALE_FACTOR="1", QT_FONT_DPI="96")
    for name in ("QT_SCREEN_SCALE_FACTORS", "QT_ENABLE_HIGHDPI_SCALING", "QT_SCALE_FACTOR_ROUNDING_POLICY"):
        os.environ.pop(name, None)


def _render(total: int, render) -> int:
    """Run ``render(on_written, on_diverged)`` with a progress bar of ``total`` files;
    print the paths it wrote, one a line. Training that diverged is drawn as the window
    shows it, said on stderr, and exits 3."""
    import numpy as np

    _fixed_screen()
    from playground.ui.render import quiet_offscreen_notes

    quiet_offscreen_notes()
    # overflow on the way to inf or NaN shows in the picture (the views draw it), as in
    # the window's training loop; NumPy's warnings would only clutter stderr
    np.seterr(all="ignore")
    progress, done, diverged = Progress(total), [], []

    def on_written(path):
        done.append(path)
        progress.update_text(len(done), path.name)
    try:
        written = render(on_written, diverged.append)
    finally:
        progress.close()
    for path in written:
        print(path)
    for reason in diverged:
        print(f"playground: {reason}", file=sys.stderr)
    return DIVERGED if diverged else 0


def _load_for_shot(path: str):
    """(scenario, inspector sample or None): a worked case is its network and its
    (first) sample."""
    from playground.files import read_json
    from playground.scenario import scenario_from_dict
    from playground.tfp_link import is_link
    from playground.worked_case import case_samples, check_case

    if not is_link(path) and path.endswith(".case.json"):
        case = check_case(read_json(path, "worked case"), path)
        first = case_samples(case)[0]
        inspect = {"input": first["input"], "target": first["target"], "lr": case.get("lr"),
                   "wrt": case.get("wrt", "loss")}
        return scenario_from_dict(case["network"], path), inspect
    return load_with_notes(path), None
