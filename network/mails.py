"""The network's kinds of mail."""

from portal.mail import absolute_url, mail_kind

from .models import Member


def _member(member_id: int) -> Member | None:
    return Member.objects.select_related("municipality").filter(pk=member_id).first()


@mail_kind("network_member_joined")
def member_joined(*, member_id: int) -> dict | None:
    member = _member(member_id)
    if member is None:
        return None
    return {"member": member, "url": absolute_url("network:network_home")}


@mail_kind("network_partner_received")
def partner_received(*, member_id: int) -> dict | None:
    member = _member(member_id)
    if member is None:
        return None
    return {"member": member, "url": absolute_url("network:staff_partner_queue")}


@mail_kind("network_partner_decided")
def partner_decided(*, member_id: int) -> dict | None:
    member = _member(member_id)
    if member is None:
        return None
    return {"member": member, "url": absolute_url("network:network_home")}
