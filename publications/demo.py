"""Demo content for the library: 41 publications, 16 news items and 4 experiences of municipalities, all
published through the real workflow (written by the editor, published by the programme manager), a
draft and a review waiting on the staff page, and one shared experience in the editors' queue.

Called by `manage.py seed_demo`. Idempotent: nothing happens when the first demo publication exists.
"""

import datetime
import uuid
from typing import TextIO

from django.core.files.base import ContentFile
from django.utils import timezone

from portal.mail import email_send_task
from portal.models import Job, Municipality, User
from programmes.models import Programme, Theme

from . import samples, services
from .demo_content import EXPERIENCES, NEWS, PENDING_EXPERIENCES, PUBLICATIONS
from .models import Experience, Publication, PublicationRevision

DEMO_NAMESPACE = uuid.UUID("0b6f5d3e-8a1c-4a57-9a3e-5d1f3c2b7a90")


def _ago(days: int, hour: int = 10) -> datetime.datetime:
    day = timezone.localdate() - datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def _body(paragraphs: list[str]) -> str:
    return "".join(f"<p>{text}</p>" for text in paragraphs)


def _attachment(kind: str, title: str, paragraphs: list[str]) -> ContentFile | None:
    if kind == "pdf":
        data = samples.pdf_bytes(title, paragraphs)
    elif kind == "docx":
        data = samples.docx_bytes([title, *paragraphs])
    elif kind == "odt":
        data = samples.odt_bytes([title, *paragraphs])
    elif kind == "xlsx":
        data = samples.xlsx_bytes(
            [["Onderdeel", "Toelichting"], *[[f"Punt {n}", text] for n, text in enumerate(paragraphs, start=1)]]
        )
    else:
        return None
    return ContentFile(data, name=f"bijlage.{kind}")


def _publish(publication: Publication, *, editor: User, manager: User, days: int) -> None:
    services.publication_submit(publication=publication, actor=editor)
    services.publication_publish(publication=publication, actor=manager, publish_at=_ago(days))
    moment = _ago(days)
    Publication.objects.filter(pk=publication.pk).update(created_at=moment - datetime.timedelta(days=2), updated_at=moment)
    PublicationRevision.objects.filter(publication=publication).update(created_at=moment)


def _create(entry: dict, *, kind: str, editor: User, programmes: dict, themes: dict) -> Publication:
    fields = {
        "type": kind,
        "title": entry["title"],
        "title_en": entry.get("title_en", ""),
        "summary": entry["summary"],
        "summary_en": entry.get("summary_en", ""),
        "body": _body(entry["paragraphs"]),
        "authors": entry.get("authors", "Programmateam"),
        "programme": programmes.get(entry.get("programme")),
        "advice_scan_themes": entry.get("scan", []),
    }
    attachment = _attachment(entry.get("attachment", ""), entry["title"], entry["paragraphs"])
    if attachment is not None:
        fields["attachment"] = attachment
    return services.publication_create(actor=editor, themes=[themes[slug] for slug in entry["themes"]], **fields)


def _experience(entry: dict, *, accounts: dict[str, User], editor: User, themes: dict) -> Experience:
    municipality = Municipality.objects.get(code=entry["municipality"])
    submitter = next((user for user in accounts.values() if user.municipality_id == municipality.pk), None)
    fields = {
        "title": entry["title"], "what": entry["what"], "why": entry["why"], "result": entry["result"],
        "lessons": entry["lessons"], "contact_name": f"Griffie {municipality.name}",
        "contact_email": f"griffie@{municipality.slug}.example.nl",
    }
    key = uuid.uuid5(DEMO_NAMESPACE, entry["title"])
    if submitter is not None:
        experience, _created = services.experience_submit(
            user=submitter, municipality=municipality, themes=[themes[slug] for slug in entry["themes"]],
            submission_key=key, **fields,
        )
        return experience
    experience = Experience.objects.create(municipality=municipality, submission_key=key, **fields)
    experience.themes.set([themes[slug] for slug in entry["themes"]])
    return experience


def seed(*, accounts: dict[str, User], stdout: TextIO) -> None:
    if Publication.objects.filter(title=PUBLICATIONS[0]["title"]).exists():
        stdout.write("Library: demo publications already present.")
        return
    editor, manager = accounts["redactie"], accounts["programmamanager"]
    programmes = {programme.slug: programme for programme in Programme.objects.all()}
    themes = {theme.slug: theme for theme in Theme.objects.all()}
    last_job = Job.objects.order_by("-pk").values_list("pk", flat=True).first() or 0

    for entry in PUBLICATIONS:
        publication = _create(entry, kind=entry["type"], editor=editor, programmes=programmes, themes=themes)
        _publish(publication, editor=editor, manager=manager, days=entry["days"])
    for entry in NEWS:
        publication = _create(entry, kind=Publication.Type.NEWS, editor=editor, programmes=programmes, themes=themes)
        _publish(publication, editor=editor, manager=manager, days=entry["days"])
    for entry in EXPERIENCES:
        experience = _experience(entry, accounts=accounts, editor=editor, themes=themes)
        publication = services.experience_accept(experience=experience, actor=editor)
        _publish(publication, editor=editor, manager=manager, days=entry["days"])
        Experience.objects.filter(pk=experience.pk).update(
            created_at=_ago(entry["days"] + 10), decided_at=_ago(entry["days"] + 5)
        )
    for entry in PENDING_EXPERIENCES:
        _experience(entry, accounts=accounts, editor=editor, themes=themes)

    draft = services.publication_create(
        actor=editor, type=Publication.Type.GUIDE, title="Concept: raadsinformatie digitaal vinden",
        summary="Een korte gids over zoeken in het raadsinformatiesysteem. Nog in bewerking.",
        body="<p>Deze gids is nog in bewerking door de redactie.</p>", programme=programmes.get("actieprogramma-lokaal-bestuur"),
        themes=[themes["de-raad"]],
    )
    review = services.publication_create(
        actor=editor, type=Publication.Type.NEWS, title="Aanmelding Dag van de Lokale Democratie geopend",
        summary="Vanaf vandaag kunt u zich aanmelden voor de Dag van de Lokale Democratie.",
        body="<p>De dag biedt workshops, ontmoeting en inspiratie voor raadsleden, bestuurders, ambtenaren en griffiers.</p>",
        programme=programmes.get("democratie-in-actie"), themes=[themes["participatie"]],
    )
    services.publication_submit(publication=review, actor=editor)
    # The workflow announces each step by mail; for made-up history that would only flood the console.
    Job.objects.filter(pk__gt=last_job, task=email_send_task.name).delete()
    stdout.write(
        f"Library: {len(PUBLICATIONS)} publications, {len(NEWS)} news items, {len(EXPERIENCES)} experiences published; "
        f"“{draft.title}” is a draft and “{review.title}” waits for review."
    )
