import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from quickscan.forms import DONT_KNOW, answer_pages
from quickscan.models import (
    Answer,
    Invitation,
    OpenAnswer,
    PriorityChoice,
    Response,
    Scan,
    resume_key,
)
from quickscan.services import ALREADY_SUBMITTED, SCAN_CLOSED

from .factories import ScanFactory, invite

pytestmark = pytest.mark.django_db


def _url(invitation, token, page=None):
    url = reverse("quickscan:answer", kwargs={"public_id": invitation.scan.public_id, "token": token})
    return f"{url}?pagina={page}" if page else url


def _page_data(scan, number, value="4"):
    page = answer_pages(scan)[number - 1]
    data = {f"s{statement.pk}": value for statement in page.statements}
    if page.theme and page.theme.open_question:
        data[f"t{page.theme.pk}"] = "Meer avonden in de wijk."
    if page.kind == "priority":
        themes = scan.questionnaire.themes.filter(statements__isnull=False).distinct().order_by("order")[:3]
        data["priorities"] = [str(theme.pk) for theme in themes]
    return data


@pytest.fixture
def scan():
    return ScanFactory()


@pytest.fixture
def started(client, scan):
    invitation, token = invite(scan, "raad")
    client.post(_url(invitation, token))
    return invitation, token


def test_the_first_visit_shows_the_introduction_without_storing_anything(client, scan):
    invitation, token = invite(scan)

    response = client.get(_url(invitation, token))

    assert response.status_code == 200
    assert b"answer-start-form" in response.content
    invitation.refresh_from_db()
    assert invitation.started is False
    assert not Response.objects.exists()


def test_starting_marks_the_invitation_started_and_opens_page_one(client, scan):
    invitation, token = invite(scan)

    response = client.post(_url(invitation, token))

    assert response.status_code == 302
    assert response["Location"].endswith("?pagina=1")
    invitation.refresh_from_db()
    assert invitation.started is True and invitation.used_at is None
    assert Response.objects.get().resume_key == resume_key(token)


def test_each_theme_has_its_own_page_with_a_progress_indicator(client, scan, started):
    invitation, token = started

    response = client.get(_url(invitation, token, 1))

    pages = answer_pages(scan)
    assert response.status_code == 200
    assert [p.kind for p in pages].count("theme") == scan.questionnaire.themes.count()
    assert f"1 / {len(pages)}".encode() in response.content.replace(b" van ", b" / ").replace(b" of ", b" / ")
    assert b'id="answer-progress"' in response.content


def test_next_saves_the_page_and_the_respondent_resumes_where_they_left_off(client, scan, started):
    invitation, token = started

    response = client.post(_url(invitation, token, 1), _page_data(scan, 1))
    resumed = client.get(_url(invitation, token))

    assert response.status_code == 302
    assert response["Location"].endswith("?pagina=2")
    assert resumed.status_code == 200
    assert resumed.context["number"] == 2
    draft = Response.objects.get()
    assert draft.page == 1 and draft.is_complete is False
    assert Answer.objects.filter(response=draft, value=4).count() == len(answer_pages(scan)[0].statements)
    assert OpenAnswer.objects.get(response=draft).text == "Meer avonden in de wijk."


def test_a_saved_page_shows_the_earlier_answers_again(client, scan, started):
    invitation, token = started
    client.post(_url(invitation, token, 1), _page_data(scan, 1, value=DONT_KNOW))

    response = client.get(_url(invitation, token, 1))

    assert response.status_code == 200
    assert all(
        value == DONT_KNOW for key, value in response.context["form"].initial.items() if key.startswith("s")
    )
    assert Answer.objects.filter(value__isnull=True).count() == len(answer_pages(scan)[0].statements)


def test_a_respondent_cannot_skip_ahead(client, scan, started):
    invitation, token = started

    response = client.get(_url(invitation, token, 5))

    assert response.context["number"] == 1


def _answer_everything(client, scan, invitation, token):
    pages = answer_pages(scan)
    for number in range(1, len(pages) + 1):
        last = client.post(_url(invitation, token, number), _page_data(scan, number))
    return last


def test_the_last_page_submits_once_and_wipes_the_way_back_to_the_answers(client, scan, started):
    invitation, token = started

    response = _answer_everything(client, scan, invitation, token)

    assert response.status_code == 200
    invitation.refresh_from_db()
    assert invitation.used_at is not None
    submitted = Response.objects.get()
    assert submitted.is_complete is True and submitted.resume_key is None
    assert PriorityChoice.objects.filter(response=submitted).count() == 3


def test_submitting_twice_gives_one_response(client, scan, started):
    invitation, token = started
    _answer_everything(client, scan, invitation, token)
    last = len(answer_pages(scan))

    response = client.post(_url(invitation, token, last), _page_data(scan, last))

    assert response.status_code == 200
    assert str(ALREADY_SUBMITTED) in response.content.decode()
    assert Response.objects.count() == 1
    assert Response.objects.filter(is_complete=True).count() == 1


