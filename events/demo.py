"""Demo content for the agenda: the Dag van de Lokale Democratie (700 places, 6 break-out sessions in 2
rounds), maaltijdgesprekken in several regions (one full, with a waiting list), a meeting only for
burgemeesters, wethouders and secretarissen, a webinar, a draft, and past events with attendance.

Called by `manage.py seed_demo`. Idempotent: events are found by slug. The demo accounts register through
the real services; the many other participants are written directly (they are only there to fill places
and show figures) and get no mail.
"""

import datetime
import random
from typing import TextIO

from django.utils import timezone

from portal.mail import email_send_task
from portal.models import Function, Job, Municipality, Region, User
from programmes.models import Programme, Theme

from .models import Event, Question, Registration, RegistrationTransition, Session
from .services import registration as registration_services

MAIL_TASK = email_send_task.name
FIRST_NAMES = [
    "Anouk", "Bart", "Carolien", "Dirk", "Esther", "Frank", "Gerda", "Hans", "Ingrid", "Jeroen", "Karin", "Lucas",
    "Marieke", "Niels", "Olga", "Pieter", "Renske", "Sander", "Tineke", "Umut", "Vera", "Wouter", "Yasmina", "Zoë",
]
LAST_NAMES = [
    "de Vries", "Jansen", "Bakker", "Visser", "Smit", "Meijer", "Mulder", "de Boer", "Bos", "Vos", "Peters",
    "Hendriks", "Dekker", "Brouwer", "de Wit", "Dijkstra", "Kok", "Yilmaz", "El Amrani", "van Dijk",
]
PARTICIPANT_FUNCTIONS = [
    Function.RAADSLID, Function.RAADSLID, Function.RAADSLID, Function.WETHOUDER, Function.GRIFFIER,
    Function.AMBTENAAR, Function.BURGEMEESTER, Function.GEMEENTESECRETARIS, Function.INWONER,
]


def _at(days: int, hour: int, minute: int = 0) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _event(slug: str, *, themes: list[str], **fields) -> tuple[Event, bool]:
    event = Event.objects.filter(slug=slug).first()
    if event is not None:
        return event, False
    event = Event.objects.create(slug=slug, status=fields.pop("status", Event.Status.PUBLISHED), **fields)
    event.themes.set(Theme.objects.filter(slug__in=themes))
    return event, True


def _participants(event: Event, count: int, *, region: Region | None, rng: random.Random, attended: float = 0.0) -> None:
    """Fill places with made-up participants (no mail), some checked in when the event has been held."""
    municipalities = list(
        Municipality.objects.current().filter(region=region) if region else Municipality.objects.current()
    ) or list(Municipality.objects.current())
    now = timezone.now()
    rows = []
    for number in range(count):
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        checked_in = event.is_past and rng.random() < attended
        rows.append(
            Registration(
                event=event,
                name=name,
                email=f"deelnemer{number + 1}.{event.pk}@demo.lokaledemocratie.example.nl",
                function=rng.choice(event.target_functions or PARTICIPANT_FUNCTIONS),
                municipality=rng.choice(municipalities),
                status=Registration.Status.CONFIRMED,
                created_at=event.starts_at - datetime.timedelta(days=rng.randint(5, 40)),
                confirmed_at=event.starts_at - datetime.timedelta(days=rng.randint(5, 40)),
                checked_in_at=event.starts_at + datetime.timedelta(minutes=rng.randint(-20, 25)) if checked_in else None,
            )
        )
    created = Registration.objects.bulk_create(rows)
    RegistrationTransition.objects.bulk_create(
        RegistrationTransition(
            registration=registration, from_status="", to_status=registration.status,
            reason=RegistrationTransition.Reason.REGISTERED, at=registration.created_at or now,
        )
        for registration in created
    )


