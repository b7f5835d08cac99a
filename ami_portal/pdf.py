"""The portal's PDF renderer: WeasyPrint with our own stylesheet and fonts, and nothing else.

Shared by every act the portal issues — decisions (``review.documents``) and acknowledgements of
receipt (``applications.receipts``) — as tagged PDF/A. It renders with ``static/pdf/decision.css``
and the Marianne font shipped by django-dsfr, and only ever reads those few files from disk: a
restricted URL fetcher refuses every other URL, so nothing a carrier typed (a link, an image, a
stylesheet) is fetched. The QR code is an inline SVG of a URL the portal builds itself.

Infrastructure: it knows no domain module; the acts' templates and contexts stay with their apps.
"""

import atexit
import re
from functools import cache
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders

BASE_URL = "file:///ami-pdf/"  # a folder that does not exist: relative URLs resolve to refused files
CSS_PATH = Path(settings.BASE_DIR) / "static" / "pdf" / "decision.css"
FONTS = {
    # (family weight, style): file shipped by django-dsfr
    ("400", "normal"): "Marianne-Regular.woff2",
    ("400", "italic"): "Marianne-Regular_Italic.woff2",
    ("500", "normal"): "Marianne-Medium.woff2",
    ("700", "normal"): "Marianne-Bold.woff2",
}
# PDF/A-3a: the accessible conformance level (tagged structure, Unicode text, declared language).
PDF_OPTIONS = {"pdf_variant": "pdf/a-3a", "pdf_tags": True}
QR_SIZE = "26mm"


@cache
def font_files() -> dict[tuple[str, str], Path]:
    files = {}
    for key, name in FONTS.items():
        found = finders.find(f"dsfr/dist/fonts/{name}")
        if found:
            files[key] = Path(found)
    return files


def allowed_files() -> dict[str, Path]:
    """The only URLs the PDF renderer may read, and the file each one maps to."""
    return {path.as_uri(): path for path in font_files().values()}


def _fetcher():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    allowed = allowed_files()

    class RestrictedFetcher(URLFetcher):
        """Serves our own font files from disk; refuses every other URL (network, disk, data)."""

        def fetch(self, url, headers=None):
            path = allowed.get(url)
            if path is None:
                raise ValueError(f"the decision renderer does not fetch {url[:200]!r}")
            return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": "font/woff2"})

    return RestrictedFetcher()


def stylesheet_text() -> str:
    faces = [
        f"@font-face {{ font-family: 'Marianne'; font-weight: {weight}; font-style: {style}; "
        f"src: url('{path.as_uri()}') format('woff2'); }}"
        for (weight, style), path in font_files().items()
    ]
    return "\n".join(faces) + "\n" + CSS_PATH.read_text(encoding="utf-8")


@cache
def _renderer():
    """The fetcher, the font configuration and the parsed stylesheet, built once per process."""
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    fetcher = _fetcher()
    fonts = FontConfiguration()
    css = CSS(string=stylesheet_text(), base_url=BASE_URL, url_fetcher=fetcher, font_config=fonts)
    return fetcher, fonts, css


# Drop the cached renderer before the interpreter tears its modules down (WeasyPrint's font
# configuration cleans up after itself and needs them).
atexit.register(_renderer.cache_clear)


def html_to_pdf(html: str) -> bytes:
    """Render our own HTML with our own stylesheet; nothing else is ever read."""
    from weasyprint import HTML

    fetcher, fonts, css = _renderer()
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher)
    return document.write_pdf(stylesheets=[css], font_config=fonts, **PDF_OPTIONS)


def qr_svg(text: str) -> str:
    """An inline SVG QR code (no image to fetch). The text is our own URL."""
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2, error_correction=1)
    svg = image.to_string(encoding="unicode")
    svg = svg[svg.index("<svg") :]
    # The viewBox keeps the drawing; the printed size is set here, where the layout expects it.
    return re.sub(
        r'(<svg[^>]*?) width="[^"]*" height="[^"]*"', rf'\1 width="{QR_SIZE}" height="{QR_SIZE}"', svg, count=1
    )
