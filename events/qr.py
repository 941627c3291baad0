"""The check-in QR code (segno): it holds a signed link to the staff check-in screen, nothing else."""

import io

import segno
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _


def qr_svg(url: str) -> SafeString:
    """An inline SVG drawn with attributes only (no style), so it passes our Content-Security-Policy."""
    code = segno.make(url, error="m")
    svg = code.svg_inline(scale=4, title=_("Check-in code"), svgclass="events-qr", lineclass="events-qr__line")
    return mark_safe(svg.replace("<svg ", '<svg role="img" aria-label="{}" '.format(_("Check-in code")), 1))  # noqa: S308


def qr_png(url: str) -> bytes:
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=6, border=3)
    return buffer.getvalue()
