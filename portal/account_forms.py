"""allauth's forms, adjusted where they would leak whether an address has an account."""

from allauth.account.forms import SignupForm as AllauthSignupForm
from django.contrib.auth.hashers import make_password


class SignupForm(AllauthSignupForm):
    def try_save(self, request):
        """Signing up with a known address sends a mail instead of making an account. It must take as long
        as a real signup, whose cost is hashing the password: hash it here too, and throw the hash away."""
        if self.account_already_exists:
            make_password(self.cleaned_data.get("password1") or "")
        return super().try_save(request)
