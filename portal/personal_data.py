"""A person's rights under the AVG (GDPR): a copy of their data, and deleting their account.

The core knows the account itself (profile, addresses, roles); every app adds what it keeps about the
person through `registry.personal_data`, and erases it through `registry.account_erasers`. What belongs
to a municipality (a workshop request, an application, an accepted data processing agreement) stays,
with the person's name replaced: the account row is kept, emptied and locked, so those records keep a
harmless "former account" as their author.
"""

from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import registry
from .models import Function, GriffierRole, User
from .permissions import role_names

ERASED_NAME = "Verwijderd account"


def _when(value) -> str | None:
    return value.isoformat() if value else None


def personal_data_export(*, user: User) -> dict[str, Any]:
    """Everything the portal keeps about `user`, JSON-ready, one section per part of the portal."""
    data: dict[str, Any] = {
        "exported_at": timezone.now().isoformat(),
        "profile": {
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "function": user.get_function_display(),
            "municipality": user.municipality.name if user.municipality else None,
            "date_joined": _when(user.date_joined),
            "last_login": _when(user.last_login),
            "staff_roles": [str(name) for name in role_names(user)],
            "regions": list(user.regions.values_list("name", flat=True)),
        },
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in EmailAddress.objects.filter(user=user)
        ],
        "griffier_roles": [
            {
                "municipality": role.municipality.name,
                "status": role.get_status_display(),
                "explanation": role.motivation,
                "requested_at": _when(role.requested_at),
                "decided_at": _when(role.decided_at),
            }
            for role in user.griffier_roles.select_related("municipality")
        ],
        "second_factor": Authenticator.objects.filter(user=user).exists(),
    }
    for provider in registry.personal_data:
        data.update(provider(user=user))
    return data


@transaction.atomic
def account_delete(*, user: User) -> None:
    """Erase the person's data and lock the account for good. Records of the municipality keep no name."""
    user = User.objects.select_for_update().get(pk=user.pk)
    for eraser in registry.account_erasers:
        eraser(user=user)
    GriffierRole.objects.filter(user=user, status__in=[GriffierRole.Status.REQUESTED, GriffierRole.Status.CONFIRMED]).update(
        status=GriffierRole.Status.REVOKED, decided_at=timezone.now(), decision_note=_("Account deleted")
    )
    GriffierRole.objects.filter(user=user).update(motivation="")
    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    user.groups.clear()
    user.regions.clear()
    user.user_permissions.clear()
    user.email = f"verwijderd-{user.pk}@account.invalid"
    user.first_name = ""
    user.last_name = ERASED_NAME
    user.function = Function.OTHER
    user.municipality = None
    user.password = make_password(None)  # unusable: nobody can sign in with it again
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    # A new password ends every session of the account (Django checks a hash of it on each request).
    user.save()
