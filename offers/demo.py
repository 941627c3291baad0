"""Demo content for the programme offers: applications in every state, with a history that reads like months.

Called by `manage.py seed_demo`. The applications of other municipalities are written directly (their
griffiers have no demo accounts), each with its audit trail; the demo accounts go through the real services:
Zwolle's griffier holds one of the free Quick Scan places (so the Quick Scan Lokale Democratie is offered in
the set-up), has submitted for the guidance with a training budget and has a draft for an ontwikkeltraject;
Zwolle's council member put forward a local initiative. Idempotent: nothing is added when the demo
applications exist. Fixed random seed: the demo looks the same on every machine.
"""

import datetime
import random
from typing import TextIO

from django.utils import timezone

from consultants.selectors import consultants_for_municipality
from portal.mail import email_send_task
from portal.models import Job, Municipality, User

from . import services
from .models import Application, ApplicationEvent, ApplicationNote, Offer, OfferQuestion

Status = Application.Status
Action = ApplicationEvent.Action
DEMO_DOMAIN = "demo-gemeente.example.nl"
HOME = "GM0193"  # Zwolle
SEED = 20261202
FIRST_NAMES = ["Anouk", "Bas", "Carolien", "Daan", "Eline", "Frank", "Gerda", "Hans", "Ingrid", "Jeroen", "Karin",
               "Luuk", "Marloes", "Niels", "Olga", "Pieter", "Renske", "Sander", "Tineke", "Wouter", "Yvonne"]
LAST_NAMES = ["de Boer", "Bakker", "Visser", "Smit", "Meijer", "de Groot", "Mulder", "Bos", "Vos", "Peters",
              "Hendriks", "van Dijk", "Dekker", "Brouwer", "de Wit", "Dijkstra", "Kok", "Jacobs", "Vermeulen"]

# (offer slug, {status: count}); the demo accounts' own applications come on top.
PLAN = {
    "quick-scan-lokale-democratie": {Status.GRANTED: 47, Status.WITHDRAWN: 2},
    "ontwikkeltraject": {
        Status.GRANTED: 10, Status.RESERVE: 3, Status.REJECTED: 4, Status.IN_REVIEW: 5, Status.RECEIVED: 3,
        Status.WITHDRAWN: 1,
    },
    "begeleiding-op-maat-raad": {
        Status.GRANTED: 14, Status.IN_REVIEW: 4, Status.RECEIVED: 5, Status.REJECTED: 3, Status.WITHDRAWN: 1,
    },
    "ondersteuning-lokaal-initiatief": {Status.GRANTED: 4, Status.IN_REVIEW: 2, Status.RECEIVED: 2, Status.REJECTED: 1},
}
PLANS = {
    "quick-scan-lokale-democratie": [
        "Na de verkiezingen wil de raad weten hoe inwoners de lokale democratie in {name} ervaren.",
        "Wij willen de scan gebruiken als nulmeting voor ons nieuwe participatiebeleid.",
        "De raad wil zicht krijgen op de verschillen tussen raad, college en inwoners in {name}.",
    ],
    "ontwikkeltraject": [
        "Hoe leert onze organisatie ruimte te geven aan initiatieven van inwoners, zonder alles zelf te willen regelen?",
        "Wij willen de samenwerking tussen ambtenaren en dorpsraden in {name} opnieuw inrichten.",
        "De gemeente {name} zoekt een werkwijze om inwoners vroeg te betrekken bij de energietransitie.",
        "Hoe geven wij de raad een duidelijke plek in het werken met wijkbudgetten?",
    ],
    "begeleiding-op-maat-raad": [
        "De raad van {name} wil een persoonlijk opleidingsbudget voor raadsleden invoeren en de fractieondersteuning herzien.",
        "Wij willen de ondersteuning door de griffie afstemmen op wat nieuwe raadsleden nodig hebben.",
        "Het presidium wil de ambtelijke bijstand aan fracties beter regelen en zichtbaar maken.",
    ],
    "ondersteuning-lokaal-initiatief": [
        "Een jaarlijkse raadsavond in elk dorp van {name}, voorbereid door raadsleden, wethouders en de griffie samen.",
        "Een leertraject voor burgemeester, griffier en gemeentesecretaris over hun rol in de lokale driehoek.",
        "Een debatreeks met inwoners over de toekomst van het centrum, waarin de raad de agenda bepaalt.",
    ],
}
REJECTIONS = [
    "De vraag is nog te breed. Wij nodigen u uit om na een gesprek met de adviseur opnieuw aan te vragen.",
    "Het plan versterkt vooral de ambtelijke organisatie; de rol van de raad blijft onduidelijk.",
    "De intentieverklaring is niet door alle betrokken partijen ondertekend.",
    "Er doen te weinig beroepsgroepen mee; vraag een collega uit het college of de griffie erbij.",
]
NOTES = [
    "Gebeld met de griffier: de raad staat er breed achter.",
    "Lijkt op het traject in een buurgemeente; de adviseur kan beide verbinden.",
    "Intentieverklaring nagekeken: compleet.",
]


