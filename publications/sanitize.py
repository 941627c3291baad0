"""Rich text as editors may write it: one allow-list, applied when a text is saved and again when it is shown.

The editor (django-prose-editor) offers exactly these elements; anything else that reaches the server (a
pasted `<script>`, an `onerror=` attribute, a `javascript:` or `data:` link, inline styles, SVG, iframes)
is removed by nh3. Cleaning twice is cheap and means a row written around the services (a fixture, a
database restore) can still never run script on a visitor's page.
"""

import html
import re

import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "u", "s", "sub", "sup",
    "h2", "h3", "h4", "ul", "ol", "li", "blockquote", "hr", "a",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "noopener noreferrer nofollow"

# The editor's configuration, from the same allow-list (see Publication.body).
EDITOR_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Underline": True,
    "Strike": True,
    "Subscript": True,
    "Superscript": True,
    "Heading": {"levels": [2, 3, 4]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HorizontalRule": True,
    "HardBreak": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
    "History": True,
}

_cleaner = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    url_schemes=ALLOWED_URL_SCHEMES,
    link_rel=LINK_REL,
    strip_comments=True,
)
_EMPTY = re.compile(r"^\s*(<p>\s*(<br>)?\s*</p>\s*)*$")
_BLOCK_END = re.compile(r"</(p|h[2-4]|li|blockquote)>|<br\s*/?>|<hr\s*/?>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")


def clean_html(value: str) -> str:
    """The text reduced to the allow-list; an editor's empty paragraph becomes an empty string."""
    cleaned = _cleaner.clean(value or "")
    return "" if _EMPTY.match(cleaned) else cleaned


def rich_text(value: str) -> SafeString:
    """Clean text, marked safe for a template."""
    return mark_safe(clean_html(value))  # noqa: S308 (cleaned to the allow-list just now)


def html_to_text(value: str) -> str:
    """Plain text of a cleaned HTML fragment, with a space where a block ended (for search and snippets)."""
    text = _TAG.sub("", _BLOCK_END.sub(" ", clean_html(value)))
    return " ".join(html.unescape(text).split())
