from django import template
from django.utils.safestring import SafeString

from ..sanitize import rich_text as clean_rich_text

register = template.Library()


@register.filter
def rich_text(value: str) -> SafeString:
    """An editor's text, cleaned to the allow-list again at display time."""
    return clean_rich_text(value or "")
