"""The regional overview: one row per municipality, one column per kind of activity.

Apps add a column by appending an `OverviewColumn` to `OVERVIEW_COLUMNS` (workshop requests now; scans and
applications when those apps land). A column's `values` function receives all municipality ids of the page
at once and answers {municipality_id: value} in a fixed number of queries, so the page never grows a query
per row. It is named by dotted path so this module imports no other app.
"""

from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class OverviewColumn:
    key: str
    title: str | Promise
    values: str  # dotted path to a function (municipality_ids: list[int]) -> dict[int, Any]
    url_name: str = ""  # optional staff page that lists the items, filtered with ?municipality=<pk>


@dataclass(frozen=True)
class OverviewRow:
    municipality: Any
    cells: list[tuple[OverviewColumn, Any]]


OVERVIEW_COLUMNS: list[OverviewColumn] = [
    OverviewColumn(
        "workshop_requests",
        _("Open workshop requests"),
        "workshops.selectors.open_request_counts_by_municipality",
        "workshops:staff_request_queue",
    ),
    OverviewColumn(
        "quick_scans",
        _("Open Quick Scans"),
        "quickscan.selectors.open_scan_counts_by_municipality",
        "quickscan:scan_list",
    ),
]


def overview_rows(municipalities, *, columns: list[OverviewColumn] | None = None) -> list[OverviewRow]:
    columns = OVERVIEW_COLUMNS if columns is None else columns
    municipalities = list(municipalities)
    ids = [municipality.pk for municipality in municipalities]
    values = [import_string(column.values)(ids) for column in columns]
    return [
        OverviewRow(
            municipality,
            [
                (column, column_values.get(municipality.pk, 0))
                for column, column_values in zip(columns, values, strict=True)
            ],
        )
        for municipality in municipalities
    ]