def _moment(days_ago: float, hour: int = 10) -> datetime.datetime:
    day = timezone.localdate() - datetime.timedelta(days=int(days_ago))
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def _fields(offer: Offer, municipality: Municipality, rng: random.Random) -> dict:
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    questions = {
        str(q.pk): (q.choice_options()[rng.randrange(len(q.choice_options()))][0] if q.kind == "choice" else "Zie ons plan.")
        for q in offer.questions.exclude(kind=OfferQuestion.Kind.FILE)
    }
    fields = {
        "contact_name": f"{first} {last}",
        "contact_function": "griffier",
        "contact_email": f"griffie@{municipality.slug}.{DEMO_DOMAIN}",
        "plan": rng.choice(PLANS[offer.slug]).format(name=municipality.name),
        "confirmed_conditions": [condition.pk for condition in offer.conditions.all()],
        "answers": questions,
        "step": 4,
    }
    if offer.is_local_initiative:
        start = timezone.localdate() + datetime.timedelta(days=rng.randrange(14, 60))
        fields.update(
            contact_function="raadslid",
            professional_groups=rng.sample(["burgemeester", "wethouder", "raadslid", "gemeentesecretaris", "griffier"], 3),
            council_role="De raad bepaalt de vragen en haalt zelf de ideeën op; het college sluit aan.",
            support_starts_on=start,
            support_ends_on=start + datetime.timedelta(days=rng.choice([60, 90, 120])),
            support_scope="Procesbegeleiding bij de voorbereiding en drie bijeenkomsten.",
        )
    return fields


def _applications(offer: Offer, places: list[Municipality], rng: random.Random, manager: User) -> int:
    made = 0
    for status, count in PLAN[offer.slug].items():
        for _ in range(count):
            municipality = places.pop()
            submitted_days = rng.uniform(20, 200)
            decided_days = max(submitted_days - rng.uniform(3, 20), 1)
            values = _fields(offer, municipality, rng)
            if status == Status.GRANTED and offer.has_budget:
                values["budget_granted"] = rng.choice([5000, 7500, 10000, 12500, 15000, 20000, 25000])
            if status == Status.GRANTED and offer.assigns_adviser:
                values["adviser"] = consultants_for_municipality(municipality).first()
            if status == Status.REJECTED:
                values["decision_reason"] = rng.choice(REJECTIONS)
            application = Application.objects.create(
                offer=offer,
                municipality=municipality,
                status=status,
                created_at=_moment(submitted_days + 2),
                submitted_at=_moment(submitted_days),
                decided_at=_moment(decided_days) if status in (Status.GRANTED, Status.REJECTED) else None,
                reserve_since=_moment(decided_days) if status == Status.RESERVE else None,
                assigned_to=manager if status == Status.IN_REVIEW else None,
                **values,
            )
            first = Status.GRANTED if offer.is_first_come and status in (Status.GRANTED, Status.WITHDRAWN) else Status.RECEIVED
            events = [ApplicationEvent(application=application, action=Action.SUBMITTED, from_status=Status.DRAFT,
                                       to_status=first, created_at=_moment(submitted_days))]
            if status not in (first, Status.RECEIVED):
                before = first
                if status in (Status.GRANTED, Status.REJECTED, Status.RESERVE) and not offer.is_first_come:
                    events.append(ApplicationEvent(application=application, actor=manager, action=Action.STATUS,
                                                   from_status=first, to_status=Status.IN_REVIEW,
                                                   created_at=_moment(submitted_days - 1)))
                    before = Status.IN_REVIEW
                action = Action.WITHDRAWN if status == Status.WITHDRAWN else Action.STATUS
                events.append(ApplicationEvent(application=application, actor=None if status == Status.WITHDRAWN else manager,
                                               action=action, from_status=before, to_status=status,
                                               created_at=_moment(decided_days)))
            ApplicationEvent.objects.bulk_create(events)
            if status == Status.IN_REVIEW and rng.random() < 0.6:
                ApplicationNote.objects.create(application=application, author=manager, body=rng.choice(NOTES),
                                               created_at=_moment(decided_days))
            made += 1
    return made


