import django_filters
from django.utils.translation import gettext_lazy as _

from portal.models import Municipality, Region
from portal.permissions import CASE_STAFF, users_holding
from portal.widgets import LongSelect

from .models import Application, Offer

QUEUE_STATUSES = [(value, label) for value, label in Application.Status.choices if value != Application.Status.DRAFT]


def staff_users(request=None):
    return users_holding(*CASE_STAFF)


class ApplicationQueueFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=QUEUE_STATUSES, empty_label=_("All statuses"))
    offer = django_filters.ModelChoiceFilter(
        label=_("Offer"), queryset=Offer.objects.all(), to_field_name="slug", empty_label=_("All offers")
    )
    region = django_filters.ModelChoiceFilter(
        label=_("Region"),
        field_name="municipality__region",
        queryset=Region.objects.all(),
        to_field_name="slug",
        empty_label=_("All regions"),
    )
    assigned_to = django_filters.ModelChoiceFilter(
        label=_("Assigned to"), queryset=staff_users, null_label=_("Nobody yet"), empty_label=_("Anyone")
    )
    municipality = django_filters.ModelChoiceFilter(
        label=_("Municipality"), queryset=Municipality.objects.only("pk", "name"), empty_label=_("All municipalities"),
        widget=LongSelect,
    )

    class Meta:
        model = Application
        fields = ["status", "offer", "region", "assigned_to", "municipality"]
