from .applying import (
    application_detail,
    application_discard,
    application_list,
    application_start,
    application_step,
    application_submit,
    application_withdraw,
    attachment_download,
    attachment_remove,
)
from .public import offer_detail, offer_list
from .staff import (
    staff_application_assign,
    staff_application_decide,
    staff_application_detail,
    staff_application_note,
    staff_export,
    staff_queue,
)

__all__ = [
    "application_detail",
    "application_discard",
    "application_list",
    "application_start",
    "application_step",
    "application_submit",
    "application_withdraw",
    "attachment_download",
    "attachment_remove",
    "offer_detail",
    "offer_list",
    "staff_application_assign",
    "staff_application_decide",
    "staff_application_detail",
    "staff_application_note",
    "staff_export",
    "staff_queue",
]