def test_the_priority_question_wants_exactly_three_themes(client, scan, started):
    invitation, token = started
    pages = answer_pages(scan)
    Response.objects.update(page=len(pages) - 1)
    data = _page_data(scan, len(pages))
    data["priorities"] = data["priorities"][:2]

    response = client.post(_url(invitation, token, len(pages)), data)

    assert response.status_code == 200
    assert response.context["form"].errors["priorities"]
    invitation.refresh_from_db()
    assert invitation.used_at is None


def test_a_closed_scan_says_it_is_closed(client, scan):
    invitation, token = invite(scan)
    Scan.objects.filter(pk=scan.pk).update(status=Scan.Status.CLOSED, closed_at=timezone.now())

    response = client.get(_url(invitation, token))
    post = client.post(_url(invitation, token))

    assert response.status_code == 200
    assert str(SCAN_CLOSED) in response.content.decode()
    assert str(SCAN_CLOSED) in post.content.decode()
    assert not Response.objects.exists()


def test_a_scan_past_its_closing_date_takes_no_answers(client, scan):
    invitation, token = invite(scan)
    Scan.objects.filter(pk=scan.pk).update(
        closes_on=timezone.localdate() - datetime.timedelta(days=1),
        opens_on=timezone.localdate() - datetime.timedelta(days=9),
    )

    response = client.post(_url(invitation, token))

    assert str(SCAN_CLOSED) in response.content.decode()
    assert not Response.objects.exists()


def test_a_token_of_another_scan_is_not_found(client, scan):
    other = ScanFactory()
    _invitation, token = invite(other)

    response = client.get(reverse("quickscan:answer", kwargs={"public_id": scan.public_id, "token": token}))

    assert response.status_code == 404


def test_an_unknown_token_is_not_found(client, scan):
    response = client.get(
        reverse("quickscan:answer", kwargs={"public_id": scan.public_id, "token": "x" * 43})
    )

    assert response.status_code == 404


def test_guessing_links_is_refused_after_thirty_misses_and_then_even_a_right_link_is(client, scan, started):
    from quickscan.views.answering import GUESSES

    invitation, token = started
    other = ScanFactory()
    valid = [client.post(_url(invitation, token, 1), _page_data(scan, 1)).status_code for _ in range(GUESSES + 5)]
    guesses = [
        client.get(reverse("quickscan:answer", kwargs={"public_id": scan.public_id, "token": f"{n:043d}"})).status_code
        for n in range(GUESSES + 1)
    ]
    right_link = client.get(_url(invitation, token, 1))
    elsewhere = client.get(reverse("quickscan:answer", kwargs={"public_id": other.public_id, "token": "x" * 43}))

    assert valid == [302] * (GUESSES + 5)  # saves with a valid link are never counted
    assert guesses == [404] * GUESSES + [429]
    # Refused before the lookup: a blocked guesser cannot tell a right link from a wrong one.
    assert right_link.status_code == 429
    assert elsewhere.status_code == 404  # per scan


def test_only_the_hash_of_a_token_is_stored(scan):
    invitation, token = invite(scan)

    stored = Invitation.objects.filter(pk=invitation.pk).values().get()

    assert token not in str(stored)
    assert len(invitation.token_hash) == 64


def test_no_relation_leads_from_an_answer_to_a_person():
    """Anonymity by schema: Response and its answers reach only the scan, the questions and each other."""
    allowed = {
        "quickscan.scan",
        "quickscan.response",
        "quickscan.statement",
        "quickscan.ownquestion",
        "quickscan.questionnairetheme",
    }
    for model in (Response, Answer, OpenAnswer, PriorityChoice):
        for field in model._meta.get_fields():
            if field.is_relation and field.related_model is not None:
                assert field.related_model._meta.label_lower in allowed | {
                    "quickscan.answer",
                    "quickscan.openanswer",
                    "quickscan.prioritychoice",
                }, (model, field.name)
    response_fields = {f.name for f in Response._meta.get_fields()}
    assert not response_fields & {
        "invitation",
        "user",
        "email",
        "ip",
        "ip_address",
        "created_at",
        "submitted_at",
    }
    assert not any(f.related_model is Response for f in Invitation._meta.get_fields() if f.is_relation)


def test_own_questions_get_their_own_page_and_are_saved(client):
    from quickscan.models import OwnQuestion

    scan = ScanFactory()
    scale = OwnQuestion.objects.create(scan=scan, order=0, text="De raad vergadert op een goed tijdstip.")
    open_question = OwnQuestion.objects.create(scan=scan, order=1, text="Wat wilt u nog kwijt?", kind="open")
    invitation, token = invite(scan)
    client.post(_url(invitation, token))
    pages = answer_pages(scan)
    number = [page.kind for page in pages].index("own") + 1
    Response.objects.update(page=number - 1)

    response = client.post(
        _url(invitation, token, number), {f"o{scale.pk}": "5", f"o{open_question.pk}": "Meer uitleg graag"}
    )

    assert response.status_code == 302
    draft = Response.objects.get()
    assert Answer.objects.get(response=draft, own_question=scale).value == 5
    assert OpenAnswer.objects.get(response=draft, own_question=open_question).text == "Meer uitleg graag"


