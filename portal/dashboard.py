"""The staff dashboard: figures per programme, gathered only through the registry.

Each app gives its figures (`registry.figures`) and says which municipalities it reached per programme
(`registry.reach`); this module counts the reach (out of the municipalities in view, and per province),
draws every section as a server-side SVG bar chart beside a data table, and offers each as CSV or XLSX.
Managers see every municipality; consultants the municipalities of their regions (`municipalities_for`).
"""

from collections import OrderedDict
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from . import registry
from .exports import export_format, table_response
from .models import Municipality, User
from .permissions import is_case_staff, is_manager, municipalities_for, role_required
from .registry import Figure, FigureSection, StaffLink

DASHBOARD_LINK = StaffLink(
    gettext_lazy("Figures per programme"),
    gettext_lazy("Municipalities reached, scans, workshops, applications and more: charts, tables and downloads."),
    "portal:staff_dashboard",
    is_case_staff,
)
CHART_WIDTH = 640
LABEL_WIDTH = 260
BAR_AREA = 300
BAR_HEIGHT = 20
BAR_GAP = 8


@dataclass
class Bar:
    label: str
    value: float
    width: int = 0
    y: int = 0
    text_y: int = 0

    @property
    def display(self) -> str:
        """The value as SVG text: never localised (a Dutch "2,5" would read as two numbers)."""
        return format(round(self.value, 2), "g")


@dataclass
class Chart:
    bars: list[Bar]
    height: int = 0
    value_x: int = LABEL_WIDTH + BAR_AREA + 8

    def __post_init__(self) -> None:
        top = max((bar.value for bar in self.bars), default=0) or 1
        for number, bar in enumerate(self.bars):
            bar.y = number * (BAR_HEIGHT + BAR_GAP)
            bar.text_y = bar.y + 15
            bar.width = round(bar.value / top * BAR_AREA) if bar.value > 0 else 0
        self.height = max(len(self.bars) * (BAR_HEIGHT + BAR_GAP), BAR_HEIGHT)


@dataclass
class Section:
    key: str
    title: str
    figures: list[Figure]
    url: str = ""
    panel: object = None
    chart: Chart | None = field(default=None)


def chart_for(figures: list[Figure]) -> Chart | None:
    bars = [
        Bar(str(figure.label), float(figure.value))
        for figure in figures
        if isinstance(figure.value, int | float) and not isinstance(figure.value, bool)
    ]
    return Chart(bars) if bars else None


def _share(part: int, whole: int) -> str:
    return _("of %(whole)s (%(percent)s%%)") % {"whole": whole, "percent": round(100 * part / whole) if whole else 0}


def reach_sections(municipalities: QuerySet) -> list[FigureSection]:
    """Municipalities reached: per programme, per activity and per province, each out of those in view.

    Every count is a conditional aggregate over the same rows: two queries whatever the number of providers.
    """
    reaches = registry.collect(registry.reach, municipalities=municipalities)
    current = municipalities.filter(pk__in=Municipality.objects.current().values("pk"))
    programmes: OrderedDict[str, tuple[str, Q]] = OrderedDict()
    anywhere = Q(pk__in=[])
    for reach in reaches:
        condition = Q(pk__in=reach.municipality_ids)
        anywhere |= condition
        name, before = programmes.get(reach.programme_slug, (str(reach.programme), Q(pk__in=[])))
        programmes[reach.programme_slug] = (name, before | condition)
    counts = current.aggregate(
        total=Count("pk"),
        anywhere=Count("pk", filter=anywhere),
        **{f"programme_{n}": Count("pk", filter=condition) for n, (_name, condition) in enumerate(programmes.values())},
        **{f"activity_{n}": Count("pk", filter=Q(pk__in=reach.municipality_ids)) for n, reach in enumerate(reaches)},
    )
    total = counts["total"]
    per_programme = [Figure(_("All programmes"), counts["anywhere"], _share(counts["anywhere"], total))]
    for n, (name, _condition) in enumerate(programmes.values()):
        per_programme.append(Figure(name, counts[f"programme_{n}"], _share(counts[f"programme_{n}"], total)))
    per_activity = [Figure(f"{reach.programme}: {reach.activity}", counts[f"activity_{n}"]) for n, reach in enumerate(reaches)]
    provinces = (
        current.values("province__name")
        .annotate(total=Count("pk"), reached=Count("pk", filter=anywhere))
        .order_by("province__name")
    )
    per_province = [
        Figure(row["province__name"], row["reached"], _share(row["reached"], row["total"])) for row in provinces
    ]
    return [
        FigureSection("reach", _("Municipalities reached, per programme"), per_programme),
        FigureSection("reach-activity", _("Municipalities reached, per activity"), per_activity),
        FigureSection("reach-province", _("Municipalities reached, per province"), per_province),
    ]


def dashboard_sections(user: User, municipalities: QuerySet) -> list[Section]:
    found = reach_sections(municipalities) + registry.collect(registry.figures, user=user, municipalities=municipalities)
    return [
        Section(section.key, str(section.title), section.figures, section.url, section.panel, chart_for(section.figures))
        for section in found
    ]


@role_required(is_case_staff)
@require_safe
def staff_dashboard(request: HttpRequest) -> HttpResponse:
    municipalities = municipalities_for(request.user)
    context = {"sections": dashboard_sections(request.user, municipalities), "everywhere": is_manager(request.user)}
    return render(request, "portal/staff_dashboard.html", context)


@role_required(is_case_staff)
@require_safe
def staff_dashboard_export(request: HttpRequest, key: str) -> HttpResponse:
    sections = {section.key: section for section in dashboard_sections(request.user, municipalities_for(request.user))}
    section = sections.get(key)
    if section is None:
        raise Http404
    rows = ([str(figure.label), figure.value, str(figure.detail)] for figure in section.figures)
    return table_response(
        stem=f"figures-{key}",
        headers=[_("Figure"), _("Value"), _("Detail")],
        rows=rows,
        fmt=export_format(request.GET.get("format")),
        sheet=section.title,
    )
