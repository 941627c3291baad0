"""The agenda's filters: region, type, programme, theme, month, open to a function, and "for me"."""

import datetime
from functools import partial

import django_filters
from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from portal.models import Function, Region
from programmes.models import Programme, Theme

from .models import Event

MONTHS_AHEAD = 12
MONTHS_BACK = 24


def _month_starts(*, past: bool) -> list[datetime.date]:
    today = timezone.localdate().replace(day=1)
    months = []
    year, month = today.year, today.month
    for _index in range(MONTHS_BACK if past else MONTHS_AHEAD):
        months.append(datetime.date(year, month, 1))
        month += -1 if past else 1
        if month == 0:
            year, month = year - 1, 12
        elif month == 13:
            year, month = year + 1, 1
    return months


def month_choices(*, past: bool) -> list[tuple[str, str]]:
    return [(f"{m:%Y-%m}", date_format(m, "F Y")) for m in _month_starts(past=past)]


class MonthChoiceFilter(django_filters.ChoiceFilter):
    """"2026-03": the events starting in that month. The choices follow the clock and the language."""

    def __init__(self, *args, past: bool = False, **kwargs):
        kwargs.setdefault("choices", partial(month_choices, past=past))
        super().__init__(*args, **kwargs)

    def filter(self, queryset, value):
        if not value:
            return queryset
        year, month = (int(part) for part in value.split("-"))
        return queryset.filter(starts_at__year=year, starts_at__month=month)


class EventFilter(django_filters.FilterSet):
    region = django_filters.ModelChoiceFilter(
        label=_("Region"), queryset=Region.objects.all(), to_field_name="slug", empty_label=_("All regions")
    )
    kind = django_filters.ChoiceFilter(label=_("Type"), choices=Event.Kind.choices, empty_label=_("All types"))
    programme = django_filters.ModelChoiceFilter(
        label=_("Programme"),
        queryset=Programme.objects.published(),
        to_field_name="slug",
        empty_label=_("All programmes"),
    )
    theme = django_filters.ModelChoiceFilter(
        label=_("Theme"), field_name="themes", queryset=Theme.objects.all(), to_field_name="slug",
        empty_label=_("All themes"),
    )
    month = MonthChoiceFilter(label=_("Month"), empty_label=_("Any month"))
    function = django_filters.ChoiceFilter(
        label=_("Open to"), choices=Function.choices, method="filter_function", empty_label=_("Everyone")
    )
    for_me = django_filters.BooleanFilter(
        label=_("Only events for my function"), method="filter_for_me", widget=forms.CheckboxInput
    )

    class Meta:
        model = Event
        fields = ["region", "kind", "programme", "theme", "month", "function", "for_me"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = getattr(self.request, "user", None)
        if not (user and user.is_authenticated):
            del self.filters["for_me"]

    def filter_function(self, queryset, name, value):
        return queryset.for_function(value)

    def filter_for_me(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.for_function(self.request.user.function)

    @property
    def qs(self):
        # Filtering on a theme joins the themes table: keep one row per event.
        return super().qs.distinct() if self.form.is_valid() and self.form.cleaned_data.get("theme") else super().qs


class ArchiveFilter(EventFilter):
    month = MonthChoiceFilter(label=_("Month"), empty_label=_("Any month"), past=True)

    class Meta(EventFilter.Meta):
        fields = ["region", "kind", "programme", "theme", "month"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters.pop("for_me", None)
        self.filters.pop("function", None)
