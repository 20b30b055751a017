"""Figures show text in its own script: Latin, Cyrillic and Chinese labels render with real glyphs."""

from __future__ import annotations

import io
import warnings

import matplotlib
import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from PIL import Image

from helpers.output import plots

NO_CJK = ("no font for Chinese characters is installed, and this machine cannot install one "
          "(`make fonts` installs Debian's fonts-wqy-microhei where root and apt-get allow)")
needs_cjk = pytest.mark.skipif(plots.cjk_font() is None, reason=NO_CJK)


def _render(label: str, families: list[str] | None = None) -> tuple[np.ndarray, tuple[int, int, int, int]]:
    """A figure holding only `label`, as RGB pixels, with the label's box (x0, y0, x1, y1) in pixel rows/columns.

    A glyph missing from every font is an error, not a warning.
    """
    with matplotlib.rc_context({"font.family": families or plots.font_families()}), warnings.catch_warnings():
        warnings.filterwarnings("error", message=r".*[Gg]lyph .* missing from font")
        fig = plots._figure(4, 1.5)
        FigureCanvasAgg(fig)
        text = fig.text(0.5, 0.5, label, ha="center", va="center", fontsize=20)
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=plots.DPI)
        box = text.get_window_extent(renderer=fig.canvas.get_renderer())
    pixels = np.asarray(Image.open(io.BytesIO(buf.getvalue())).convert("RGB"))
    height = pixels.shape[0]
    rows_cols = (int(height - box.y1), int(box.x0), int(height - box.y0), int(box.x1))
    return pixels, rows_cols


def _ink(pixels: np.ndarray, box: tuple[int, int, int, int]) -> float:
    """The share of dark pixels inside the box."""
    top, left, bottom, right = box
    region = pixels[max(top, 0):bottom, max(left, 0):right]
    return float((region.mean(axis=2) < 128).mean()) if region.size else 0.0


def test_the_fallback_list_starts_with_a_font_for_latin_and_cyrillic():
    families = plots.font_families()
    assert families[0] == plots.LATIN_FONT and families[-1] == "sans-serif"
    assert matplotlib.rcParams["font.family"] == plots.FONTS


def test_a_russian_label_renders_with_ink_where_it_is():
    pixels, box = _render("Россия и Китай")
    assert _ink(pixels, box) > 0.02
    assert _ink(pixels, (0, 0, 5, 5)) == 0.0  # the corner stays blank


@needs_cjk
def test_a_chinese_label_renders_with_ink_where_it_is():
    assert plots.cjk_font() in plots.font_families()
    pixels, box = _render("中俄关系 Россия 2024")  # Chinese, Cyrillic and Latin in one label
    assert _ink(pixels, box) > 0.02


@needs_cjk
def test_chinese_characters_are_drawn_as_themselves_not_as_boxes():
    """A missing glyph is drawn as the same empty box whatever the character: two characters must differ."""
    first, box = _render("中")
    second, _ = _render("国")
    assert _ink(first, box) > 0.02 and not np.array_equal(first, second)


def test_the_check_catches_a_font_without_chinese_glyphs():
    """Without the fallback list, a Chinese label is reported as missing glyphs: the check above can fail."""
    with pytest.raises(UserWarning, match="missing from font"):
        _render("中国", families=[plots.LATIN_FONT])
