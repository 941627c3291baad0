"""The steps of the application form and the staff's review forms. Forms check the shape of the input;
the services check the domain rules (eligibility, places, completeness) and raise their own messages."""

import re

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from portal.permissions import CASE_STAFF, users_holding

from . import services
from .models import MIN_PROFESSIONAL_GROUPS, PROFESSIONAL_GROUPS, Application, Offer, OfferQuestion


class Form(forms.Form):
    """Required fields are checked on the server and marked "(required)" in the label; without the HTML
    attribute an empty field is not drawn as invalid before anyone has typed in it."""

    use_required_attribute = False

PHONE = re.compile(r"^[0-9+()\- ]{6,32}$")


class StartForm(Form):
    municipality = forms.ModelChoiceField(label=_("Apply for the municipality of"), queryset=None, empty_label=None)

    def __init__(self, *args, municipalities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipalities


class AboutForm(Form):
    municipality = forms.ModelChoiceField(label=_("Municipality"), queryset=None, empty_label=None)
    contact_name = forms.CharField(label=_("Contact person"), max_length=150)
    contact_function = forms.CharField(
        label=_("Function of the contact person"), max_length=100, required=False,
        help_text=_("For example: griffier, raadslid or beleidsmedewerker."),
    )
    contact_email = forms.EmailField(label=_("Email address"), max_length=254)
    contact_phone = forms.CharField(label=_("Phone number"), max_length=32, required=False)

    def __init__(self, *args, municipalities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipalities

    def clean_contact_phone(self) -> str:
        phone = self.cleaned_data["contact_phone"].strip()
        if phone and not PHONE.match(phone):
            raise forms.ValidationError(_("Enter a phone number with digits, spaces, +, - or brackets."))
        return phone

    def values(self) -> dict:
        return dict(self.cleaned_data)

    @staticmethod
    def initial_for(application: Application) -> dict:
        return {
            "municipality": application.municipality_id,
            "contact_name": application.contact_name,
            "contact_function": application.contact_function,
            "contact_email": application.contact_email,
            "contact_phone": application.contact_phone,
        }


class PlanForm(Form):
    plan = forms.CharField(
        label=_("Your question or plan"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("What do you want to achieve, with whom, and why now? At most 5000 characters."),
    )

    def __init__(self, *args, offer: Offer, **kwargs):
        super().__init__(*args, **kwargs)
        self.offer = offer
        self.questions = [q for q in offer.questions.all() if q.kind != OfferQuestion.Kind.FILE]
        if offer.is_local_initiative:
            self.fields["professional_groups"] = forms.MultipleChoiceField(
                label=_("Professional groups involved"),
                choices=PROFESSIONAL_GROUPS,
                widget=forms.CheckboxSelectMultiple,
                help_text=_("Check every group that takes part; more than two are needed."),
            )
            self.fields["council_role"] = forms.CharField(
                label=_("How does the initiative strengthen the role of the council?"),
                max_length=3000,
                widget=forms.Textarea(attrs={"rows": 5}),
            )
            self.fields["support_starts_on"] = forms.DateField(
                label=_("Support from"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
            )
            self.fields["support_ends_on"] = forms.DateField(
                label=_("Support until"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
            )
            self.fields["support_scope"] = forms.CharField(
                label=_("Scope of the support you ask for"),
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 4}),
                help_text=_("For example: process guidance for three meetings, or bringing in a speaker."),
            )
        for question in self.questions:
            name = f"question_{question.pk}"
            if question.kind == OfferQuestion.Kind.CHOICE:
                self.fields[name] = forms.ChoiceField(
                    label=question.text_i18n,
                    choices=question.choice_options(),
                    widget=forms.RadioSelect,
                    required=question.required,
                    help_text=question.help_text_i18n,
                )
            else:
                self.fields[name] = forms.CharField(
                    label=question.text_i18n,
                    max_length=3000,
                    required=question.required,
                    widget=forms.Textarea(attrs={"rows": 4}),
                    help_text=question.help_text_i18n,
                )

    def clean_professional_groups(self) -> list[str]:
        groups = self.cleaned_data["professional_groups"]
        if len(set(groups)) < MIN_PROFESSIONAL_GROUPS:
            raise forms.ValidationError(services.TOO_FEW_GROUPS)
        return groups

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("support_starts_on"), cleaned.get("support_ends_on")
        if starts and ends and ends < starts:
            self.add_error("support_ends_on", services.SUPPORT_DATES_OUT_OF_ORDER)
        return cleaned

    def values(self, application: Application) -> dict:
        data = self.cleaned_data
        values = {"plan": data["plan"]}
        if self.offer.is_local_initiative:
            for name in ("professional_groups", "council_role", "support_starts_on", "support_ends_on", "support_scope"):
                values[name] = data[name]
        answers = dict(application.answers)
        for question in self.questions:
            answers[str(question.pk)] = data.get(f"question_{question.pk}", "")
        values["answers"] = answers
        return values

    @staticmethod
    def initial_for(application: Application) -> dict:
        initial = {
            "plan": application.plan,
            "professional_groups": application.professional_groups,
            "council_role": application.council_role,
            "support_starts_on": application.support_starts_on,
            "support_ends_on": application.support_ends_on,
            "support_scope": application.support_scope,
        }
        initial.update({f"question_{pk}": answer for pk, answer in application.answers.items()})
        return initial


class ConditionsForm(Form):
    """One checkbox per condition: each is confirmed on its own."""

    def __init__(self, *args, offer: Offer, **kwargs):
        super().__init__(*args, **kwargs)
        self.conditions = list(offer.conditions.all())
        for condition in self.conditions:
            self.fields[f"condition_{condition.pk}"] = forms.BooleanField(
                label=condition.text_i18n,
                required=True,
                error_messages={"required": services.CONDITION_NOT_CONFIRMED},
            )

    def values(self) -> dict:
        return {"confirmed_conditions": [c.pk for c in self.conditions if self.cleaned_data.get(f"condition_{c.pk}")]}

    @staticmethod
    def initial_for(application: Application) -> dict:
        return {f"condition_{pk}": True for pk in application.confirmed_conditions}


class UploadField(forms.FileField):
    """A file checked by its bytes (type) and size, with the service's own messages."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 200)
        kwargs.setdefault("widget", forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.odt,.png,.jpg,.jpeg"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if isinstance(upload, UploadedFile):
            services.check_upload(upload)
        return upload


class AttachmentsForm(Form):
    """Uploads for the draft. Fields are optional here: what is still missing shows on the review step."""

    def __init__(self, *args, offer: Offer, **kwargs):
        super().__init__(*args, **kwargs)
        self.file_questions = [q for q in offer.questions.all() if q.kind == OfferQuestion.Kind.FILE]
        if offer.attachment_required or offer.attachment_label:
            self.fields["attachment"] = UploadField(
                label=offer.attachment_label_i18n or _("Attachment"),
                required=False,
                help_text=_("PDF, Word, OpenDocument, PNG or JPEG; at most 10 MB."),
            )
        for question in self.file_questions:
            self.fields[f"file_{question.pk}"] = UploadField(
                label=question.text_i18n, required=False, help_text=question.help_text_i18n
            )

    def uploads(self) -> list[tuple[OfferQuestion | None, object]]:
        found = []
        if self.cleaned_data.get("attachment"):
            found.append((None, self.cleaned_data["attachment"]))
        for question in self.file_questions:
            upload = self.cleaned_data.get(f"file_{question.pk}")
            if upload:
                found.append((question, upload))
        return found


# ---------- staff ----------


class DecisionForm(Form):
    decision = forms.ChoiceField(label=_("Decision"), widget=forms.RadioSelect)
    budget = forms.IntegerField(
        label=_("Budget granted (euros)"), required=False, min_value=1, max_value=10_000_000,
        help_text=_("Only for offers with a budget."),
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required for a rejection: the applicant receives it by mail."),
    )

    def __init__(self, *args, application: Application, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(Application.Status.choices)
        self.fields["decision"].choices = [
            (status, labels[status]) for status in services.TRANSITIONS.get(application.status, ())
        ]
        if not application.offer.has_budget:
            del self.fields["budget"]


class AssignForm(Form):
    assigned_to = forms.ModelChoiceField(label=_("Assign to"), queryset=None, required=False, empty_label=_("Nobody"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assigned_to"].queryset = users_holding(*CASE_STAFF)


class NoteForm(Form):
    body = forms.CharField(
        label=_("Internal note"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only programme staff read internal notes; the applicant never sees them."),
    )
