import pytest

from quickscan.models import ScanResult, Score
from quickscan.scoring import scan_score, scan_score_task
from tests.utils import count_queries

from .factories import ClosedScanFactory, add_responses

pytestmark = pytest.mark.django_db


def _theme_score(scan, slug, group=""):
    return Score.objects.get(scan=scan, level=Score.Level.THEME, theme__slug=slug, group=group)


def test_theme_and_statement_figures_are_mean_share_agreeing_distribution_and_index():
    scan = ClosedScanFactory()
    add_responses(scan, "raad", 5, value=lambda n, s: [1, 2, 4, 5, None][n])

    scan_score_task(scan.pk)

    score = _theme_score(scan, "participatie")
    assert score.respondents == 5
    assert score.mean == 3.0
    assert score.index == 50.0
    assert score.agree_share == 0.5
    assert score.distribution == {"1": 6, "2": 6, "3": 0, "4": 6, "5": 6, "dk": 6}
    statement = Score.objects.filter(scan=scan, level=Score.Level.STATEMENT, group="").first()
    assert statement.index == 50.0 and statement.answers == 4


def test_a_group_under_five_is_hidden_on_its_own_but_counts_in_the_total():
    scan = ClosedScanFactory()
    add_responses(scan, "raad", 5, value=5)
    add_responses(scan, "college", 3, value=1)
    add_responses(scan, "ambtenaren", 2, value=1)

    result = scan_score(scan_id=scan.pk)

    assert result.respondents == 10
    assert result.group_counts == {"raad": 5, "college": None, "ambtenaren": None}
    assert not Score.objects.filter(scan=scan, group__in=["college", "ambtenaren"]).exists()
    assert _theme_score(scan, "participatie", "raad").index == 100.0
    assert _theme_score(scan, "participatie").mean == pytest.approx((5 * 5 + 5 * 1) / 10, abs=0.001)


def test_nothing_is_shown_when_the_total_is_under_five():
    scan = ClosedScanFactory()
    add_responses(scan, "raad", 4)

    result = scan_score(scan_id=scan.pk)

    assert result.respondents == 4
    assert not Score.objects.filter(scan=scan).exists()
    assert result.priorities == []


def test_strong_weak_points_gaps_and_priorities_are_found():
    scan = ClosedScanFactory()
    themes = list(scan.questionnaire.themes.filter(statements__isnull=False).distinct().order_by("order"))

    def answers(first_theme_value):
        def value(n, statement):
            if statement.theme_id == themes[0].pk:
                return first_theme_value
            if statement.theme_id == themes[1].pk:
                return 5
            return 1 if statement.theme_id == themes[-1].pk else 3

        return value

    add_responses(scan, "raad", 5, value=answers(5), priorities=themes[1:4])
    add_responses(scan, "inwoners", 5, value=answers(1), priorities=themes[1:3])

    result = scan_score(scan_id=scan.pk)

    assert result.strong_points["themes"][0] == themes[1].pk
    assert result.weak_points["themes"][0] == themes[-1].pk
    assert result.gaps == [{"theme": themes[0].pk, "high": "raad", "low": "inwoners", "difference": 100.0}]
    assert result.priorities[:2] == [
        {"theme": themes[1].pk, "count": 10},
        {"theme": themes[2].pk, "count": 10},
    ]
    assert result.priorities[2] == {"theme": themes[3].pk, "count": 5}


def test_scoring_twice_gives_the_same_rows_and_keeps_the_result_time():
    scan = ClosedScanFactory()
    add_responses(scan, "raad", 6, value=lambda n, s: 1 + (n + s.pk) % 5)
    add_responses(scan, "ambtenaren", 5, value=lambda n, s: 1 + (n * s.pk) % 5)
    fields = [
        "level",
        "theme_id",
        "statement_id",
        "group",
        "respondents",
        "answers",
        "mean",
        "index",
        "agree_share",
        "distribution",
    ]

    first = scan_score(scan_id=scan.pk)
    rows_first = sorted(map(str, Score.objects.filter(scan=scan).values_list(*fields)))
    second = scan_score(scan_id=scan.pk)
    rows_second = sorted(map(str, Score.objects.filter(scan=scan).values_list(*fields)))

    assert rows_first == rows_second
    assert len(rows_first) > 100
    assert second.computed_at == first.computed_at
    assert ScanResult.objects.filter(scan=scan).count() == 1


def test_scoring_is_done_in_the_database_whatever_the_number_of_answers():
    small, large = ClosedScanFactory(), ClosedScanFactory()
    add_responses(small, "raad", 5)
    add_responses(small, "college", 5)
    add_responses(large, "raad", 60, value=lambda n, s: 1 + n % 5)
    add_responses(large, "college", 30, value=3)

    assert count_queries(lambda: scan_score(scan_id=small.pk)) == count_queries(
        lambda: scan_score(scan_id=large.pk)
    )


def test_own_scale_questions_are_scored_for_all_respondents_together():
    from quickscan.models import Answer, OwnQuestion, Response

    scan = ClosedScanFactory()
    question = OwnQuestion.objects.create(scan=scan, text="De raad vergadert op een goed tijdstip.")
    add_responses(scan, "raad", 5)
    Answer.objects.bulk_create(
        Answer(response=response, own_question=question, value=5)
        for response in Response.objects.filter(scan=scan)
    )

    scan_score(scan_id=scan.pk)

    score = Score.objects.get(scan=scan, level=Score.Level.OWN)
    assert (score.own_question, score.group, score.index, score.agree_share) == (question, "", 100.0, 1.0)


def test_a_scoring_run_that_dies_midway_leaves_the_previous_figures_and_a_rerun_completes(monkeypatch):
    scan = ClosedScanFactory()
    add_responses(scan, "raad", 5, value=4)
    first = scan_score(scan_id=scan.pk)
    rows_before = sorted(map(str, Score.objects.filter(scan=scan).values_list("level", "theme_id", "index")))
    add_responses(scan, "raad", 5, value=2)

    def die(*args, **kwargs):
        raise RuntimeError("worker killed")

    monkeypatch.setattr(Score.objects, "bulk_create", die)
    with pytest.raises(RuntimeError):
        scan_score_task(scan.pk)
    rows_after_crash = sorted(
        map(str, Score.objects.filter(scan=scan).values_list("level", "theme_id", "index"))
    )
    monkeypatch.undo()
    result = scan_score(scan_id=scan.pk)

    assert rows_after_crash == rows_before
    assert ScanResult.objects.get(scan=scan).respondents == 10 == result.respondents
    assert result.computed_at >= first.computed_at
    assert set(Score.objects.filter(scan=scan, group="", level="theme").values_list("index", flat=True)) == {
        50.0
    }
