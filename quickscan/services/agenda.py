"""The verbeteragenda: the actions a municipality agrees after discussing its report."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from ..models import Action, QuestionnaireTheme, Scan
from ..report_cache import agenda_changed

THEME_NOT_IN_SCAN = _("Choose a theme of this scan's questionnaire.")


@transaction.atomic
def action_save(
    *,
    scan: Scan,
    theme: QuestionnaireTheme,
    action: str,
    owner: str,
    due_on: datetime.date,
    status: str,
    instance: Action | None = None,
) -> Action:
    if theme.questionnaire_id != scan.questionnaire_id:
        raise ValidationError(THEME_NOT_IN_SCAN)
    item = instance or Action(scan=scan)
    item.theme, item.action, item.owner, item.due_on, item.status = theme, action, owner, due_on, status
    item.save()
    agenda_changed(municipality_id=scan.municipality_id)  # the next scan's report shows this agenda
    return item
