"""PDF text in any of our languages: a Unicode font, Arabic shaping and right-to-left lines.

ReportLab's built-in fonts cover Latin scripts only, so names in Arabic script and Arabic pages
came out as empty boxes. This module registers DejaVu Sans (vendored under `fonts/`, Bitstream
Vera licence, see `fonts/LICENSE-DejaVu.txt`) and turns right-to-left text into lines that
ReportLab can draw: each line is wrapped in logical order, then shaped (arabic-reshaper joins the
letters) and put in visual order (python-bidi). Pure: no Django.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from pathlib import Path
from typing import Literal, cast
from xml.sax.saxutils import escape

import arabic_reshaper

# python-bidi's pure implementation: the default one (Rust, since 0.5) stops at rule L2 and does
# not mirror brackets (L4), so "(England)" in an Arabic line came out as ")England(" in PDFs
# (python-bidi issue #25). The pure one applies L4; letters are short, speed does not matter.
from bidi.algorithm import get_display
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle, PropertySet, StyleSheet1, getSampleStyleSheet
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT = "DejaVuSans"
CELL_PADDING = 14.0  # points: a table cell's or a frame's left and right padding, with a margin
_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")


@cache
def register_fonts() -> str:
    """Register the Unicode font family once; returns its name."""
    pdfmetrics.registerFont(TTFont(FONT, str(FONT_DIR / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(f"{FONT}-Bold", str(FONT_DIR / "DejaVuSans-Bold.ttf")))
    pdfmetrics.registerFont(TTFont(f"{FONT}-Oblique", str(FONT_DIR / "DejaVuSans-Oblique.ttf")))
    pdfmetrics.registerFontFamily(
        FONT,
        normal=FONT,
        bold=f"{FONT}-Bold",
        italic=f"{FONT}-Oblique",
        boldItalic=f"{FONT}-Bold",
    )
    return FONT


def stylesheet() -> StyleSheet1:
    """ReportLab's sample styles; `paragraph` switches to the Unicode font where text needs it."""
    register_fonts()
    return getSampleStyleSheet()


def needs_unicode_font(text: str) -> bool:
    """Whether the built-in fonts (WinAnsi encoding) cannot draw `text`."""
    try:
        text.encode("cp1252")
    except UnicodeEncodeError:
        return True
    return False


def _unicode_style(style: ParagraphStyle, *, alignment: Literal[0, 2] = TA_LEFT) -> ParagraphStyle:
    bold = "Bold" in style.fontName
    return ParagraphStyle(
        f"{style.name}-unicode",
        parent=style,
        fontName=f"{FONT}-Bold" if bold else FONT,
        alignment=alignment,
    )


def is_right_to_left(text: str) -> bool:
    return bool(_RTL.search(text))


def _visual(line: str) -> str:
    return str(get_display(arabic_reshaper.reshape(line)))


def _wrap(text: str, style: ParagraphStyle, width: float) -> list[str]:
    """Greedy wrap in logical order, measuring the shaped words in the style's font."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if (
            current
            and pdfmetrics.stringWidth(_visual(candidate), style.fontName, style.fontSize) > width
        ):
            lines.append(current)
            current = word
        else:
            current = candidate
    if current:
        lines.append(current)
    return lines


def paragraph(
    text: str, style: ParagraphStyle | PropertySet, width: float, *, italic: bool = False
) -> Paragraph:
    """A paragraph of plain text (escaped here), in the Unicode font and right to left where the
    text needs it; Latin text keeps the built-in fonts, so it stays searchable in the PDF."""
    text = unicodedata.normalize("NFC", text)
    style = cast(ParagraphStyle, style)  # a stylesheet's entries are paragraph styles
    if not needs_unicode_font(text):
        body = escape(text)
        return Paragraph(f"<i>{body}</i>" if italic else body, style)
    register_fonts()
    if not is_right_to_left(text):
        body = escape(text)
        return Paragraph(f"<i>{body}</i>" if italic else body, _unicode_style(style))
    rtl_style = _unicode_style(style, alignment=TA_RIGHT)
    # Wrapped here a little narrower than the frame or cell (their padding), so that ReportLab
    # never wraps a visual-order line again, which would swap the halves of the line.
    lines = [escape(_visual(line)) for line in _wrap(text, rtl_style, width - CELL_PADDING)]
    body = "<br/>".join(lines)
    return Paragraph(f"<i>{body}</i>" if italic else body, rtl_style)
