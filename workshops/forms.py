import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from consultants.models import Consultant
from portal.models import Municipality

from .filters import staff_users
from .models import Evaluation, Workshop, WorkshopRequest

MAX_PARTICIPANTS = 200


class RequestForm(forms.ModelForm):
    """What a griffier asks for. `submission_key` makes a double submit create one request."""

    submission_key = forms.UUIDField(widget=forms.HiddenInput)

    class Meta:
        model = WorkshopRequest
        fields = [
            "municipality",
            "workshops",
            "training_need",
            "participants",
            "preferred_periods",
            "location",
        ]
        widgets = {
            "workshops": forms.CheckboxSelectMultiple,
            "training_need": forms.Textarea(attrs={"rows": 5}),
            "preferred_periods": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "workshops": _("Choose one or more workshops from the catalogue."),
            "training_need": _("What does your council want to learn, and why now?"),
            "participants": _("About how many people will take part?"),
            "preferred_periods": _("For example: evenings in March, or Tuesdays after the summer."),
            "location": _("Where the sessions can take place, for example the council chamber, or online."),
        }

    def __init__(self, *args, municipalities=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = (
            municipalities if municipalities is not None else Municipality.objects.none()
        )
        self.fields["municipality"].empty_label = None
        self.fields["workshops"].queryset = Workshop.objects.published()
        self.fields["workshops"].label_from_instance = lambda workshop: workshop.title_i18n
        self.fields["participants"].widget.attrs.update({"min": 1, "max": MAX_PARTICIPANTS})

    def clean_participants(self):
        participants = self.cleaned_data["participants"]
        if not 1 <= participants <= MAX_PARTICIPANTS:
            raise forms.ValidationError(
                _("Enter a number between 1 and %(max)s.") % {"max": MAX_PARTICIPANTS}, code="range"
            )
        return participants


class MessageForm(forms.Form):
    body = forms.CharField(label=_("Your message"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4}))


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"))
    note = forms.CharField(
        label=_("Note (for the history)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, request_obj: WorkshopRequest, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(WorkshopRequest.Status.choices)
        self.fields["status"].choices = [(value, labels[value]) for value in request_obj.allowed_transitions]


class AssignForm(forms.Form):
    assigned_to = forms.ModelChoiceField(
        label=_("Assign to"),
        queryset=None,
        required=False,
        empty_label=_("Nobody"),
        help_text=_("The consultant or trainer who handles this request."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assigned_to"].queryset = staff_users()


class ProposalForm(forms.Form):
    note = forms.CharField(
        label=_("Note to the griffier"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class SessionForm(forms.Form):
    """One proposed session. The date and times are separate inputs so they work in every browser."""

    workshop = forms.ModelChoiceField(label=_("Workshop"), queryset=Workshop.objects.none())
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    start_time = forms.TimeField(label=_("Start time"), widget=forms.TimeInput(attrs={"type": "time"}))
    end_time = forms.TimeField(label=_("End time"), widget=forms.TimeInput(attrs={"type": "time"}))
    place = forms.CharField(label=_("Place"), max_length=200)
    trainer = forms.ModelChoiceField(
        label=_("Trainer (consultant)"), queryset=Consultant.objects.none(), required=False
    )
    trainer_name = forms.CharField(label=_("Or another trainer"), max_length=150, required=False)

    def __init__(self, *args, workshops=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["workshop"].queryset = (
            workshops if workshops is not None else Workshop.objects.published()
        )
        self.fields["trainer"].queryset = Consultant.objects.active()

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_time"), cleaned.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", _("The end time must be after the start time."))
        if not cleaned.get("trainer") and not cleaned.get("trainer_name", "").strip():
            self.add_error("trainer_name", _("Choose a consultant as trainer or type the trainer's name."))
        return cleaned

    def session_data(self, tz) -> dict:
        data = self.cleaned_data
        return {
            "workshop": data["workshop"],
            "starts_at": datetime.datetime.combine(data["date"], data["start_time"], tzinfo=tz),
            "ends_at": datetime.datetime.combine(data["date"], data["end_time"], tzinfo=tz),
            "place": data["place"].strip(),
            "trainer": data["trainer"],
            "trainer_name": "" if data["trainer"] else data["trainer_name"].strip(),
        }


class BaseSessionFormSet(forms.BaseFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        if not any(form.has_changed() and not self._should_delete_form(form) for form in self.forms):
            raise forms.ValidationError(_("Add at least one session."), code="empty")


SessionFormSet = forms.formset_factory(
    SessionForm, formset=BaseSessionFormSet, extra=3, max_num=10, validate_max=True
)


class EvaluationForm(forms.ModelForm):
    rating = forms.TypedChoiceField(
        label=_("How useful was this session? (1 = not at all, 5 = very)"),
        choices=[(n, str(n)) for n in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect,
    )

    class Meta:
        model = Evaluation
        fields = ["rating", "comments"]
        widgets = {"comments": forms.Textarea(attrs={"rows": 4, "maxlength": 3000})}
        labels = {"comments": _("What should we keep or change?")}
