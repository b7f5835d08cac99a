"""Filters that let one piece of an act's text serve the PDF, the page and the plain-text email."""

import html
import re

from django import template
from django.utils.html import strip_tags

register = template.Library()


@register.filter
def one_line(text: str) -> str:
    """A multi-line postal address on one line: « 11 rue X, 75008 Paris »."""
    return ", ".join(line.strip() for line in str(text or "").splitlines() if line.strip())


@register.filter(is_safe=False)
def plain_text(fragment: str) -> str:
    """An HTML fragment of our own templates as plain text for an email: paragraphs separated by
    a blank line, list items on their own line after a dash, tags dropped, entities decoded."""
    text = re.sub(r"\s+", " ", str(fragment))
    text = re.sub(r"<li\b[^>]*>", "\n– ", text, flags=re.IGNORECASE)
    text = re.sub(r"</(p|ul|ol|h\d)>|<br\s*/?>", "\n\n", text, flags=re.IGNORECASE)
    text = html.unescape(strip_tags(text))
    lines = [line.strip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
