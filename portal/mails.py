"""The portal core's kinds of mail: griffier requests and decisions."""

from .mail import absolute_url, mail_kind
from .models import GriffierRole


def _role(role_id: int) -> GriffierRole | None:
    return GriffierRole.objects.select_related("user", "municipality").filter(pk=role_id).first()


@mail_kind("griffier_role_requested")
def griffier_role_requested(*, role_id: int) -> dict | None:
    role = _role(role_id)
    if role is None:
        return None
    return {
        "role": role,
        "user": role.user,
        "municipality": role.municipality,
        "url": absolute_url("portal:griffier_role_decide", role.pk),
    }


@mail_kind("griffier_role_decided")
def griffier_role_decided(*, role_id: int) -> dict | None:
    role = _role(role_id)
    if role is None:
        return None
    return {"role": role, "url": absolute_url("portal:dashboard")}
