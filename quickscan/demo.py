"""Demo content for the Quick Scan: Zwolle's nulmeting and running voortgangsmeting, and a benchmark pool.

Called by `manage.py seed_demo`. Made-up answers are written in bulk (a few thousand rows in well under a
second) and then scored by the real scoring service, so every figure on the report, the monitor and the
benchmark is what the portal computes itself. Scans that lie in the past are created directly: the services
rightly refuse closing dates in the past. Idempotent: a demo scan is found again by municipality and name.

The answers are drawn from a fixed seed per scan, so the demo looks the same on every machine.
"""

import datetime
import json
import random
import secrets
from pathlib import Path
from typing import TextIO

from django.utils import timezone

from portal.models import Job, Municipality, User

from . import scoring, services
from .models import (
    PRIORITY_PICKS,
    Answer,
    DataProcessingAgreement,
    Invitation,
    OpenAnswer,
    PriorityChoice,
    Questionnaire,
    QuestionnaireTheme,
    Response,
    Scan,
    Statement,
    resume_key,
    token_hash,
)
from .pdf import scan_report_pdf_task

QUESTIONNAIRE = "lokaal-bestuur"
HOME = "GM0193"  # Zwolle, the demo griffier's municipality
BASELINE_NAME = "Nulmeting Lokaal Bestuur"
FOLLOW_UP_NAME = "Voortgangsmeting Lokaal Bestuur"
DONT_KNOW_SHARE = 0.04
PDF_TASK = scan_report_pdf_task.name

# Zwolle's nulmeting: the mean position (1-5) per theme, and how each group differs from it. The raad sees
# the information it gets (and its own grip) much more darkly than college and MT: that gap is the story.
ZWOLLE_BASELINE = {
    "rolverdeling": 3.1,
    "samenwerking-en-vertrouwen": 3.4,
    "informatievoorziening": 2.7,
    "vergaderpraktijk-en-debat": 3.6,
    "bestuurscultuur-en-omgangsvormen": 3.9,
    "kaderstelling-en-controle": 2.6,
    "ondersteuning-van-de-raad": 3.8,
}
ZWOLLE_SHIFTS = {
    "raad": {"informatievoorziening": -0.4, "kaderstelling-en-controle": -0.25, "rolverdeling": -0.2},
    "college": {
        "informatievoorziening": 0.55,
        "samenwerking-en-vertrouwen": 0.3,
        "kaderstelling-en-controle": 0.3,
    },
    "mt": {"informatievoorziening": 0.45, "rolverdeling": 0.35, "ondersteuning-van-de-raad": -0.3},
}
# A year on, the verbeteragenda starts to show in the themes it addressed.
ZWOLLE_PROGRESS = {"informatievoorziening": 0.5, "kaderstelling-en-controle": 0.3, "rolverdeling": 0.2}
ZWOLLE_RESPONSES = {"raad": 12, "college": 5, "mt": 7}

# The benchmark pool: other municipalities' closed scans of the same questionnaire version.
OTHERS = [
    ("GM0150", {"raad": 7, "college": 3, "mt": 4}),  # Deventer
    ("GM0166", {"raad": 6, "college": 2, "mt": 3}),  # Kampen
    ("GM0307", {"raad": 8, "college": 3, "mt": 4}),  # Amersfoort
    ("GM0344", {"raad": 7, "college": 2, "mt": 5}),  # Utrecht
    ("GM0228", {"raad": 6, "college": 3, "mt": 4}),  # Ede
    ("GM0200", {"raad": 5, "college": 2, "mt": 3}),  # Apeldoorn
]

# Open answers (group, theme slug, text) and the verbeteragenda (theme slug, action, owner, due: days after the
# nulmeting closed, status) of Zwolle, kept as data beside this module.
_ZWOLLE = json.loads((Path(__file__).parent / "demo_zwolle.json").read_text(encoding="utf-8"))
ZWOLLE_OPEN_ANSWERS = [tuple(item) for item in _ZWOLLE["baseline_open_answers"]]
FOLLOW_UP_OPEN_ANSWERS = [tuple(item) for item in _ZWOLLE["follow_up_open_answers"]]
ZWOLLE_ACTIONS = [tuple(item) for item in _ZWOLLE["actions"]]


