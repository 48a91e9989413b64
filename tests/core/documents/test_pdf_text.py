"""PDF text in Arabic script is shaped, right to left, and drawn with a font that has its glyphs."""

from __future__ import annotations

from reportlab.lib.enums import TA_LEFT, TA_RIGHT

from needsfirst.documents import FONT, is_right_to_left, needs_unicode_font, paragraph, stylesheet


def test_latin_text_keeps_the_built_in_font_so_the_pdf_stays_searchable():
    styles = stylesheet()
    para = paragraph("Underpaid wages, Café", styles["BodyText"], 400)
    assert para.style.fontName == styles["BodyText"].fontName
    assert para.style.alignment == TA_LEFT


def test_arabic_text_is_shaped_right_aligned_and_in_the_unicode_font():
    styles = stylesheet()
    para = paragraph("محمد الرشيد", styles["BodyText"], 400)
    assert para.style.fontName == FONT
    assert para.style.alignment == TA_RIGHT
    text = para.text
    assert "محمد" not in text  # the isolated letters were joined into presentation forms
    assert any("\ufe70" <= character <= "\ufefc" for character in text)


def test_a_long_arabic_paragraph_is_wrapped_before_it_is_reordered():
    styles = stylesheet()
    words = " ".join(["الأجور غير المدفوعة"] * 12)
    para = paragraph(words, styles["BodyText"], 120)
    assert para.text.count("<br/>") >= 3


def test_cyrillic_is_drawn_with_the_unicode_font_left_to_right():
    styles = stylesheet()
    para = paragraph("Олена Коваленко", styles["BodyText"], 400)
    assert para.style.fontName == FONT
    assert para.style.alignment == TA_LEFT


def test_the_script_checks_tell_latin_arabic_and_cyrillic_apart():
    assert not needs_unicode_font("Mohammed Al-Rashid, 12.50 €")
    assert needs_unicode_font("محمد")
    assert is_right_to_left("محمد")
    assert not is_right_to_left("Олена")


def test_an_arabic_claim_statement_embeds_the_unicode_font():
    from needsfirst.wages import compute_claim
    from needsfirst.wages.pdf import claim_statement_pdf
    from tests.core.wages.test_wages_pdf import _claim

    def arabic(text: str) -> str:
        return "مطالبة " + text

    latin = claim_statement_pdf(compute_claim(_claim()), compress=False)
    translated = claim_statement_pdf(compute_claim(_claim()), compress=False, translate=arabic)
    assert b"DejaVuSans" not in latin
    assert b"DejaVuSans" in translated


def test_brackets_in_an_arabic_line_are_mirrored_so_they_enclose_their_words():
    styles = stylesheet()
    para = paragraph("فترة التعافي (إنجلترا وويلز)", styles["BodyText"], 400)
    text = para.text
    # drawn left to right: the closing bracket of the logical text comes first, as "("
    assert text.index("(") < text.index(")")