def _register(event: Event, user: User, sessions: list[Session] = (), answers: dict | None = None) -> Registration:
    registration, _created = registration_services.registration_create(
        event=event, user=user, name=user.get_full_name(), email=user.email, function=user.function,
        municipality=user.municipality, language="nl", answers=answers or {}, sessions=list(sessions),
    )
    return registration


def _dag_van_de_lokale_democratie(programmes: dict[str, Programme]) -> Event:
    event, created = _event(
        "dag-van-de-lokale-democratie-2027",
        themes=["participatie", "vertrouwen", "samenspel"],
        title="Dag van de Lokale Democratie 2027",
        title_en="Local Democracy Day 2027",
        kind=Event.Kind.CONFERENCE,
        programme=programmes.get("democratie-in-actie"),
        summary=(
            "De jaarlijkse ontmoetingsdag voor raadsleden, wethouders, burgemeesters, griffiers en ambtenaren: "
            "inspiratie, praktijkvoorbeelden en deelsessies over hoe inwoners mee kunnen denken, beslissen en doen."
        ),
        summary_en=(
            "The yearly meeting day for councillors, aldermen, mayors, clerks and officials: inspiration, practice "
            "and break-out sessions on how residents can think, decide and act along."
        ),
        description=(
            "Ongeveer zevenhonderd mensen uit het lokaal bestuur komen samen. In de ochtend en de middag kiest u "
            "een deelsessie.\nDe dag begint om 10.00 uur met koffie en sluit om 17.00 uur af met een borrel."
        ),
        description_en=(
            "About seven hundred people from local government meet. In the morning and the afternoon you choose a "
            "break-out session.\nThe day starts at 10:00 with coffee and ends at 17:00 with drinks."
        ),
        venue="Congrescentrum Hart van Nederland",
        address="Stationsplein 12, Amersfoort",
        starts_at=_at(58, 10),
        ends_at=_at(58, 17),
        capacity=700,
        registration_closes_at=_at(51, 23, 59),
        advice_scan_themes=["participatie", "invloed", "bewonersinitiatieven"],
    )
    if created:
        rounds = [(11, 0, 12, 15), (14, 0, 15, 15)]
        titles = [
            ("Het gesprek met inwoners voeren", "Talking with residents"),
            ("Uitdaagrecht in de praktijk", "The right to challenge in practice"),
            ("De raad als hoeder van het proces", "The council as guardian of the process"),
            ("Digitaal meedenken: wat werkt?", "Digital participation: what works?"),
            ("Jongeren aan tafel", "Young people at the table"),
            ("Vertrouwen herstellen na een conflict", "Restoring trust after a conflict"),
        ]
        for number, (title, title_en) in enumerate(titles):
            start_h, start_m, end_h, end_m = rounds[number // 3]
            Session.objects.create(
                event=event, title=title, title_en=title_en, room=f"Zaal {number % 3 + 1}",
                starts_at=_at(58, start_h, start_m), ends_at=_at(58, end_h, end_m), capacity=120, order=number,
            )
    return event


def seed(*, accounts: dict[str, User], stdout: TextIO) -> None:
    if Event.objects.filter(slug="dag-van-de-lokale-democratie-2027").exists():
        stdout.write("Events: demo events already present.")
        return
    rng = random.Random(20270315)  # noqa: S311 (demo data)
    last_job = Job.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    programmes = {programme.slug: programme for programme in Programme.objects.all()}
    regions = {region.slug: region for region in Region.objects.all()}
    creator = accounts.get("redactie")

    dag = _dag_van_de_lokale_democratie(programmes)
    _participants(dag, 412, region=None, rng=rng)
    first_round = list(dag.sessions.order_by("starts_at", "order"))

    meals = []
    for slug, region, city, venue, days, capacity in [
        ("maaltijdgesprek-zwolle", "overijssel", "Zwolle", "Eetcafé Aan de Gracht, Broerenkerkplein 1", 12, 24),
        ("maaltijdgesprek-utrecht", "utrecht", "Utrecht", "Stadskantine Het Gildenhuis, Oudegracht 80", 19, 20),
        ("maaltijdgesprek-groningen", "groningen", "Groningen", "Eetcafé Het Pakhuis, Noorderhaven 10", 26, 24),
        ("maaltijdgesprek-middelburg", "zeeland", "Middelburg", "Brasserie De Abdij, Abdijplein 5", 33, 18),
    ]:
        event, created = _event(
            slug,
            themes=["vertrouwen", "samenspel"],
            title=f"Maaltijdgesprek {city}: samen aan tafel over het lokaal bestuur",
            title_en=f"Dinner conversation {city}: around the table on local government",
            kind=Event.Kind.MEAL_CONVERSATION,
            programme=programmes.get("lokale-democratie-in-beweging"),
            region=regions.get(region),
            summary=(
                "Raadsleden, wethouders, griffiers en inwoners eten samen en praten open over wat goed gaat en wat "
                "beter kan in het samenspel. De maaltijd is inbegrepen."
            ),
            summary_en=(
                "Councillors, aldermen, clerks and residents eat together and talk openly about what goes well and "
                "what could be better. The meal is included."
            ),
            description="Van 17.00 tot 20.00 uur. Een gespreksleider van het programma begeleidt het gesprek.",
            description_en="From 17:00 to 20:00. A moderator of the programme leads the conversation.",
            venue=venue.split(",")[0],
            address=f"{venue.split(', ')[1]}, {city}",
            includes_meal=True,
            starts_at=_at(days, 17),
            ends_at=_at(days, 20),
            capacity=capacity,
            registration_closes_at=_at(days - 3, 12),
            created_by=creator,
        )
        if created:
            Question.objects.create(
                event=event, label="Heeft u dieetwensen of allergieën?",
                label_en="Do you have dietary requirements or allergies?", order=1,
            )
        meals.append(event)
    _participants(meals[0], 9, region=meals[0].region, rng=rng)
    _participants(meals[1], 20, region=meals[1].region, rng=rng)  # full: newcomers join the waiting list

    driehoek, _ = _event(
        "lokale-driehoek-gelderland",
        themes=["bestuurscultuur", "checks-and-balances"],
        title="De lokale driehoek: burgemeester, wethouder en secretaris in gesprek",
        title_en="The local triangle: mayor, alderman and secretary in conversation",
        kind=Event.Kind.DRIEHOEK,
        programme=programmes.get("actieprogramma-lokaal-bestuur"),
        region=regions.get("gelderland"),
        summary="Een besloten bijeenkomst over rollen, verwachtingen en vertrouwen in de top van de gemeente.",
        summary_en="A closed meeting on roles, expectations and trust at the top of the municipality.",
        target_functions=[Function.BURGEMEESTER, Function.WETHOUDER, Function.GEMEENTESECRETARIS],
        venue="Provinciehuis Gelderland",
        address="Markt 11, Arnhem",
        starts_at=_at(40, 14),
        ends_at=_at(40, 17),
        capacity=40,
        created_by=creator,
    )
    _participants(driehoek, 11, region=driehoek.region, rng=rng)

    webinar, _ = _event(
        "webinar-inwoners-en-de-begroting",
        themes=["participatie", "regierol"],
        title="Webinar: inwoners betrekken bij de begroting",
        title_en="Webinar: involving residents in the budget",
        kind=Event.Kind.WEBINAR,
        programme=programmes.get("actieprogramma-lokaal-bestuur"),
        summary="Drie gemeenten laten zien hoe zij inwoners laten meepraten over keuzes in de begroting.",
        summary_en="Three municipalities show how they let residents take part in choices in the budget.",
        is_online=True,
        online_url="https://webinar.example.nl/lokale-democratie/begroting",
        starts_at=_at(9, 15, 30),
        ends_at=_at(9, 16, 30),
        capacity=None,
        advice_scan_themes=["participatie", "invloed"],
        created_by=creator,
    )

    regional, _ = _event(
        "regiobijeenkomst-samenspel-overijssel",
        themes=["samenspel", "de-raad"],
        title="Regiobijeenkomst Samenspel Overijssel",
        title_en="Regional meeting Samenspel Overijssel",
        kind=Event.Kind.REGIONAL_MEETING,
        programme=programmes.get("lokale-democratie-in-beweging"),
        region=regions.get("overijssel"),
        summary="Raad, college en griffie uit de regio wisselen ervaringen uit over hun samenwerking.",
        summary_en="Council, executive and clerk's office from the region exchange experiences.",
        venue="Stadhuis Deventer",
        address="Grote Kerkhof 4, Deventer",
        starts_at=_at(22, 19, 30),
        ends_at=_at(22, 21, 30),
        capacity=60,
        created_by=accounts.get("consulent"),
    )

    _event(
        "dna-lab-voorjaar",
        themes=["participatie"],
        title="DNa Lab: een nieuwe werkvorm testen",
        kind=Event.Kind.LAB,
        programme=programmes.get("lokale-democratie-in-beweging"),
        summary="Concept: een testsessie voor een nieuwe werkvorm voor raadsvergaderingen.",
        venue="Nog te bepalen",
        starts_at=_at(75, 13),
        ends_at=_at(75, 16),
        capacity=16,
        status=Event.Status.DRAFT,
        created_by=creator,
    )

    for slug, title, kind, region, days, count, attended in [
        ("regiobijeenkomst-samenspel-utrecht-najaar", "Regiobijeenkomst Samenspel Utrecht", Event.Kind.REGIONAL_MEETING, "utrecht", -45, 38, 0.8),
        ("luistertour-zeeland", "Luistertour: Zeeland", Event.Kind.LISTENING_TOUR, "zeeland", -70, 27, 0.7),
        ("maaltijdgesprek-deventer-najaar", "Maaltijdgesprek Deventer", Event.Kind.MEAL_CONVERSATION, "overijssel", -30, 22, 0.9),
        ("trots-op-de-raad-zwolle", "Trots op de raad: Zwolle en omgeving", Event.Kind.LOCAL_MEETING, "overijssel", -100, 45, 0.75),
    ]:
        hour = 17 if kind == Event.Kind.MEAL_CONVERSATION else 19
        past, created = _event(
            slug,
            themes=["samenspel", "de-raad"],
            title=title,
            kind=kind,
            programme=programmes.get("lokale-democratie-in-beweging"),
            region=regions.get(region),
            summary="Een bijeenkomst die al is geweest; de aanwezigheid is bijgehouden bij de ingang.",
            summary_en="A meeting that has taken place; attendance was recorded at the entrance.",
            venue="Gemeentehuis",
            address=regions.get(region).name if regions.get(region) else "",
            includes_meal=kind == Event.Kind.MEAL_CONVERSATION,
            starts_at=_at(days, hour),
            ends_at=_at(days, hour + 3 if kind == Event.Kind.MEAL_CONVERSATION else hour + 2),
            capacity=count + 10,
            created_by=creator,
        )
        if created:
            _participants(past, count, region=past.region, rng=rng, attended=attended)

    raadslid, inwoner = accounts.get("raadslid"), accounts.get("inwoner")
    if raadslid is not None:
        _register(dag, raadslid, sessions=[first_round[0], first_round[4]])
        _register(meals[0], raadslid, answers={str(meals[0].questions.first().pk): "Vegetarisch"})
        _register(webinar, raadslid)
        _register(regional, raadslid)
    if inwoner is not None:
        _register(meals[1], inwoner)  # full: on the waiting list
    Job.objects.filter(pk__gt=last_job, task=MAIL_TASK).delete()
    stdout.write(
        f"Events: {Event.objects.count()} events (Dag van de Lokale Democratie, {len(meals)} maaltijdgesprekken, "
        "a restricted meeting, a webinar, a draft and past events with attendance)."
    )
