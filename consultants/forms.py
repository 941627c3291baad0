from django import forms
from django.utils.translation import gettext_lazy as _

from portal.models import Municipality


class FindConsultantForm(forms.Form):
    """Type a municipality (the browser suggests the 342 names) or pick it from the list."""

    NOT_FOUND = _(
        "We could not find a municipality with that name. Check the spelling or choose it from the list."
    )

    q = forms.CharField(
        label=_("Type the name of your municipality"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"list": "municipality-names", "autocomplete": "off"}),
        help_text=_("Everyday names work too, such as Den Haag or Den Bosch."),
    )
    municipality = forms.ModelChoiceField(
        label=_("Or choose it from the list"),
        queryset=Municipality.objects.none(),
        required=False,
        empty_label=_("Choose a municipality"),
        # The links under "Which municipality do you mean?" carry the choice; typing uses the datalist,
        # from which the browser lets people pick any of the 342 names.
        widget=forms.HiddenInput,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = Municipality.objects.current().only("pk", "name")

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("municipality") and not cleaned.get("q", "").strip():
            raise forms.ValidationError(_("Type or choose a municipality."), code="required")
        return cleaned
