"""Linking advice to Quick Scan themes explicitly, for the apps whose items the report recommends.

A workshop, event or publication says which questionnaire themes it helps with in a JSON list of theme
slugs (`advice_scan_themes = models.JSONField(default=list, blank=True)`). Slugs stay the same across
questionnaire versions, so a new version keeps its advice. Editors tick the themes in the admin with
`ScanThemesField`; an app's advice provider filters with `for_scan_theme(queryset, slug)`.
"""

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from .models import Questionnaire, QuestionnaireTheme

ADVICE_FIELD = "advice_scan_themes"


def scan_theme_choices() -> list[tuple[str, str]]:
    """Each theme slug of the active questionnaires once, labelled with its questionnaire and name."""
    themes = (
        QuestionnaireTheme.objects.filter(questionnaire__in=Questionnaire.objects.active())
        .select_related("questionnaire")
        .order_by("questionnaire__name", "order")
    )
    choices: dict[str, str] = {}
    for theme in themes:
        choices.setdefault(theme.slug, f"{theme.questionnaire.name_i18n}: {theme.name_i18n}")
    return list(choices.items())


class ScanThemesField(forms.MultipleChoiceField):
    """Checkboxes of the Quick Scan themes an item is advice for."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("Advice for Quick Scan themes"))
        kwargs.setdefault(
            "help_text", _("The Quick Scan report recommends this item to municipalities that score low on these themes.")
        )
        super().__init__(choices=scan_theme_choices, **kwargs)


def for_scan_theme(queryset: QuerySet, slug: str, field: str = ADVICE_FIELD) -> QuerySet:
    """Rows whose list of scan themes holds `slug`. Matches the quoted slug in the JSON text, which works on
    SQLite and PostgreSQL alike; no slug is a quoted substring of another."""
    return queryset.filter(**{f"{field}__icontains": f'"{slug}"'})