def _moment(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


class _Answers:
    """Draws plausible answers: theme mean + group shift + the respondent's mood + the statement's tilt."""

    def __init__(self, themes: list[QuestionnaireTheme], means: dict, shifts: dict, rng: random.Random):
        self.themes, self.means, self.shifts, self.rng = themes, means, shifts, rng
        # Some statements are harder to agree with everywhere; the same tilt in every municipality.
        self.tilt = {
            st.pk: random.Random(f"{theme.slug}-{st.order}").uniform(-0.35, 0.35)
            for theme in themes
            for st in theme.statements.all()
        }

    def mean(self, group: str, theme: QuestionnaireTheme) -> float:
        return self.means[theme.slug] + self.shifts.get(group, {}).get(theme.slug, 0)

    def values(self, group: str, themes: list[QuestionnaireTheme]) -> list[tuple[Statement, int | None]]:
        mood = self.rng.gauss(0, 0.35)
        rows = []
        for theme in themes:
            for statement in theme.statements.all():
                if self.rng.random() < DONT_KNOW_SHARE:
                    rows.append((statement, None))
                    continue
                value = self.rng.gauss(self.mean(group, theme) + mood + self.tilt[statement.pk], 0.75)
                rows.append((statement, min(5, max(1, round(value)))))
        return rows

    def priorities(self, group: str) -> list[QuestionnaireTheme]:
        """Three themes, the weaker a theme seems to this group the likelier it is picked."""
        pool = list(self.themes)
        picks = []
        for _pick in range(PRIORITY_PICKS):
            weights = [max(0.2, 5 - self.mean(group, theme)) ** 2 for theme in pool]
            picks.append(pool.pop(self.rng.choices(range(len(pool)), weights=weights)[0]))
        return picks


def _add_responses(
    scan: Scan,
    draw: _Answers,
    plan: dict[str, int],
    *,
    pages: int,
    open_answers: tuple[tuple[str, str, str], ...] | list[tuple[str, str, str]] = (),
) -> None:
    """Completed responses per group, with every answer, three priorities and the given open answers."""
    themes = {theme.slug: theme for theme in draw.themes}
    responses, answers, priorities = [], [], []
    for group, count in plan.items():
        for _number in range(count):
            response = Response(scan=scan, group=group, is_complete=True, page=pages)
            responses.append(response)
            answers += [
                Answer(response=response, statement=st, value=v) for st, v in draw.values(group, draw.themes)
            ]
            priorities += [PriorityChoice(response=response, theme=theme) for theme in draw.priorities(group)]
    texts, used = [], set()
    for group, slug, text in open_answers:
        # One open answer per theme per respondent: take the next respondent of the group who has none yet.
        response = next(r for r in responses if r.group == group and (r.pk, slug) not in used)
        used.add((response.pk, slug))
        texts.append(OpenAnswer(response=response, theme=themes[slug], text=text))
    Response.objects.bulk_create(responses)
    Answer.objects.bulk_create(answers, batch_size=2000)
    PriorityChoice.objects.bulk_create(priorities)
    OpenAnswer.objects.bulk_create(texts)


def _invite(scan: Scan, plan: dict[str, int], rng: random.Random, *, extra: int = 3) -> None:
    """Invitations for a past scan: everyone who answered used theirs; a few did not respond."""
    days = (scan.closes_on - scan.opens_on).days
    slug = scan.municipality.slug
    invitations = []
    for group, count in plan.items():
        invited = count + rng.randint(1, extra)
        for number in range(invited):
            done = number < count
            invitations.append(
                Invitation(
                    scan=scan,
                    group=group,
                    email=f"{slug}.{group}{number + 1:02d}@example.nl",
                    token_hash=token_hash(secrets.token_urlsafe(32)),
                    sent_at=scan.opened_at,
                    started=done,
                    used_at=scan.opens_on + datetime.timedelta(days=rng.randint(0, days)) if done else None,
                )
            )
    Invitation.objects.bulk_create(invitations)


def _themes(questionnaire: Questionnaire) -> list[QuestionnaireTheme]:
    return list(
        questionnaire.themes.filter(statements__isnull=False).distinct().prefetch_related("statements")
    )


def _closed_scan(
    municipality: Municipality,
    questionnaire: Questionnaire,
    *,
    opens_on: datetime.date,
    created_by: User | None,
    draw: _Answers,
    plan: dict[str, int],
    open_answers: tuple[tuple[str, str, str], ...] | list[tuple[str, str, str]] = (),
) -> Scan:
    closes_on = opens_on + datetime.timedelta(days=27)
    scan = Scan.objects.create(
        municipality=municipality,
        questionnaire=questionnaire,
        name=BASELINE_NAME,
        status=Scan.Status.CLOSED,
        opens_on=opens_on,
        closes_on=closes_on,
        created_by=created_by,
        created_at=_moment(opens_on - datetime.timedelta(days=21)),
        opened_at=_moment(opens_on),
        closed_at=_moment(closes_on + datetime.timedelta(days=1), 2),
    )
    _invite(scan, plan, draw.rng)
    _add_responses(scan, draw, plan, pages=len(draw.themes) + 1, open_answers=open_answers)
    scoring.scan_score(scan_id=scan.pk)
    return scan


def _exists(municipality: Municipality, name: str) -> bool:
    return Scan.objects.filter(municipality=municipality, name=name).exists()


def _benchmark_pool(questionnaire: Questionnaire, themes: list[QuestionnaireTheme], year: int) -> int:
    last_job = Job.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    made = 0
    for number, (code, plan) in enumerate(OTHERS):
        municipality = Municipality.objects.get(code=code)
        if _exists(municipality, BASELINE_NAME):
            continue
        rng = random.Random(f"demo-{code}")
        means = {theme.slug: rng.uniform(2.7, 3.9) for theme in themes}
        shifts = {"college": dict.fromkeys(means, 0.3), "mt": dict.fromkeys(means, 0.15)}
        _closed_scan(
            municipality,
            questionnaire,
            opens_on=datetime.date(year, 2 + number, 3),
            created_by=None,
            draw=_Answers(themes, means, shifts, rng),
            plan=plan,
        )
        made += 1
    # Scoring a closed scan queues its PDF report (seconds each). Nobody of these municipalities signs in to
    # the demo, so their PDFs are not made; Zwolle's is.
    Job.objects.filter(pk__gt=last_job, task=PDF_TASK).delete()
    return made


def _baseline(
    zwolle: Municipality,
    questionnaire: Questionnaire,
    themes: list[QuestionnaireTheme],
    griffier: User,
    year: int,
) -> Scan | None:
    if _exists(zwolle, BASELINE_NAME):
        return None
    opens_on = datetime.date(year, 3, 2)
    scan = _closed_scan(
        zwolle,
        questionnaire,
        opens_on=opens_on,
        created_by=griffier,
        draw=_Answers(themes, ZWOLLE_BASELINE, ZWOLLE_SHIFTS, random.Random("demo-zwolle-nulmeting")),
        plan=ZWOLLE_RESPONSES,
        open_answers=ZWOLLE_OPEN_ANSWERS,
    )
    by_slug = {theme.slug: theme for theme in themes}
    for slug, text, owner, due_days, status in ZWOLLE_ACTIONS:
        services.action_save(
            scan=scan,
            theme=by_slug[slug],
            action=text,
            owner=owner,
            due_on=scan.closes_on + datetime.timedelta(days=due_days),
            status=status,
        )
    scan.actions.update(created_at=_moment(scan.closes_on + datetime.timedelta(days=20)))
    return scan


# (group, invited, completed, started but not finished) for the running voortgangsmeting.
FOLLOW_UP_PLAN = [("raad", 8, 4, 2), ("college", 3, 1, 0), ("mt", 4, 2, 1)]


def _follow_up(
    zwolle: Municipality, questionnaire: Questionnaire, themes: list[QuestionnaireTheme], griffier: User
) -> Scan | None:
    """Open since ten days; invitations were sent, some people answered, some are halfway."""
    if _exists(zwolle, FOLLOW_UP_NAME):
        return None
    today = timezone.localdate()
    scan = services.scan_create(
        municipality=zwolle,
        questionnaire=questionnaire,
        name=FOLLOW_UP_NAME,
        opens_on=today - datetime.timedelta(days=10),
        closes_on=today + datetime.timedelta(days=18),
        created_by=griffier,
    )
    for group, invited, _completed, _started in FOLLOW_UP_PLAN:
        services.respondents_add(
            scan=scan,
            group=group,
            emails=[f"{zwolle.slug}.{group}{n + 1:02d}@example.nl" for n in range(invited)],
        )
    opened = _moment(scan.opens_on)
    # Stand-ins for links that went out ten days ago: marked sent, so opening the scan mails nobody.
    invitations = list(scan.invitations.order_by("group", "email"))
    for invitation in invitations:
        invitation.token_hash, invitation.sent_at = token_hash(secrets.token_urlsafe(32)), opened
    Invitation.objects.bulk_update(invitations, ["token_hash", "sent_at"])
    services.scan_open(scan=scan)
    Scan.objects.filter(pk=scan.pk).update(opened_at=opened, created_at=opened - datetime.timedelta(days=7))

    rng = random.Random("demo-zwolle-voortgangsmeting")
    means = {slug: mean + ZWOLLE_PROGRESS.get(slug, 0) for slug, mean in ZWOLLE_BASELINE.items()}
    draw = _Answers(themes, means, ZWOLLE_SHIFTS, rng)
    drafts, draft_answers = [], []
    for group, _invited, completed, started in FOLLOW_UP_PLAN:
        mine = [invitation for invitation in invitations if invitation.group == group]
        for invitation in mine[:completed]:
            invitation.started, invitation.used_at = True, today - datetime.timedelta(days=rng.randint(0, 9))
        for invitation in mine[completed : completed + started]:
            invitation.started = True
            # A draft is found again only through the respondent's own link, which nobody here holds.
            draft = Response(scan=scan, group=group, resume_key=resume_key(secrets.token_urlsafe(32)), page=2)
            drafts.append(draft)
            draft_answers += [
                Answer(response=draft, statement=st, value=v) for st, v in draw.values(group, themes[:2])
            ]
    Invitation.objects.bulk_update(invitations, ["started", "used_at"])
    Response.objects.bulk_create(drafts)
    Answer.objects.bulk_create(draft_answers)
    plan = {group: completed for group, _invited, completed, _started in FOLLOW_UP_PLAN}
    _add_responses(scan, draw, plan, pages=len(themes) + 1, open_answers=FOLLOW_UP_OPEN_ANSWERS)
    return scan


def seed(*, accounts: dict[str, User], stdout: TextIO) -> None:
    griffier = accounts["griffier"]
    zwolle = Municipality.objects.get(code=HOME)
    questionnaire = Questionnaire.objects.active().filter(slug=QUESTIONNAIRE).order_by("-version").first()
    if questionnaire is None:
        stdout.write("Quick Scan: no active questionnaire “lokaal-bestuur”; no demo scans.")
        return
    themes = _themes(questionnaire)
    year = timezone.localdate().year - 1
    if not DataProcessingAgreement.objects.filter(municipality=zwolle).exists():
        agreement = services.agreement_accept(municipality=zwolle, user=griffier)
        DataProcessingAgreement.objects.filter(pk=agreement.pk).update(
            accepted_at=_moment(datetime.date(year, 2, 9))
        )
    # The pool first, so that Zwolle's report (and its PDF, made after commit) includes the benchmark.
    pool = _benchmark_pool(questionnaire, themes, year)
    baseline = _baseline(zwolle, questionnaire, themes, griffier, year)
    follow_up = _follow_up(zwolle, questionnaire, themes, griffier)
    if not (pool or baseline or follow_up):
        stdout.write("Quick Scan: demo scans already present.")
        return
    stdout.write(
        f"Quick Scan: {zwolle} has a closed nulmeting and an open voortgangsmeting; "
        f"{pool} other municipalities form the benchmark."
    )
