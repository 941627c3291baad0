import django_filters
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from portal.models import Function, Municipality, Region
from portal.permissions import CASE_STAFF, users_holding
from portal.widgets import LongSelect
from programmes.models import Theme

from .models import Workshop, WorkshopRequest

TARGET_ROLE_CHOICES = [
    (value, label) for value, label in Function.choices if value not in (Function.INWONER, Function.OTHER)
]
DURATION_CHOICES = [
    ("90", _("At most 1.5 hours")),
    ("120", _("At most 2 hours")),
    ("150", _("At most 2.5 hours")),
    ("180", _("At most 3 hours")),
]


class WorkshopFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_text")
    theme = django_filters.ModelChoiceFilter(
        label=_("Theme"),
        field_name="themes",
        queryset=Theme.objects.all(),
        to_field_name="slug",
        empty_label=_("All themes"),
    )
    role = django_filters.ChoiceFilter(
        label=_("For"), choices=TARGET_ROLE_CHOICES, method="filter_role", empty_label=_("Everyone")
    )
    format = django_filters.ChoiceFilter(
        label=_("Format"), choices=Workshop.Format.choices, empty_label=_("All formats")
    )
    duration = django_filters.ChoiceFilter(
        label=_("Duration"), choices=DURATION_CHOICES, method="filter_duration", empty_label=_("Any duration")
    )
    delivery = django_filters.ChoiceFilter(
        label=_("On site or online"),
        choices=[(Workshop.Delivery.ON_SITE, _("On site")), (Workshop.Delivery.ONLINE, _("Online"))],
        method="filter_delivery",
        empty_label=_("Either"),
    )

    class Meta:
        model = Workshop
        fields = ["q", "theme", "role", "format", "duration", "delivery"]

    def filter_text(self, queryset, name, value):
        words = value.split()
        for word in words[:8]:
            queryset = queryset.filter(
                Q(title__icontains=word)
                | Q(title_en__icontains=word)
                | Q(summary__icontains=word)
                | Q(summary_en__icontains=word)
                | Q(description__icontains=word)
                | Q(description_en__icontains=word)
            )
        return queryset

    def filter_role(self, queryset, name, value):
        return queryset.for_role(value)

    def filter_duration(self, queryset, name, value):
        return queryset.filter(duration_minutes__lte=int(value))

    def filter_delivery(self, queryset, name, value):
        # A workshop given "on site or online" fits either wish.
        return queryset.filter(delivery__in=[value, Workshop.Delivery.BOTH])


def staff_users(request: HttpRequest | None = None) -> QuerySet:
    """Who can be assigned a request (django-filter calls this with the request)."""
    return users_holding(*CASE_STAFF)


class RequestQueueFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=WorkshopRequest.Status.choices, empty_label=_("All statuses")
    )
    region = django_filters.ModelChoiceFilter(
        label=_("Region"),
        field_name="municipality__region",
        queryset=Region.objects.all(),
        to_field_name="slug",
        empty_label=_("All regions"),
    )
    workshop = django_filters.ModelChoiceFilter(
        label=_("Workshop"),
        field_name="workshops",
        queryset=Workshop.objects.all(),
        to_field_name="slug",
        empty_label=_("All workshops"),
    )
    assigned_to = django_filters.ModelChoiceFilter(
        label=_("Assigned to"), queryset=staff_users, null_label=_("Nobody yet"), empty_label=_("Anyone")
    )
    municipality = django_filters.ModelChoiceFilter(
        label=_("Municipality"), queryset=Municipality.objects.current().only("pk", "name"), empty_label=_("All municipalities"),
        widget=LongSelect,
    )

    class Meta:
        model = WorkshopRequest
        fields = ["status", "region", "workshop", "assigned_to", "municipality"]
