"""Shared factories. Users with a privileged role get a TOTP authenticator unless `with_mfa=False`."""

import time

import factory
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth.models import Group

from portal.models import GriffierRole, Municipality, StaffRole, User

PASSWORD = "een-lang-genoeg-wachtwoord"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"persoon{n}@example.nl")
    first_name = factory.Faker("first_name", locale="nl_NL")
    last_name = factory.Faker("last_name", locale="nl_NL")
    function = "other"
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified(obj, create, extracted, **kwargs):
        if create and extracted is not False:
            obj.save()
            EmailAddress.objects.get_or_create(user=obj, email=obj.email, defaults={"verified": True, "primary": True})


def add_totp(user: User) -> str:
    """Give `user` a TOTP authenticator; returns the secret so a test can compute codes.

    The secret is also kept on the object as `user.totp_secret` (see `totp_code`).
    """
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    user.totp_secret = secret
    return secret


def totp_code(secret_or_user, *, offset: int = 0) -> str:
    """The TOTP code valid now for a secret (or a user made by `add_totp`); `offset` steps periods."""
    from allauth.mfa import app_settings as mfa_settings
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    secret = getattr(secret_or_user, "totp_secret", secret_or_user)
    counter = int(time.time()) // mfa_settings.TOTP_PERIOD + offset
    return format_hotp_value(hotp_value(secret, counter))


class GriffierFactory(UserFactory):
    """A member confirmed as griffier of `municipality` (Amsterdam unless given)."""

    function = "griffier"
    municipality = factory.LazyFunction(lambda: Municipality.objects.get(code="GM0363"))

    @factory.post_generation
    def confirmed(obj, create, extracted, **kwargs):
        if create:
            GriffierRole.objects.create(user=obj, municipality=obj.municipality, status=GriffierRole.Status.CONFIRMED)

    @factory.post_generation
    def with_mfa(obj, create, extracted, **kwargs):
        if create and extracted is not False:
            add_totp(obj)


class StaffFactory(UserFactory):
    """Programme staff holding `role` (a StaffRole)."""

    is_staff = True

    @factory.post_generation
    def role(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.groups.add(Group.objects.get(name=str(extracted)))

    @factory.post_generation
    def with_mfa(obj, create, extracted, **kwargs):
        if create and extracted is not False:
            add_totp(obj)


__all__ = ["Authenticator", "GriffierFactory", "PASSWORD", "StaffFactory", "StaffRole", "UserFactory", "add_totp", "totp_code"]
