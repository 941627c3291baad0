import django_filters
from django import forms
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _

from programmes.models import Programme, Theme

from .models import Publication

LIBRARY_TYPES = [(value, label) for value, label in Publication.Type.choices if value != Publication.Type.NEWS]


class I18nModelChoiceFilter(django_filters.ModelChoiceFilter):
    """Choices labelled in the visitor's language (`name_i18n`)."""

    @property
    def field(self):
        field = super().field
        field.label_from_instance = lambda obj: obj.name_i18n
        return field


def publication_years() -> list[tuple[str, str]]:
    years = (
        Publication.objects.published()
        .annotate(year=ExtractYear("published_at"))
        .values_list("year", flat=True)
        .distinct()
        .order_by("-year")
    )
    return [(str(year), str(year)) for year in years]


class LibraryFilter(django_filters.FilterSet):
    type = django_filters.ChoiceFilter(label=_("Type"), choices=LIBRARY_TYPES, empty_label=_("All types"))
    theme = I18nModelChoiceFilter(
        label=_("Theme"), field_name="themes", queryset=Theme.objects.all(), to_field_name="slug",
        empty_label=_("All themes"),
    )
    programme = I18nModelChoiceFilter(
        label=_("Programme"), queryset=Programme.objects.published(), to_field_name="slug",
        empty_label=_("All programmes"),
    )
    year = django_filters.ChoiceFilter(
        label=_("Year"), choices=publication_years, method="filter_year", empty_label=_("All years")
    )

    class Meta:
        model = Publication
        fields = ["type", "theme", "programme", "year"]

    def filter_year(self, queryset, name, value):
        return queryset.filter(published_at__year=int(value))


class NewsFilter(django_filters.FilterSet):
    theme = I18nModelChoiceFilter(
        label=_("Theme"), field_name="themes", queryset=Theme.objects.all(), to_field_name="slug",
        empty_label=_("All themes"),
    )

    class Meta:
        model = Publication
        fields = ["theme"]


class StaffFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Publication.Status.choices, empty_label=_("All statuses")
    )
    type = django_filters.ChoiceFilter(label=_("Type"), choices=Publication.Type.choices, empty_label=_("All types"))
    q = django_filters.CharFilter(label=_("Title contains"), field_name="title", lookup_expr="icontains",
                                  widget=forms.TextInput(attrs={"maxlength": 100}))

    class Meta:
        model = Publication
        fields = ["status", "type", "q"]
