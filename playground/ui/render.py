"""Pictures of the window and its panels: PNG at any scale, and SVG.

Used by File > Export and, headless, by `playground shot`. A shot draws a
session of this process (LocalWorker), trained for exactly the epochs asked, so
the same scenario gives the same pixels every time: nothing in it depends on a
clock, the screen or the machine's speed.
"""

from __future__ import annotations

import os
import sys
from contextlib import closing
from pathlib import Path

from PySide6.QtCore import QBuffer, QIODevice, QPoint, QRect, QSize, Qt, qInstallMessageHandler
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QApplication, QWidget

from playground.engine.errors import InputError
from playground.files import make_folder, write_atomic
from playground.window_sizes import WINDOW_SIZE


def panels(window) -> dict[str, QWidget]:
    """The parts of the main window that can be shot, by name."""
    return {"window": window, "network": window.editor, "output": window.output_plot,
            "loss": window.loss_panel, "data": window.data_panel, "controls": window.run_bar,
            "inspector": window.inspector, "hidden": window.hidden_panel, "gradients": window.gradients_panel,
            "landscape": window.landscape_panel, "race": window.race_panel, "timetravel": window}


def to_image(widget: QWidget, scale: float = 1.0) -> QImage:
    """The widget drawn at ``scale`` × its size: text and lines are drawn again at
    that resolution, not magnified."""
    size = widget.size()
    image = QImage(QSize(round(size.width() * scale), round(size.height() * scale)),
                   QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(QColor(255, 255, 255))
    image.setDevicePixelRatio(scale)
    painter = QPainter(image)
    painter.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing
                           | QPainter.RenderHint.SmoothPixmapTransform)
    QWidget.render(widget, painter, QPoint(0, 0))  # graphics views override render() for their scene
    painter.end()
    image.setDevicePixelRatio(1.0)
    return image


def png_bytes(image: QImage, what: str = "picture") -> bytes:
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise InputError(f"{what}: could not encode the PNG")
    return bytes(buffer.data())


def save_png(widget: QWidget, path: str | os.PathLike, scale: float = 1.0, follow_symlink: bool = True,
             image: QImage | None = None) -> Path:
    """The widget (or an ``image`` of it already drawn) as a PNG, through the one safe
    writer (files.write_atomic): ``shot`` refuses a symlink in its output folder
    (``follow_symlink`` False)."""
    write_atomic(path, png_bytes(image if image is not None else to_image(widget, scale), str(path)),
                 follow_symlink)
    return Path(path)


def save_svg(widget: QWidget, path: str | os.PathLike, title: str = "Playground") -> Path:
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    generator = QSvgGenerator()
    generator.setOutputDevice(buffer)
    generator.setSize(widget.size())
    generator.setViewBox(QRect(0, 0, widget.width(), widget.height()))
    generator.setTitle(title)
    painter = QPainter(generator)
    QWidget.render(widget, painter, QPoint(0, 0))
    painter.end()
    write_atomic(path, bytes(buffer.data()))
    return Path(path)


def refuse_another_size(window, size, where: str) -> None:
    """A shot's window that could not take ``size`` at its zoom (larger type needs a
    larger window): said in one line naming the least size, never drawn at another."""
    if window.size().toTuple() != tuple(size):
        needed = window.minimumSizeHint()
        raise InputError(f"{where}: at {window.zoom:.0%} zoom the window needs at least "
                         f"{needed.width()}x{needed.height()}, got {size[0]}x{size[1]}")


def settle(app: QApplication, rounds: int = 5) -> None:
    """Let layouts, resizes and posted events finish before a picture is taken."""
    for _ in range(rounds):
        app.sendPostedEvents()
        app.processEvents()


def quiet_offscreen_notes() -> None:
    """Qt's messages go to stderr less the offscreen platform's notes on what it
    lacks (a window without a screen has no size hints to pass on): `playground
    shot` prints the paths it wrote, not those."""
    def handler(_kind, _context, message: str) -> None:
        if not message.startswith("This plugin does not support"):
            sys.stderr.write(message + "\n")
    qInstallMessageHandler(handler)


TEACHING_PANELS = ("inspector", "hidden", "gradients", "landscape", "race")
ENLARGEABLE = ("network", "output", "loss", "data") + TEACHING_PANELS  # a dock, or the network
RECORD_ROWS = 40  # gradient-flow rows a shot records over its epochs
RACE_EPOCHS = 200  # how long a shot's optimizer race runs


