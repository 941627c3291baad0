"""Questionnaires: versions, and which ones a municipality may use."""

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from ..models import Questionnaire, Statement


@transaction.atomic
def questionnaire_new_version(*, questionnaire: Questionnaire) -> Questionnaire:
    """Copy a (frozen) questionnaire into the next version, which takes over as the active one."""
    latest = Questionnaire.objects.filter(slug=questionnaire.slug).aggregate(v=Max("version"))["v"] or 0
    themes = list(questionnaire.themes.all())  # no prefetch: the copies must not inherit its caches
    copy = Questionnaire.objects.get(pk=questionnaire.pk)
    copy.pk = None
    copy.version = latest + 1
    copy.is_active = True
    copy.created_at = timezone.now()
    copy.save()
    for theme in themes:
        statements = list(theme.statements.all())
        portal_themes = list(theme.portal_themes.all())
        theme.pk = None
        theme.questionnaire = copy
        theme.save()
        theme.portal_themes.set(portal_themes)
        Statement.objects.bulk_create(
            Statement(theme=theme, order=s.order, text=s.text, text_en=s.text_en) for s in statements
        )
    Questionnaire.objects.filter(slug=questionnaire.slug).exclude(pk=copy.pk).update(is_active=False)
    return copy
