"""Filters of the scan lists. Every value from the query string goes through a form field: a value that
does not fit (`?municipality=²`, an unknown status) is reported on the form and ignored, never a 500."""

import django_filters
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from portal.models import Municipality
from portal.permissions import municipalities_for
from portal.widgets import LongSelect

from .forms import TextField
from .models import Questionnaire, Scan


class TextFilter(django_filters.CharFilter):
    field_class = TextField


def _municipalities(request: HttpRequest | None):
    if request is None:
        return Municipality.objects.none()
    return municipalities_for(request.user).order_by("name").only("pk", "name")


def _questionnaire_choices() -> list[tuple[str, str]]:
    return list(dict(Questionnaire.objects.order_by("slug", "-version").values_list("slug", "name")).items())


class ScanFilter(django_filters.FilterSet):
    """The scans a griffier, consultant or manager sees; `?municipality=<pk>` comes from the regional overview."""

    municipality = django_filters.ModelChoiceFilter(
        label=_("Municipality"), queryset=_municipalities, empty_label=_("All municipalities"),
        widget=LongSelect,
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Scan.Status.choices, empty_label=_("All"))

    class Meta:
        model = Scan
        fields = ["municipality", "status"]


class StaffScanFilter(django_filters.FilterSet):
    q = TextFilter(label=_("Municipality"), method="filter_municipality_name", max_length=100)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Scan.Status.choices, empty_label=_("All"))
    questionnaire = django_filters.ChoiceFilter(
        label=_("Questionnaire"),
        field_name="questionnaire__slug",
        choices=_questionnaire_choices,
        empty_label=_("All"),
    )

    class Meta:
        model = Scan
        fields = ["q", "status", "questionnaire"]

    def filter_municipality_name(self, queryset, name, value):
        return queryset.filter(municipality__in=Municipality.objects.search(value))