def offscreen_window(scenario, epochs: int = 0, size=WINDOW_SIZE, views=(), inspect: dict | None = None,
                     zoom: float = 1.0):
    """(app, window, worker): the main window, offscreen, drawing a session of this
    process trained for ``epochs`` epochs. ``views``: teaching panels to fill
    (their numbers are computed only when asked); ``inspect``: the sample the
    backprop inspector traces (the "inspect" command's arguments), all its numbers shown."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from playground.ui.app import make_application
    from playground.ui.main_window import MainWindow
    from playground.ui.worker import LocalWorker

    app = make_application()
    worker = LocalWorker(scenario)
    window = MainWindow(worker=worker)
    window.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
    window.set_zoom(zoom)
    window.resize(*size)
    window.show()
    settle(app)
    try:
        refuse_another_size(window, size, "--size")
    except InputError:
        window.shutdown()
        raise
    if "hidden" in views:
        window.send("show_views", {"hidden": {"layer": 1, "units": None}})
    if "gradients" in views:
        window.send("show_views", {"training": True})
        chunks = min(RECORD_ROWS, epochs) or 1
        for i in range(chunks):  # a recorded row after each chunk: the curves have a shape
            worker.train_epochs(epochs * (i + 1) // chunks - epochs * i // chunks)
    elif epochs:
        worker.train_epochs(epochs)
    if inspect is not None:
        window.send("inspect", inspect)
    if "landscape" in views:  # computed here and now: a LocalWorker runs a job to its end
        # trained, the plane the path moved in most (the path then shows); else random directions
        window.send("compute_landscape", {"mode": "path" if epochs >= 2 else "random", "extent": 1.0,
                                          "resolution": 41})
        window.send("sweep_weight", {"layer": 0, "row": 0, "column": 0})
    if "race" in views:
        window.send("start_race", {"epochs": RACE_EPOCHS})
    settle(app)
    window.draw_latest()
    if inspect is not None:
        window.inspector.set_stage(window.inspector.last_stage)
    settle(app)
    return app, window, worker


def shoot(scenario, out_dir: str | os.PathLike, epochs: int = 0, scale: float = 1.0,
          names: tuple[str, ...] | None = None, prefix: str = "", size=WINDOW_SIZE,
          on_written=None, inspect: dict | None = None, zoom: float = 1.0, enlarge: bool = False,
          on_diverged=None) -> list[Path]:
    """PNGs of the window and every panel (or just ``names``) in ``out_dir``;
    ``on_written(path)`` is called after each file, ``on_diverged(reason)`` if the
    training diverged (the pictures show it, as the window would). ``enlarge``: each
    panel shot as View ▸ Enlarge shows it, alone and filling the window."""
    out = Path(out_dir)
    make_folder(out)
    names = tuple(names or ("window", "network", "output", "loss", "data", "controls") + TEACHING_PANELS
                  + ("timetravel",))
    app, window, worker = offscreen_window(scenario, epochs, size, views=names, inspect=inspect, zoom=zoom)
    if worker.session.message and on_diverged:
        on_diverged(worker.session.message)
    try:
        parts, written = panels(window), []
        for name in names:
            if name in TEACHING_PANELS:
                window.show_panel(name)
                settle(app)
            if enlarge and name in ENLARGEABLE:
                window.stage.enlarge(name)
                settle(app)
            if name == "timetravel":  # the window as it was halfway through the epochs trained
                window.show_panel("loss")
                window.show_panel("output")
                window.send("view_epoch", {"epoch": epochs // 2})
                settle(app)
            written.append(save_png(parts[name], out / f"{prefix}{name}.png", scale, follow_symlink=False))
            if name == "timetravel":
                window.send("view_epoch", {"epoch": None})
            window.stage.restore()
            if on_written:
                on_written(written[-1])
    finally:
        window.shutdown()
        window.close()
        window.deleteLater()
        settle(app)
    return written


def shoot_lesson(lesson, out_dir: str | os.PathLike, scale: float = 1.0, on_written=None,
                 on_diverged=None) -> list[Path]:
    """Every shot of every step of a lesson, offscreen (lesson_pictures), each
    written to its file; ``on_diverged(reason)`` for each step whose training diverged."""
    out = Path(out_dir)
    make_folder(out)
    written = []
    with closing(lesson_pictures(lesson, scale, on_diverged)) as steps:  # a failed write closes the window
        for _, pictures in steps:
            for shot, image in pictures:
                written.append(save_png(None, out / shot.file, follow_symlink=False, image=image))
                if on_written:
                    on_written(written[-1])
    return written


def lesson_pictures(lesson, scale: float = 1.0, on_diverged=None, fallback=None):
    """(step index, [(shot, QImage)]) for each step of a lesson, in order, drawn
    offscreen: each step set up as the lesson panel sets it up (so the pictures are
    what a class sees), each shot at its own size, look and scale (times ``scale``).
    A step without shots has none, or the ``fallback`` shot if one is given (slides
    show the window). ``on_diverged(reason)`` for each step whose training diverged."""
    app, window, _ = offscreen_window(lesson.steps[0].scenario)
    try:
        window.start_lesson(lesson)
        for index, step in enumerate(lesson.steps):
            window.go_to_step(index)
            settle(app)
            message = window.worker.session.message  # set only when the step's training diverged
            if message and on_diverged:
                on_diverged(f"step {index + 1} ({step.title}): {message}")
            pictures = []
            for shot in step.shots or ((fallback,) if fallback is not None else ()):
                window.set_look(shot.look or lesson.look)
                window.set_zoom(lesson.zoom_of(shot))
                window.resize(*shot.size)
                if shot.part in TEACHING_PANELS + ("loss",):
                    window.show_panel(shot.part)
                settle(app)
                refuse_another_size(window, shot.size, f"{lesson.source}: {shot.file or f'steps[{index}]'}")
                pictures.append((shot, to_image(panels(window)[shot.part], shot.scale * scale)))
            yield index, pictures
    finally:
        window.shutdown()
        window.close()
        window.deleteLater()
        settle(app)
