"""Quick Scan: questionnaires, scans and invitations, anonymous answers, and what comes of a closed scan.

* `questionnaires`: Questionnaire, QuestionnaireTheme, Statement, the respondent groups and the thresholds;
* `scans`: DataProcessingAgreement, Scan, OwnQuestion, Invitation, and the hashes of personal links;
* `answers`: Response, Answer, OpenAnswer, PriorityChoice (no relation to a person: see its docstring);
* `results`: ScanResult, Score, ReportPdf, Action (the verbeteragenda).
"""

from .answers import Answer, OpenAnswer, PriorityChoice, Response
from .questionnaires import (
    DATA_PROCESSING_TERMS_VERSION,
    GAP_THRESHOLD,
    MAX_OWN_QUESTIONS,
    MIN_BENCHMARK_MUNICIPALITIES,
    MIN_GROUP_SIZE,
    PRIORITY_PICKS,
    Group,
    Questionnaire,
    QuestionnaireTheme,
    Statement,
)
from .results import Action, ReportPdf, ScanResult, Score
from .scans import (
    DataProcessingAgreement,
    Invitation,
    OwnQuestion,
    Scan,
    resume_key,
    token_hash,
    visitor_signer,
)

__all__ = [
    "DATA_PROCESSING_TERMS_VERSION",
    "GAP_THRESHOLD",
    "MAX_OWN_QUESTIONS",
    "MIN_BENCHMARK_MUNICIPALITIES",
    "MIN_GROUP_SIZE",
    "PRIORITY_PICKS",
    "Action",
    "Answer",
    "DataProcessingAgreement",
    "Group",
    "Invitation",
    "OpenAnswer",
    "OwnQuestion",
    "PriorityChoice",
    "Questionnaire",
    "QuestionnaireTheme",
    "ReportPdf",
    "Response",
    "Scan",
    "ScanResult",
    "Score",
    "Statement",
    "resume_key",
    "token_hash",
    "visitor_signer",
]
