"""django-allauth, adapted: its mail goes through the Job table without ever storing a key in a row.

A password reset link and an email verification link grant access to an account. The job therefore
records only who the mail is for; the worker makes the key itself (both keys are derived from the
account's current state and the SECRET_KEY, so a key made a little later is just as valid). Other
allauth mails keep only an allow-list of harmless values (page addresses, a time, an IP address).
"""

import datetime
import html
from types import SimpleNamespace
from typing import Any
from urllib.parse import quote, urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .mail import MailKind, email_enqueue, mail_kind_register
from .models import User

# Values of allauth's mail contexts that may be stored in a job row: none of them grants access.
SAFE_CONTEXT_KEYS = {"signup_url", "ip", "user_agent", "from_email", "to_email", "deleted_email"}
# Mails whose context carries a key; they are sent only through the kinds below.
SECRET_TEMPLATES = {
    "account/email/password_reset_key",
    "account/email/email_confirmation",
    "account/email/email_confirmation_signup",
    "account/email/login_code",
    "account/email/password_reset_code",
}


def _site() -> SimpleNamespace:
    return SimpleNamespace(name=_("Lokale Democratie"), domain=urlsplit(settings.PORTAL_BASE_URL).netloc)


class AllauthMailKind(MailKind):
    """A kind of mail rendered with allauth's own templates (and our overrides of them)."""

    def message(self, *, to: str, ids: dict[str, Any]) -> EmailMultiAlternatives | None:
        built = self.context(**ids)
        if built is None:
            return None
        template_prefix, context = built
        context = {"email": to, "current_site": _site(), **context}
        return AccountAdapter().render_mail(template_prefix, to, context)


def _password_reset(*, user_id: int) -> tuple[str, dict] | None:
    from allauth.account.forms import default_token_generator

    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return None
    key = f"{user_pk_to_url_str(user)}-{default_token_generator.make_token(user)}"
    path = reverse("account_reset_password_from_key", kwargs={"uidb36": "UID", "key": "KEY"})
    url = settings.PORTAL_BASE_URL + path.replace("UID-KEY", quote(key))
    return "account/email/password_reset_key", {"user": user, "password_reset_url": url}


def _email_confirmation(*, email_address_id: int, signup: bool) -> tuple[str, dict] | None:
    address = EmailAddress.objects.select_related("user").filter(pk=email_address_id, verified=False).first()
    if address is None:
        return None
    key = EmailConfirmationHMAC(address).key
    url = settings.PORTAL_BASE_URL + reverse("account_confirm_email", args=[key])
    prefix = "account/email/email_confirmation_signup" if signup else "account/email/email_confirmation"
    return prefix, {"user": address.user, "activate_url": url, "key": key}


def _notification(*, template_prefix: str, user_id: int | None = None, values: dict) -> tuple[str, dict] | None:
    context: dict[str, Any] = dict(values)
    if user_id is not None:
        context["user"] = User.objects.filter(pk=user_id).first()
    if "timestamp" in context:
        context["timestamp"] = datetime.datetime.fromisoformat(context["timestamp"])
    if template_prefix == "account/email/account_already_exists":
        context["password_reset_url"] = settings.PORTAL_BASE_URL + reverse("account_reset_password")
    return template_prefix, context


password_reset_mail = mail_kind_register(AllauthMailKind("account_password_reset", _password_reset))
email_confirmation_mail = mail_kind_register(AllauthMailKind("account_email_confirmation", _email_confirmation))
account_notification_mail = mail_kind_register(AllauthMailKind("account_notification", _notification))


class AccountAdapter(DefaultAccountAdapter):
    def send_password_reset_mail(self, user, email: str, context: dict) -> None:
        email_enqueue(kind=password_reset_mail, to=[email], user_id=user.pk)

    def send_confirmation_mail(self, request, emailconfirmation, signup: bool) -> None:
        email_enqueue(
            kind=email_confirmation_mail,
            to=[emailconfirmation.email_address.email],
            email_address_id=emailconfirmation.email_address.pk,
            signup=signup,
        )

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Every other allauth mail: only the template's name, the user's id and harmless values are kept."""
        if template_prefix in SECRET_TEMPLATES:
            raise ValueError(f"{template_prefix} carries a key and must go through its own kind of mail.")
        values = {key: str(value) for key, value in context.items() if key in SAFE_CONTEXT_KEYS}
        if "timestamp" in context:
            values["timestamp"] = context["timestamp"].isoformat()
        user = context.get("user")
        email_enqueue(
            kind=account_notification_mail,
            to=[email],
            template_prefix=template_prefix,
            user_id=getattr(user, "pk", None),
            values=values,
        )

    def render_mail(self, template_prefix, email, context, headers=None):
        message = super().render_mail(template_prefix, email, context, headers)
        # allauth renders subjects with autoescaping on: "'s-Gravenhage" would arrive as "&#x27;s-Gravenhage".
        message.subject = html.unescape(message.subject)
        return message

