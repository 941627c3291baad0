"""Writes for the Quick Scan, one module per stage of a scan:

* `questionnaires`: versions of a questionnaire;
* `configure`: the griffier's set-up (terms, settings, link for residents, own questions, respondents);
* `running`: opening, invitations and reminders, extending, closing, forgetting addresses (with their tasks);
* `answering`: a respondent's start, page saves and submission;
* `agenda`: the verbeteragenda.

Scoring, the report and its PDF live in `quickscan.scoring`, `quickscan.reports` and `quickscan.pdf`.
The names below are this package's public face: `from quickscan import services; services.scan_open(...)`.
"""

from .agenda import THEME_NOT_IN_SCAN, action_save
from .answering import (
    ALREADY_SUBMITTED,
    OPEN_LINK_FULL,
    open_link_respondent_start,
    open_link_visitor_token,
    response_page_save,
    response_start,
    response_submit,
)
from .common import CLOSING_DATE_IN_PAST, OPEN_LINK_DISABLED, SCAN_CLOSED, SCAN_NOT_DRAFT, SCAN_NOT_OPEN
from .configure import (
    DATES_OUT_OF_ORDER,
    GROUP_NOT_IN_QUESTIONNAIRE,
    OPEN_LINK_NOT_FOR_QUESTIONNAIRE,
    QUESTIONNAIRE_NOT_AVAILABLE,
    QUESTIONNAIRE_NOT_GRANTED,
    TERMS_NOT_ACCEPTED,
    TOO_MANY_OWN_QUESTIONS,
    agreement_accept,
    open_link_make,
    own_questions_set,
    respondent_remove,
    respondents_add,
    scan_create,
    scan_update,
)
from .questionnaires import questionnaire_new_version
from .running import (
    EXTENSION_NOT_LATER,
    SCAN_HAS_NO_RESPONDENTS,
    invitation_addresses_forget,
    invitation_addresses_forget_task,
    invitations_send,
    reminders_send,
    scan_close,
    scan_extend,
    scan_invitations_send_task,
    scan_open,
    scan_remind,
    scan_reminders_send_task,
    scans_close_due,
    scans_close_due_task,
    score_request,
)

__all__ = [
    "ALREADY_SUBMITTED",
    "CLOSING_DATE_IN_PAST",
    "DATES_OUT_OF_ORDER",
    "EXTENSION_NOT_LATER",
    "GROUP_NOT_IN_QUESTIONNAIRE",
    "OPEN_LINK_DISABLED",
    "OPEN_LINK_FULL",
    "OPEN_LINK_NOT_FOR_QUESTIONNAIRE",
    "QUESTIONNAIRE_NOT_AVAILABLE",
    "QUESTIONNAIRE_NOT_GRANTED",
    "SCAN_CLOSED",
    "SCAN_HAS_NO_RESPONDENTS",
    "SCAN_NOT_DRAFT",
    "SCAN_NOT_OPEN",
    "TERMS_NOT_ACCEPTED",
    "THEME_NOT_IN_SCAN",
    "TOO_MANY_OWN_QUESTIONS",
    "action_save",
    "agreement_accept",
    "invitation_addresses_forget",
    "invitation_addresses_forget_task",
    "invitations_send",
    "open_link_make",
    "open_link_respondent_start",
    "open_link_visitor_token",
    "own_questions_set",
    "questionnaire_new_version",
    "reminders_send",
    "respondent_remove",
    "respondents_add",
    "response_page_save",
    "response_start",
    "response_submit",
    "scan_close",
    "scan_create",
    "scan_extend",
    "scan_invitations_send_task",
    "scan_open",
    "scan_remind",
    "scan_reminders_send_task",
    "scan_update",
    "scans_close_due",
    "scans_close_due_task",
    "score_request",
]
