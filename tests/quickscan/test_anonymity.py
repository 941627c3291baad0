"""Anonymity against differencing (issue 7 point 5): no two views of answer figures differ by fewer than 5 people.

Over time: while a scan is open the griffier sees response counts only; the report is made once, at closing;
a closed scan takes no answers and never reopens. Between groups: when the hidden groups together hold 1 to 4
people, one more group is hidden (secondary suppression), so the total minus the shown groups never
describes fewer than 5 people.
"""

import datetime
import itertools
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from quickscan import services
from quickscan.models import (
    MIN_GROUP_SIZE,
    Answer,
    Invitation,
    OpenAnswer,
    OwnQuestion,
    Response,
    Scan,
    ScanResult,
    Score,
)
from quickscan.reports import report_build
from quickscan.scoring import scan_score, shown_groups

from .factories import ClosedScanFactory, ScanFactory, add_responses, invite, questionnaire

pytestmark = pytest.mark.django_db

VOLATILE = re.compile(r'(csrfmiddlewaretoken" value|nonce)="[^"]*"')


def _complete(scan, group: str, count: int, **kwargs) -> None:
    """`count` people of `group` who were invited, answered and sent their answers."""
    for _ in range(count):
        invitation, _token = invite(scan, group)
        Invitation.objects.filter(pk=invitation.pk).update(started=True, used_at=timezone.localdate())
    add_responses(scan, group, count, **kwargs)


def _griffier_sees(client, scan) -> dict[str, tuple[int, str]]:
    """Every page of the scan the griffier can open, as (status, text without per-request tokens)."""
    pages = {}
    for name in ["scan_detail", "scan_monitor", "scan_report", "scan_report_pdf", "scan_respondents"]:
        response = client.get(reverse(f"quickscan:{name}", kwargs={"pk": scan.pk}))
        pages[name] = (response.status_code, VOLATILE.sub("", response.content.decode(errors="replace")))
    return pages


def _changed_lines(before: str, after: str) -> list[str]:
    return sorted(set(after.splitlines()) ^ set(before.splitlines()))


def test_between_the_fifth_and_sixth_response_only_the_counts_change(client, griffier):
    scan = ScanFactory()
    _complete(scan, "raad", 5, value=4, open_text="Meer debat")
    client.force_login(griffier)
    interim = client.post(f"/quickscan/{scan.pk}/tussenstand/")
    at_five = _griffier_sees(client, scan)

    _complete(scan, "raad", 1, value=1, open_text="Een eenzame stem")
    at_six = _griffier_sees(client, scan)

    assert interim.status_code == 404  # the interim score action is gone
    assert not ScanResult.objects.exists() and not Score.objects.exists()
    assert at_five["scan_report_pdf"][0] == at_six["scan_report_pdf"][0] == 404
    for name in ["scan_detail", "scan_report", "scan_respondents"]:
        assert at_five[name][0] == 200
        changed = _changed_lines(at_five[name][1], at_six[name][1])
        # Only the rows of the response monitor differ: invited, started, completed and the rate.
        assert all(re.search(r'data-group="raad"|utrecht-table__cell[^"]*">(<progress[^>]*>)?\d+%?<', line) for line in changed), (
            name,
            changed,
        )
    assert at_five["scan_report"][1] == at_six["scan_report"][1]
    assert "Een eenzame stem" not in at_six["scan_report"][1]
    assert 'id="report-empty"' in at_six["scan_report"][1]


def test_the_report_is_made_once_at_closing_and_the_closed_scan_takes_nothing_more(
    client, griffier, django_capture_on_commit_callbacks
):
    scan = ScanFactory()
    _complete(scan, "raad", 5, value=4)
    late, late_token = invite(scan, "raad")
    late_response = services.response_start(invitation=late, token=late_token)
    client.force_login(griffier)
    assert scan_score(scan_id=scan.pk) is None  # an open scan is never scored, not even by a stray task

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("quickscan:scan_close", kwargs={"pk": scan.pk}), {"confirm": "1"})
    final = ScanResult.objects.get(scan=scan)
    with pytest.raises(ValidationError):
        services.response_submit(invitation=late, response=late_response)
    with pytest.raises(ValidationError):
        services.response_page_save(response=late_response, page_number=1, values={}, texts={})
    again = scan_score(scan_id=scan.pk)

    assert final.respondents == 5
    assert again.computed_at == final.computed_at and again.fingerprint == final.fingerprint
    assert Response.objects.filter(scan=scan, is_complete=True).count() == 5


def test_the_griffier_is_told_in_plain_dutch_how_anonymity_is_protected(
    client, griffier, django_capture_on_commit_callbacks
):
    scan = ScanFactory()
    _complete(scan, "raad", 5, value=4)
    client.force_login(griffier)

    open_page = client.get(reverse("quickscan:scan_detail", kwargs={"pk": scan.pk})).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("quickscan:scan_close", kwargs={"pk": scan.pk}), {"confirm": "1"})
    report = client.get(reverse("quickscan:scan_report", kwargs={"pk": scan.pk})).content.decode()

    assert 'id="scan-privacy-note"' in open_page
    assert "ziet u alleen hoeveel mensen per groep hebben geantwoord" in open_page
    assert "niemand twee momenten vergelijken" in open_page
    assert 'id="report-privacy"' in report
    assert "minder dan 5" in report


