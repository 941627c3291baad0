"""Offers test data: offers with conditions and questions, complete drafts, and applications in any state."""

import datetime

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from offers.models import Application, Offer, OfferCondition, OfferQuestion
from portal.models import Municipality
from programmes.models import Programme

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def pdf_upload(name: str = "intentieverklaring.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


class OfferFactory(factory.django.DjangoModelFactory):
    """A reviewed offer with 10 places, open since a month, without conditions unless added."""

    class Meta:
        model = Offer

    programme = factory.LazyFunction(lambda: Programme.objects.get(slug="democratie-in-actie"))
    slug = factory.Sequence(lambda n: f"testaanbod-{n}")
    title = factory.Sequence(lambda n: f"Testaanbod {n}")
    title_en = factory.Sequence(lambda n: f"Test offer {n}")
    summary = "Een korte samenvatting."
    description = "Een langere beschrijving."
    places = 10
    opens_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=30))


def with_conditions(offer: Offer, *texts: str) -> list[OfferCondition]:
    return [offer.conditions.create(order=n, text=text, text_en=f"EN {text}") for n, text in enumerate(texts)]


def with_question(offer: Offer, kind: str = OfferQuestion.Kind.TEXT, **fields) -> OfferQuestion:
    fields.setdefault("text", f"Vraag ({kind})")
    if kind == OfferQuestion.Kind.CHOICE:
        fields.setdefault("choices", "Ja\nNee")
        fields.setdefault("choices_en", "Yes\nNo")
    return offer.questions.create(kind=kind, **fields)


def quick_scan_offer() -> Offer:
    return Offer.objects.get(slug="quick-scan-lokale-democratie")


def complete_fields(offer: Offer) -> dict:
    """Everything a draft for `offer` needs to be submitted, apart from uploaded files."""
    fields = {
        "contact_name": "Griet Griffie",
        "contact_email": "griffie@example.nl",
        "plan": "Wij willen de raad sterker betrekken bij de regionale samenwerking.",
        "confirmed_conditions": [condition.pk for condition in offer.conditions.all()],
        "answers": {
            str(question.pk): (question.choice_options()[0][0] if question.kind == "choice" else "Een antwoord")
            for question in offer.questions.exclude(kind=OfferQuestion.Kind.FILE)
        },
        "step": 4,
    }
    if offer.is_local_initiative:
        today = timezone.localdate()
        fields.update(
            professional_groups=["raadslid", "griffier", "burgemeester"],
            council_role="De raad krijgt een eigen rol in het ophalen van ideeën.",
            support_starts_on=today,
            support_ends_on=today + datetime.timedelta(days=90),
            support_scope="Procesbegeleiding bij drie bijeenkomsten.",
        )
    return fields


def draft(offer: Offer, user, municipality: Municipality | None = None, **fields) -> Application:
    """A complete draft of `user` for `offer`, with its required files."""
    from offers import services

    values = complete_fields(offer)
    values.update(fields)
    application = Application.objects.create(
        offer=offer, municipality=municipality or user.municipality, applicant=user, **values
    )
    if offer.attachment_required:
        services.attachment_add(application=application, user=user, upload=pdf_upload())
    for question in offer.questions.filter(kind=OfferQuestion.Kind.FILE, required=True):
        services.attachment_add(application=application, user=user, upload=pdf_upload("antwoord.pdf"), question=question)
    return application


def submitted(offer: Offer, municipality: Municipality, status: str = Application.Status.RECEIVED, **fields) -> Application:
    """An application in `status`, written directly (no service, no mail): for counts, lists and scopes."""
    now = timezone.now()
    values = complete_fields(offer)
    values.update(
        status=status,
        submitted_at=now,
        reserve_since=now if status == Application.Status.RESERVE else None,
        decided_at=now if status in (Application.Status.GRANTED, Application.Status.REJECTED) else None,
    )
    values.update(fields)
    return Application.objects.create(offer=offer, municipality=municipality, **values)


def municipalities(count: int, *, exclude=()) -> list[Municipality]:
    return list(Municipality.objects.exclude(code__in=exclude).order_by("code")[:count])
