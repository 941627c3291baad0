from django import forms
from django.utils.translation import gettext_lazy as _


class Form(forms.Form):
    """Required fields are checked on the server and marked "(required)" in the label; without the HTML
    attribute an empty field is not drawn as invalid before anyone has typed in it."""

    use_required_attribute = False

class JoinForm(Form):
    municipality = forms.ModelChoiceField(label=_("Municipality"), queryset=None, empty_label=None)
    confirm = forms.BooleanField(
        label=_("Our municipality wants to work with others on an inclusive and safe local digital democracy."),
        error_messages={"required": _("Confirm that your municipality wants to take part.")},
    )

    def __init__(self, *args, municipalities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipalities


class PartnerForm(Form):
    organisation = forms.CharField(label=_("Organisation"), max_length=200)
    website = forms.URLField(label=_("Website"), max_length=200, required=False, assume_scheme="https")
    description = forms.CharField(
        label=_("What does your organisation bring to the network?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    contact_name = forms.CharField(label=_("Contact person"), max_length=150)
    contact_email = forms.EmailField(label=_("Email address of the contact person"), max_length=254)


class PartnerDecisionForm(Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("accept", _("Admit as member")), ("refuse", _("Do not admit"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note to the organisation"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
