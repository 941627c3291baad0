"""Demo content for the network Lokale Digitale Democratie: members, partners and five theme coalitions.

Zwolle is left out on purpose, so that the demo griffier can show how a municipality joins. Idempotent.
"""

import datetime
import random
from typing import TextIO

from django.utils import timezone

from portal.models import Municipality, User
from programmes.models import Theme

from .models import Coalition, CoalitionMembership, Member

SEED = 20261203
HOME = "GM0193"
MEMBERS = 64
COALITIONS = [
    ("digitale-inspraak", "participatie", "Digitale inspraak", "Digital participation",
     "Gemeenten en partners zoeken samen naar digitale vormen van inspraak die iedereen kan gebruiken, ook wie "
     "minder digitaal vaardig is. Wij delen ervaringen met platforms, peilingen en online raadpleging.",
     "Municipalities and partners look together for digital ways of having a say that everyone can use, also "
     "those less at home online. We share experience with platforms, polls and online consultation."),
    ("veilig-online-debat", "vertrouwen", "Veilig online debat", "Safe online debate",
     "Hoe houden raadsleden, bestuurders en inwoners het gesprek online veilig en respectvol? De coalitie "
     "verzamelt afspraken, moderatieregels en voorbeelden van aanpak bij bedreiging.",
     "How do council members, executives and residents keep the conversation online safe and respectful? The "
     "coalition collects agreements, moderation rules and examples of dealing with threats."),
    ("open-raadsinformatie", "de-raad", "Open raadsinformatie", "Open council information",
     "Raadsstukken die vindbaar, leesbaar en herbruikbaar zijn. Griffies en partners werken aan gedeelde "
     "standaarden en aan uitleg in gewone taal.",
     "Council documents that are easy to find, to read and to reuse. Griffies and partners work on shared "
     "standards and on explanations in plain language."),
    ("algoritmen-en-de-raad", "checks-and-balances", "Algoritmen en de raad", "Algorithms and the council",
     "Hoe controleert de raad het gebruik van algoritmen door de gemeente? Deelnemers ontwikkelen vragen, "
     "registers en werkvormen voor de raad.",
     "How does the council scrutinise the municipality's use of algorithms? Participants develop questions, "
     "registers and working methods for the council."),
    ("samen-digitaal-besluiten", "samenspel", "Samen digitaal besluiten", "Deciding together online",
     "Raad, college en inwoners proberen samen digitale werkvormen uit, van burgerbegroting tot online "
     "burgerberaad, en leren van wat werkt.",
     "Council, executive and residents try out digital working methods together, from a citizens' budget to an "
     "online citizens' assembly, and learn from what works."),
]
PARTNERS = [
    ("Stichting Open Raad", "Wij bouwen open software voor raadsinformatie en helpen griffies bij publicatie.", True),
    ("Kenniscentrum Digitale Participatie", "Onderzoek en advies over online participatie in gemeenten.", True),
    ("Vereniging Bibliotheken en Democratie", "Bibliotheken als plek waar inwoners digitaal leren meedoen.", True),
    ("Hogeschool Lokaal Bestuur, lectoraat Digitale Overheid", "Praktijkgericht onderzoek naar digitale democratie.", True),
    ("Platform Toegankelijk Online", "Wij toetsen digitale inspraak op toegankelijkheid.", True),
    ("Netwerk Jongeren en Politiek", "Jongeren betrekken bij de lokale politiek, online en offline.", True),
    ("Coöperatie Burgerberaad Digitaal", "Begeleiding van online burgerberaden.", True),
    ("Stichting Dorpsdata", "Open data over dorpen en wijken voor bewonersinitiatieven.", False),
    ("Adviesbureau Raadswerk Online", "Trainingen voor raadsleden over sociale media.", False),
]


def _moment(days_ago: float) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days_ago)


def seed(*, accounts: dict[str, User], stdout: TextIO) -> None:
    if Coalition.objects.filter(slug__in=[row[0] for row in COALITIONS]).exists():
        stdout.write("Network: demo members and coalitions already present.")
        return
    rng = random.Random(SEED)
    coalitions = [
        Coalition.objects.create(
            slug=slug, theme=Theme.objects.get(slug=theme), name=name, name_en=name_en, description=text,
            description_en=text_en, order=order, created_at=_moment(300),
        )
        for order, (slug, theme, name, name_en, text, text_en) in enumerate(COALITIONS)
    ]
    pool = list(Municipality.objects.current().exclude(code=HOME).order_by("code"))
    members = [
        Member.objects.create(
            kind=Member.Kind.MUNICIPALITY, municipality=municipality, status=Member.Status.ACTIVE,
            applied_at=(joined := _moment(rng.uniform(10, 330))), joined_at=joined,
        )
        for municipality in rng.sample(pool, MEMBERS)
    ]
    for organisation, description, admitted in PARTNERS:
        slug = organisation.lower().split(",")[0].replace(" ", "-")
        members.append(
            Member.objects.create(
                kind=Member.Kind.PARTNER, organisation=organisation, description=description,
                website=f"https://{slug}.example.nl", contact_name="Secretariaat",
                contact_email=f"info@{slug}.example.nl",
                status=Member.Status.ACTIVE if admitted else Member.Status.PENDING,
                applied_at=(applied := _moment(rng.uniform(5, 300))), joined_at=applied if admitted else None,
                decided_by=accounts["programmamanager"] if admitted else None,
            )
        )
    memberships = []
    for member in members:
        if member.status != Member.Status.ACTIVE:
            continue
        for coalition in rng.sample(coalitions, rng.choice([0, 1, 1, 2, 3])):
            joined = member.joined_at + datetime.timedelta(days=rng.uniform(1, 20))
            left = joined + datetime.timedelta(days=90) if rng.random() < 0.1 else None
            memberships.append(CoalitionMembership(coalition=coalition, member=member, joined_at=joined, left_at=left))
    CoalitionMembership.objects.bulk_create(memberships)
    stdout.write(
        f"Network: {MEMBERS} member municipalities, {len(PARTNERS)} partner organisations (2 waiting), "
        f"{len(coalitions)} coalitions with {len(memberships)} memberships."
    )