@pytest.mark.parametrize(
    "action",
    [
        lambda scan: services.scan_open(scan=scan),
        lambda scan: services.scan_extend(scan=scan, closes_on=timezone.localdate() + datetime.timedelta(days=9)),
        lambda scan: services.scan_close(scan=scan),
        lambda scan: services.scan_remind(scan=scan),
        lambda scan: services.respondents_add(scan=scan, group="raad", emails=["laat@example.nl"]),
        lambda scan: services.response_start(invitation=invite(scan)[0], token="x"),
    ],
    ids=["open", "extend", "close", "remind", "add-respondents", "start-answering"],
)
def test_a_closed_scan_never_reopens_or_takes_new_answers(action):
    scan = ClosedScanFactory()

    with pytest.raises(ValidationError):
        action(scan)

    scan.refresh_from_db()
    assert scan.status == Scan.Status.CLOSED
    assert not Response.objects.filter(scan=scan).exists()


def test_the_admin_cannot_change_a_scans_status():
    from django.contrib.admin.sites import site

    assert "status" in site._registry[Scan].readonly_fields


def test_no_subtraction_of_shown_groups_reaches_fewer_than_five_people():
    for counts in itertools.product(range(0, 13), repeat=3):
        group_counts = {group: n for group, n in zip(["raad", "college", "mt"], counts, strict=True) if n}
        total = sum(group_counts.values())

        shown = shown_groups(group_counts)

        assert all(group_counts[group] >= MIN_GROUP_SIZE for group in shown), counts
        if total < MIN_GROUP_SIZE:
            assert not shown  # and the total is not shown either: no figures at all
            continue
        # The total minus any set of shown groups leaves nobody or at least 5 people.
        for size in range(len(shown) + 1):
            for subset in itertools.combinations(shown, size):
                rest = total - sum(group_counts[group] for group in subset)
                assert rest == 0 or rest >= MIN_GROUP_SIZE, (counts, subset)


def test_raad_10_college_1_mt_5_leaves_nothing_that_subtracts_back_to_the_college_member(client, griffier):
    scan = ClosedScanFactory(questionnaire=questionnaire("lokaal-bestuur"))
    own = OwnQuestion.objects.create(scan=scan, text="De raad vergadert op een goed tijdstip.")
    themes = list(scan.questionnaire.themes.filter(statements__isnull=False).distinct()[:3])
    add_responses(scan, "raad", 10, value=lambda n, s: [4, 5, None][n % 3], priorities=themes)
    add_responses(scan, "college", 1, value=1, priorities=themes[:1], open_text="Alleen ik denk dit")
    add_responses(scan, "mt", 5, value=lambda n, s: [2, None][n % 2], priorities=themes[1:2])

    Answer.objects.bulk_create(
        Answer(response=response, own_question=own, value=1 if response.group == "college" else 4)
        for response in Response.objects.filter(scan=scan)
    )
    client.force_login(griffier)

    result = scan_score(scan_id=scan.pk)
    page = client.get(reverse("quickscan:scan_report", kwargs={"pk": scan.pk}))

    assert result.group_counts == {"raad": 10, "college": None, "mt": None}
    assert set(Score.objects.filter(scan=scan).values_list("group", flat=True)) == {"", "raad"}
    # Theme and statement rows: the total minus the raad describes the 6 hidden people, "don't know" included.
    for level in (Score.Level.THEME, Score.Level.STATEMENT):
        totals = {
            (s.theme_id, s.statement_id): s for s in Score.objects.filter(scan=scan, level=level, group="")
        }
        for raad in Score.objects.filter(scan=scan, level=level, group="raad"):
            total = totals[(raad.theme_id, raad.statement_id)]
            assert total.respondents - raad.respondents == 6
            difference = {key: total.distribution[key] - raad.distribution[key] for key in total.distribution}
            per_statement = sum(difference.values())
            statements = 1 if level == Score.Level.STATEMENT else per_statement // 6
            assert per_statement == 6 * statements
    # Own questions and priorities are given for all respondents together only.
    assert list(Score.objects.filter(scan=scan, level=Score.Level.OWN).values_list("group", flat=True)) == [""]
    assert all(set(item) == {"theme", "count"} for item in result.priorities)
    # Open answers are listed per theme, never per group.
    context = page.context
    assert [group for group, _label, _count in context["groups"]] == ["raad"]
    listed = [text for report in context["theme_reports"] for text in report.open_answers]
    assert listed == ["Alleen ik denk dit 0"]
    assert OpenAnswer.objects.filter(response__group="college").exists()
    assert "Alleen ik denk dit" in page.content.decode()
    assert context["hidden_groups"] and len(context["hidden_groups"]) == 2


def test_groups_that_together_hold_five_are_shown_as_the_total_only():
    scan = ClosedScanFactory()
    add_responses(scan, "raad", 3, value=4)
    add_responses(scan, "college", 2, value=2)

    result = scan_score(scan_id=scan.pk)
    context = report_build(scan)

    assert result.respondents == 5
    assert result.group_counts == {"raad": None, "college": None}
    assert set(Score.objects.filter(scan=scan).values_list("group", flat=True)) == {""}
    assert context["groups"] == []