@pytest.mark.parametrize("debug", [False, True], ids=["production", "demo"])
def test_a_mistyped_personal_link_gets_a_page_that_says_what_to_do(client, scan, settings, debug):
    settings.DEBUG = debug
    invitation, token = invite(scan)

    response = client.get(_url(invitation, token[:-2]))

    assert response.status_code == 404
    assert b'id="invalid-link"' in response.content
    assert "griffier" in response.content.decode()
    assert response["Cache-Control"] == "private, no-store"


def test_the_thank_you_page_says_what_happens_next_and_links_onward(client, scan, started):
    invitation, token = started

    response = _answer_everything(client, scan, invitation, token)

    content = response.content.decode()
    assert response.status_code == 200
    assert 'id="answer-next-steps"' in content
    assert scan.closes_on.strftime("%Y") in content
    assert reverse("portal:municipality_detail", kwargs={"slug": scan.municipality.slug}) in content


def test_saving_a_page_reads_no_questionnaire_and_writes_one_upsert(client, scan, started):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    invitation, token = started
    client.post(_url(invitation, token, 1), _page_data(scan, 1, value="3"))  # the structure is read once

    with CaptureQueriesContext(connection) as queries:
        response = client.post(_url(invitation, token, 1), _page_data(scan, 1, value="5"))

    sql = [query["sql"] for query in queries.captured_queries]
    assert response.status_code == 302
    assert not [s for s in sql if "quickscan_statement" in s or "quickscan_questionnairetheme" in s]
    assert len([s for s in sql if s.startswith("SELECT")]) == 1  # the invitation and the draft, together
    if connection.vendor == "postgresql":
        # One statement: the conditional update of the bookmark and one upsert per kind of answer on the
        # page (its statements, its open question), as a WITH; a statement is its own transaction.
        assert [s.split(" ", 1)[0] for s in sql] == ["SELECT", "WITH"], sql
        assert sql[1].startswith('WITH bookmark AS (UPDATE "quickscan_response" ') and sql[1].count("INSERT INTO ") == 2
        assert 'INSERT INTO "quickscan_answer"' in sql[1] and 'INSERT INTO "quickscan_openanswer"' in sql[1]
        assert len(sql) == 2, sql
    else:
        assert len([s for s in sql if s.startswith('INSERT INTO "quickscan_answer"')]) == 1
        # Exactly: the invitation with its draft; in one transaction the conditional update of the bookmark
        # and one upsert per kind of answer on the page (its statements, its open question). Nothing else.
        verbs = [s.split(" ", 3)[0] + (" " + s.split(" ", 3)[2] if s.startswith("INSERT") else "") for s in sql]
        assert [v for v in verbs if v not in ("SAVEPOINT", "RELEASE")] == [
            "SELECT",
            "UPDATE",
            'INSERT "quickscan_answer"',
            'INSERT "quickscan_openanswer"',
        ], sql
        assert len(sql) == 6, sql  # and the savepoint and its release: the test's transaction around the atomic
    assert set(Answer.objects.values_list("value", flat=True)) == {5}


def test_saving_an_earlier_page_again_replaces_its_answers_keeps_the_bookmark_and_stores_text_verbatim(
    client, scan, started
):
    invitation, token = started
    hostile = "Wij zeggen: '); DROP TABLE quickscan_answer; -- \"één\" % %s ¿ 👍"
    for number in (1, 2, 3):
        client.post(_url(invitation, token, number), _page_data(scan, number, value="2"))
    page = answer_pages(scan)[0]
    again = _page_data(scan, 1, value="0")  # "don't know": no value
    again[f"t{page.theme.pk}"] = hostile

    response = client.post(_url(invitation, token, 1), again)

    draft = Response.objects.get(resume_key=resume_key(token))
    assert response.status_code == 302
    assert draft.page == 3  # the bookmark never moves back
    assert set(Answer.objects.filter(response=draft, statement__in=page.statements).values_list("value", flat=True)) == {
        None
    }
    assert Answer.objects.filter(response=draft).count() == sum(len(p.statements) for p in answer_pages(scan)[:3])
    assert OpenAnswer.objects.get(response=draft, theme=page.theme).text == hostile.strip()


def test_a_save_after_the_scan_closed_writes_nothing(client, scan, started):
    invitation, token = started
    client.post(_url(invitation, token, 1), _page_data(scan, 1, value="2"))
    Scan.objects.filter(pk=scan.pk).update(closes_on=timezone.localdate() - datetime.timedelta(days=1))
    draft = Response.objects.get(resume_key=resume_key(token))
    from quickscan import services
    from quickscan.forms import AnswerPageForm

    page = answer_pages(scan)[1]
    form = AnswerPageForm(_page_data(scan, 2, value="5"), page=page, scan=scan)
    assert form.is_valid()
    with pytest.raises(ValidationError) as refused:
        services.response_page_save(response=draft, page_number=2, **form.answers())

    assert str(SCAN_CLOSED) in refused.value.messages
    assert Response.objects.get(pk=draft.pk).page == 1
    assert not Answer.objects.filter(response=draft, statement__in=page.statements).exists()
    assert not OpenAnswer.objects.filter(response=draft, theme=page.theme).exists()
