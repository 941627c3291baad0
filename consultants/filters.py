import django_filters
from django.utils.translation import gettext_lazy as _

from portal.models import Region
from programmes.models import Theme

from .models import Consultant


class ConsultantFilter(django_filters.FilterSet):
    region = django_filters.ModelChoiceFilter(
        label=_("Region"),
        field_name="regions",
        queryset=Region.objects.all(),
        to_field_name="slug",
        empty_label=_("All regions"),
    )
    theme = django_filters.ModelChoiceFilter(
        label=_("Theme"),
        field_name="themes",
        queryset=Theme.objects.all(),
        to_field_name="slug",
        empty_label=_("All themes"),
    )
    role = django_filters.ChoiceFilter(
        label=_("Role"), choices=Consultant.Role.choices, empty_label=_("All roles")
    )

    class Meta:
        model = Consultant
        fields = ["region", "theme", "role"]
