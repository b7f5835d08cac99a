"""Reading a PDF's text the way a person searches it: wherever WeasyPrint wraps the lines.

Where a line wraps depends on the data (a long month name, a long organisation name, a wide
digit), so a test that looks for « 16:56:18 (heure de Paris) » in the extracted text passes on
one date and fails on another. ``pdf_text`` returns the text with its white space folded, and a
``needle in text`` test that ignores white space altogether: a line break, a space or a break
after a hyphen (« quarante-↵cinq ») between two characters of the needle does not matter.
Slicing and splitting the result give ordinary strings.
"""

import io

from pypdf import PdfReader


def squeeze(text: str) -> str:
    return "".join(text.split())


class PdfText(str):
    """The document's text, white space folded; ``in`` compares without any white space."""

    def __new__(cls, raw: str):
        folded = super().__new__(cls, " ".join(raw.split()))
        folded.raw = raw  # as extracted, line breaks included
        folded.squeezed = squeeze(raw)
        return folded

    def __contains__(self, needle: str) -> bool:
        return squeeze(needle) in self.squeezed

    def count_of(self, needle: str) -> int:
        return self.squeezed.count(squeeze(needle))


def pdf_text(data: bytes, *, pages: slice | None = None) -> PdfText:
    reader = PdfReader(io.BytesIO(data))
    chosen = reader.pages if pages is None else reader.pages[pages]
    return PdfText("\n".join(page.extract_text() or "" for page in chosen))
