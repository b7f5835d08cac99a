"""The PDF reading helper finds a phrase wherever the line wraps (the receipt's time did not)."""

from review.documents import html_to_pdf
from tests.pdf_support import pdf_text


def test_a_phrase_split_by_a_line_break_is_still_found():
    # A column so narrow that the time and « (heure de Paris) » cannot share a line.
    html = '<html lang="fr"><body style="width:22mm;font-size:9pt"><p>Reçu le 3 décembre 2026 à 16:56:18 (heure de Paris), quarante-cinq mille euros</p></body></html>'
    text = pdf_text(html_to_pdf(html))
    assert "16:56:18 (heure de Paris)" not in text.raw  # the plain search fails: the line wraps
    assert "16:56:18 (heure de Paris)" in text
    assert "quarante-cinq mille euros" in text
    assert "16:56:19 (heure de Paris)" not in text
