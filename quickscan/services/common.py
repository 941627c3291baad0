"""What several stages of a scan share: the row lock and the messages more than one service raises."""

from django.utils.translation import gettext_lazy as _

from ..models import Scan

SCAN_NOT_DRAFT = _("This scan has been opened; its set-up can no longer change.")
SCAN_NOT_OPEN = _("This scan is not open.")
SCAN_CLOSED = _("This scan is closed; answers can no longer be given.")
CLOSING_DATE_IN_PAST = _("The closing date cannot be in the past.")
OPEN_LINK_DISABLED = _("This link is not in use.")


def lock(scan: Scan) -> Scan:
    """The scan's row, locked until the transaction ends: status changes and caps are decided one at a time."""
    return Scan.objects.select_for_update().get(pk=scan.pk)
