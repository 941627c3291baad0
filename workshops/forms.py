import datetime
import uuid

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from consultants.models import Consultant
from portal.models import Municipality

from .filters import staff_users
from .models import Evaluation, Workshop, WorkshopRequest

MAX_PARTICIPANTS = 200
# The most characters each free-text field takes. The form says so when a text is longer; nothing is cut off
# (no `maxlength` attribute either: a browser would silently cut a pasted text at the limit).
TRAINING_NEED_MAX = 3000
PREFERRED_PERIODS_MAX = 1000
LOCATION_MAX = 200
MESSAGE_MAX = 5000
STATUS_NOTE_MAX = 2000
PROPOSAL_NOTE_MAX = 5000
PLACE_MAX = 200
TRAINER_NAME_MAX = 150
COMMENTS_MAX = 3000


class TextLimitValidator(MaxLengthValidator):
    message = ngettext_lazy(
        "Use at most %(limit_value)d character; this text has %(show_value)d. Shorten it: nothing has been cut off.",
        "Use at most %(limit_value)d characters; this text has %(show_value)d. Shorten it: nothing has been cut off.",
        "limit_value",
    )


def limit_text(field: forms.CharField, limit: int) -> forms.CharField:
    """Give a text field a length limit that the form enforces with a clear message (and the browser not)."""
    field.max_length = None
    field.validators = [v for v in field.validators if not isinstance(v, MaxLengthValidator)]
    field.validators.append(TextLimitValidator(limit))
    field.widget.attrs.pop("maxlength", None)
    return field


def text_field(*, limit: int, **kwargs) -> forms.CharField:
    return limit_text(forms.CharField(**kwargs), limit)


class IdMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Ids that are no whole number of a sane size ("²", "1e9", 30 digits) are invalid choices before they reach
    the database, which would otherwise fail on them (an integer out of range is an error, not "no row")."""

    def _check_values(self, value):
        for pk in value:
            text = str(pk)
            if not (text.isascii() and text.isdecimal() and len(text) <= 18):
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": pk}
                )
        return super()._check_values(value)


class FormKeyField(forms.UUIDField):
    """The hidden one-time key of a form, made when the form is drawn. A missing or mangled key gets a new
    one instead of an error the user could not fix (they cannot see or edit a hidden field)."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_python(self, value):
        try:
            return super().to_python(value) or uuid.uuid4()
        except forms.ValidationError:
            return uuid.uuid4()


class RequestForm(forms.ModelForm):
    """What a griffier asks for. `submission_key` makes a double submit create one request."""

    submission_key = FormKeyField()

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
        field_classes = {"workshops": IdMultipleChoiceField}
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
        limit_text(self.fields["training_need"], TRAINING_NEED_MAX)
        limit_text(self.fields["preferred_periods"], PREFERRED_PERIODS_MAX)
        limit_text(self.fields["location"], LOCATION_MAX)

    def clean_participants(self):
        participants = self.cleaned_data["participants"]
        if not 1 <= participants <= MAX_PARTICIPANTS:
            raise forms.ValidationError(
                _("Enter a number between 1 and %(max)s.") % {"max": MAX_PARTICIPANTS}, code="range"
            )
        return participants


class RequestPrefillForm(forms.Form):
    """`?workshop=<id>` from a catalogue page ticks that workshop in a new request; anything else is ignored."""

    workshop = IdMultipleChoiceField(queryset=Workshop.objects.none(), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["workshop"].queryset = Workshop.objects.published()

    def workshop_ids(self) -> list[str]:
        if not self.is_valid():
            return []
        return [str(workshop.pk) for workshop in self.cleaned_data["workshop"]]


class MessageForm(forms.Form):
    body = text_field(limit=MESSAGE_MAX, label=_("Your message"), widget=forms.Textarea(attrs={"rows": 4}))


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("New status"),
        error_messages={
            "required": _("Choose a status this request can move to."),
            "invalid_choice": _("Choose a status this request can move to."),
        },
    )
    note = text_field(
        limit=STATUS_NOTE_MAX,
        label=_("Note (for the history)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, workshop_request: WorkshopRequest, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(WorkshopRequest.Status.choices)
        self.fields["status"].choices = [
            (value, labels[value]) for value in workshop_request.allowed_transitions
        ]


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
    note = text_field(
        limit=PROPOSAL_NOTE_MAX,
        label=_("Note to the griffier"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class SessionForm(forms.Form):
    """One proposed session. The date and times are separate inputs so they work in every browser."""

    workshop = forms.ModelChoiceField(label=_("Workshop"), queryset=Workshop.objects.none())
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    start_time = forms.TimeField(label=_("Start time"), widget=forms.TimeInput(attrs={"type": "time"}))
    end_time = forms.TimeField(label=_("End time"), widget=forms.TimeInput(attrs={"type": "time"}))
    place = text_field(limit=PLACE_MAX, label=_("Place"))
    trainer = forms.ModelChoiceField(
        label=_("Trainer (consultant)"), queryset=Consultant.objects.none(), required=False
    )
    trainer_name = text_field(limit=TRAINER_NAME_MAX, label=_("Or another trainer"), required=False)

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
    """One participant's evaluation. `submission_key` is made when the form is drawn: posting the same form
    twice (a double click, a reload) finds the evaluation of the first post instead of adding a second."""

    submission_key = FormKeyField()
    rating = forms.TypedChoiceField(
        label=_("How useful was this session? (1 = not at all, 5 = very)"),
        choices=[(n, str(n)) for n in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect,
    )

    class Meta:
        model = Evaluation
        fields = ["rating", "comments"]
        widgets = {"comments": forms.Textarea(attrs={"rows": 4})}
        labels = {"comments": _("What should we keep or change?")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit_text(self.fields["comments"], COMMENTS_MAX)
