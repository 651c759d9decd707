"""The same pixels whatever is installed: the app draws with the DejaVu Sans it
ships (playground/fonts/, licence included), in Qt's Fusion style and a fixed
light palette; a shot with every system font hidden from fontconfig is
identical to one made as usual, and every character the program's strings and
the bundled lessons use is in each bundled font (no glyph falls back to a
system font)."""

from __future__ import annotations

import ast
import os
import subprocess
import sys

from PySide6.QtGui import QFontInfo, QRawFont
from PySide6.QtWidgets import QApplication
from ui_support import OFFSCREEN_NOISE, local_window  # noqa: F401  (fixtures)

from playground.bundled import FONT_FAMILY, bundled_lessons, font_files, package_file

pytestmark = OFFSCREEN_NOISE
PACKAGE = package_file("__init__.py").parent


def _characters_used() -> set[str]:
    """Every character of every string in the program's source, and of the bundled lessons."""
    found = set()
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                found |= set(node.value)
    for path in bundled_lessons():
        found |= set(path.read_text(encoding="utf-8"))
    return {c for c in found if c.isprintable() and not c.isspace()}


def test_every_character_the_program_and_its_lessons_use_is_in_each_bundled_font(qapp):
    used = _characters_used()
    assert {"⊕", "▶", "₁", "σ", "′", "∂", "η", "≤", "—"} <= used, "the check sees the strings it is meant to"
    for path in font_files():
        font = QRawFont(str(path), 12)
        assert font.isValid(), path
        missing = sorted(c for c in used if not font.supportsCharacter(ord(c)))
        assert missing == [], f"{path.name} lacks {missing}"


def test_the_fonts_ship_with_their_licence():
    licence = package_file("fonts", "LICENSE").read_text()
    assert "Bitstream Vera" in licence and "DejaVu changes are in public domain" in licence
    assert sorted(p.name for p in font_files()) == ["DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf", "DejaVuSans.ttf"]


def test_the_window_draws_with_the_bundled_font_fusion_and_a_fixed_palette(local_window):
    window = local_window()
    app = QApplication.instance()
    assert QFontInfo(app.font()).family() == FONT_FAMILY and app.font().pointSizeF() == 9.0
    assert QFontInfo(window.run_bar.play_button.font()).family() == FONT_FAMILY
    assert app.style().name().lower() == "fusion"
    assert app.palette() == app.style().standardPalette(), "Fusion's light palette, not the desktop's"


def _shoot(tmp_path, name: str, **env) -> dict[str, bytes]:
    out = tmp_path / name
    done = subprocess.run([sys.executable, "-m", "playground", "shot", "03-xor", "--out", str(out)],
                          env={**os.environ, **env}, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())}


def test_a_shot_is_the_same_with_every_system_font_hidden(tmp_path):
    empty = tmp_path / "fonts.conf"  # fontconfig with no font folder at all
    empty.write_text('<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n'
                     f"<fontconfig><cachedir>{tmp_path / 'cache'}</cachedir></fontconfig>\n")
    usual = _shoot(tmp_path, "usual")
    hidden = _shoot(tmp_path, "hidden", FONTCONFIG_FILE=str(empty), QT_SCALE_FACTOR="1.5", QT_FONT_DPI="120")
    assert list(usual) == ["03-1-no-hidden.png", "03-2-hidden-layer.png", "03-3-feature.png"]
    assert hidden == usual, "no system font, another scale and font DPI: the same bytes"


TYPE_SIZE = ("from playground.ui.app import make_application\n"
             "from PySide6.QtGui import QFontInfo\n"
             "app = make_application()\n"
             "print(app.font().pointSizeF(), QFontInfo(app.font()).pixelSize())\n")


def test_the_type_is_12_pixels_whatever_dpi_the_platform_sets_type_at():
    sizes = {}
    for dpi in ("96", "72"):  # Linux's and macOS's logical dpi
        done = subprocess.run([sys.executable, "-c", TYPE_SIZE], env={**os.environ, "QT_FONT_DPI": dpi},
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        sizes[dpi] = done.stdout.split()
    assert sizes == {"96": ["9.0", "12"], "72": ["12.0", "12"]}