def _demo_accounts(accounts: dict[str, User]) -> None:
    """The demo griffier and council member of Zwolle apply through the services."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    griffier, member = accounts["griffier"], accounts["raadslid"]
    zwolle = griffier.municipality
    rng = random.Random(SEED + 1)

    def complete(slug: str, user: User) -> Application:
        offer = Offer.objects.get(slug=slug)
        application = services.application_start(offer=offer, user=user, municipality=zwolle)
        values = _fields(offer, zwolle, rng)
        values.update(contact_name=user.get_full_name(), contact_email=user.email)
        Application.objects.filter(pk=application.pk).update(**values)
        application.refresh_from_db()
        return application

    quick_scan = complete("quick-scan-lokale-democratie", griffier)
    services.application_submit(application=quick_scan, user=griffier)

    guidance = complete("begeleiding-op-maat-raad", griffier)
    statement = b"%PDF-1.4\n% Intentieverklaring raad, college en griffie Zwolle (demo)\n%%EOF\n"
    services.attachment_add(application=guidance, user=griffier,
                            upload=SimpleUploadedFile("intentieverklaring-zwolle.pdf", statement))
    services.application_submit(application=guidance, user=griffier)

    trajectory = services.application_start(offer=Offer.objects.get(slug="ontwikkeltraject"), user=griffier, municipality=zwolle)
    services.application_save_step(
        application=trajectory, user=griffier, step="about",
        values={"contact_name": griffier.get_full_name(), "contact_email": griffier.email, "contact_function": "griffier"},
    )

    initiative = complete("ondersteuning-lokaal-initiatief", member)
    services.application_submit(application=initiative, user=member)


def seed(*, accounts: dict[str, User], stdout: TextIO) -> None:
    if Application.objects.filter(contact_email__endswith=DEMO_DOMAIN).exists():
        stdout.write("Offers: demo applications already present.")
        return
    last_job = Job.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    rng = random.Random(SEED)
    pool = list(Municipality.objects.current().exclude(code=HOME).order_by("code"))
    manager = accounts["programmamanager"]
    made = 0
    for slug in PLAN:
        offer = Offer.objects.get(slug=slug)
        places = rng.sample(pool, sum(PLAN[slug].values()))
        made += _applications(offer, places, rng, manager)
    _demo_accounts(accounts)
    # The services announce each step by mail; for made-up history that would only flood the console.
    Job.objects.filter(pk__gt=last_job, task=email_send_task.name).delete()
    stdout.write(
        f"Offers: {made} applications of other municipalities; Zwolle holds a free Quick Scan place, applied for "
        "guidance with a budget and has an ontwikkeltraject draft; its council member put forward an initiative."
    )
