"""A select for long flat lists (the 342 municipalities), drawn in Python instead of per-option templates.

Django's Select builds a dict per option (`optgroups`, `create_option`) and renders them through the
template engine; for the municipality filters of the staff queues that was most of the page's time. This
widget writes the same markup as templates/django/forms/widgets/select.html: the same attributes (the
portal's classes and aria attributes come from the bound field), one `<option>` per choice, `selected` on
the chosen ones. Grouped choices fall back to Django's rendering.
"""

from django import forms
from django.forms.models import ModelChoiceIteratorValue
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe


class LongSelect(forms.Select):
    def render(self, name, value, attrs=None, renderer=None):
        selected = {str(item) for item in self.format_value(value)}
        options = []
        for option_value, label in self.choices:
            if isinstance(label, (list, tuple)):
                return super().render(name, value, attrs, renderer)  # optgroups: Django's own rendering
            if isinstance(option_value, ModelChoiceIteratorValue):
                option_value = option_value.value
            option_value = "" if option_value is None else str(option_value)
            options.append(
                f'<option value="{conditional_escape(option_value)}"'
                f'{" selected" if option_value in selected else ""}>{conditional_escape(label)}</option>'
            )
            if option_value in selected and not self.allow_multiple_selected:
                selected = set()  # like Django: only the first match is selected
        final_attrs = self.build_attrs(self.attrs, attrs)
        return format_html('<select name="{}"{}>{}\n</select>', name, _attributes(final_attrs), mark_safe("".join(options)))  # noqa: S308


def _attributes(attrs: dict) -> str:
    """As django/forms/widgets/attrs.html writes them: in order, `True` as a bare name, `False` left out."""
    return mark_safe("".join(  # noqa: S308 (names are ours, values escaped)
        f" {conditional_escape(name)}" if value is True else f' {conditional_escape(name)}="{conditional_escape(str(value))}"'
        for name, value in attrs.items()
        if value is not False
    ))
