"""Forms check the shape of what is sent; the rules about places, deadlines and target groups live in
`events.services`. Every free-text field has a length limit with a message."""

import datetime
from collections.abc import Sequence

from django import forms
from django.forms import inlineformset_factory
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext_lazy as _

from portal.models import Function, Municipality, Region
from portal.permissions import is_content_staff
from quickscan.advice import ScanThemesField

from .models import ANSWER_MAX, MESSAGE_MAX, NAME_MAX, Event, EventMessage, Question, Registration, Session

ERROR_UNKNOWN_MUNICIPALITY = _(
    "We could not find a municipality with that name. Check the spelling or choose it from the list."
)
ERROR_ENDS_BEFORE_START = _("The end must be after the start.")
ERROR_DEADLINE_AFTER_START = _("The registration deadline must be before the event starts.")
ERROR_OPENS_AFTER_DEADLINE = _("Registration must open before the deadline.")
ERROR_SESSION_OUTSIDE_EVENT = _("A break-out session must fall within the event's time.")
DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class RadioSelect(forms.RadioSelect):
    """Radio buttons where a full session cannot be picked (the server refuses it too). Named like Django's
    widget on purpose: the portal's form renderer styles widgets by their class name."""

    def __init__(self, *args, full: Sequence[str] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.full = set(full)

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        if str(value) in self.full:
            option["attrs"]["disabled"] = True
        return option


def session_slots(sessions: Sequence[Session]) -> list[list[Session]]:
    """Sessions grouped by their time slot, in time order."""
    slots: dict[tuple[datetime.datetime, datetime.datetime], list[Session]] = {}
    for session in sessions:
        slots.setdefault((session.starts_at, session.ends_at), []).append(session)
    return list(slots.values())


class RegistrationForm(forms.Form):
    """What a member sends with one click: answers to the event's questions and the break-out sessions."""

    def __init__(
        self, *args, questions: Sequence[Question] = (), sessions: Sequence[Session] = (),
        session_room: dict[int, int] | None = None, **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        self.sessions = {session.pk: session for session in sessions}
        room = session_room or {}
        for question in self.questions:
            name = f"question_{question.pk}"
            if question.kind == Question.Kind.CHOICE:
                self.fields[name] = forms.ChoiceField(
                    label=question.label_i18n,
                    required=question.required,
                    choices=[("", _("Choose…")), *question.choice_pairs],
                )
            else:
                self.fields[name] = forms.CharField(
                    label=question.label_i18n,
                    required=question.required,
                    max_length=ANSWER_MAX,
                    widget=forms.Textarea(attrs={"rows": 2}),
                )
        for number, slot in enumerate(session_slots(list(sessions)), start=1):
            first = slot[0]
            start, end = timezone.localtime(first.starts_at), timezone.localtime(first.ends_at)
            full = [str(s.pk) for s in slot if room.get(s.pk, 1) < 1]
            choices = [("", _("No break-out session"))] + [
                (str(s.pk), f"{s.title_i18n}" + (f" – {_('full')}" if str(s.pk) in full else "")) for s in slot
            ]
            self.fields[f"slot_{number}"] = forms.ChoiceField(
                label=_("Break-out session %(start)s–%(end)s")
                % {"start": time_format(start, "H:i"), "end": time_format(end, "H:i")},
                choices=choices,
                required=False,
                widget=RadioSelect(full=full),
            )

    def refresh_session_room(self, room: dict[int, int]) -> None:
        """Mark the sessions that are full now (when the form is shown again after an error)."""
        full = {str(pk) for pk, left in room.items() if left < 1}
        for name, field in self.fields.items():
            if name.startswith("slot_"):
                field.widget.full = full
                field.choices = [
                    (value, f"{self.sessions[int(value)].title_i18n} – {_('full')}" if value in full else label)
                    for value, label in field.choices
                ]

    def answers(self) -> dict[str, str]:
        answers = {}
        for question in self.questions:
            value = (self.cleaned_data.get(f"question_{question.pk}") or "").strip()
            if value:
                answers[str(question.pk)] = value
        return answers

    def chosen_sessions(self) -> list[Session]:
        chosen = []
        for name, value in self.cleaned_data.items():
            if name.startswith("slot_") and value:
                chosen.append(self.sessions[int(value)])
        return chosen


class VisitorRegistrationForm(RegistrationForm):
    """A visitor without an account: who they are, then the same questions as a member."""

    field_order = ["name", "email", "function", "municipality"]

    name = forms.CharField(
        label=_("Name"), max_length=NAME_MAX,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("Email address"), max_length=254, help_text=_("We send a link to confirm your registration."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    function = forms.ChoiceField(label=_("Function"), choices=[("", _("Choose…")), *Function.choices])
    municipality = forms.CharField(
        label=_("Municipality"),
        required=False,
        max_length=100,
        help_text=_("The municipality you work for or live in."),
        widget=forms.TextInput(attrs={"list": "municipality-names", "autocomplete": "off"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.order_fields(self.field_order)

    def clean_municipality(self) -> Municipality | None:
        text = self.cleaned_data["municipality"].strip()
        if not text:
            return None
        current = Municipality.objects.current()
        found = current.filter(name__iexact=text).first() or current.filter(aliases__icontains=text).first()
        if found is None:
            raise forms.ValidationError(ERROR_UNKNOWN_MUNICIPALITY, code="unknown_municipality")
        return found


class DateTimeField(forms.DateTimeField):
    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMAT)

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", [DATETIME_FORMAT, "%Y-%m-%d %H:%M", "%d-%m-%Y %H:%M"])
        super().__init__(**kwargs)


def join_link_field() -> forms.URLField:
    return forms.URLField(
        label=_("join link"), required=False, max_length=200, assume_scheme="https",
        help_text=_("Shown only to confirmed registrants, on their page and in their mails."),
    )


class EventForm(forms.ModelForm):
    advice_scan_themes = ScanThemesField()
    online_url = join_link_field()
    target_functions = forms.MultipleChoiceField(
        label=_("Only for"),
        choices=Function.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave empty when everyone may register; otherwise only these functions may."),
    )

    class Meta:
        model = Event
        fields = [
            "title", "title_en", "kind", "programme", "themes", "region", "municipality",
            "summary", "summary_en", "description", "description_en", "target_functions",
            "venue", "address", "is_online", "online_url", "includes_meal",
            "starts_at", "ends_at", "capacity", "registration_opens_at", "registration_closes_at",
            "claim_hours", "last_minute_hours", "advice_scan_themes",
        ]
        field_classes = {
            "starts_at": DateTimeField, "ends_at": DateTimeField,
            "registration_opens_at": DateTimeField, "registration_closes_at": DateTimeField,
        }
        widgets = {
            "themes": forms.CheckboxSelectMultiple,
            "summary": forms.Textarea(attrs={"rows": 3}),
            "summary_en": forms.Textarea(attrs={"rows": 3}),
            "description": forms.Textarea(attrs={"rows": 6}),
            "description_en": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = Municipality.objects.current().only("pk", "name")
        if not is_content_staff(user):  # consultants: only events in their own regions
            self.fields["region"].queryset = Region.objects.filter(pk__in=user.regions.values("pk"))
            self.fields["region"].required = True
            self.fields["region"].help_text = _("You can organise events in your own regions.")

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_at"), cleaned.get("ends_at")
        opens, closes = cleaned.get("registration_opens_at"), cleaned.get("registration_closes_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", ERROR_ENDS_BEFORE_START)
        if starts and closes and closes > starts:
            self.add_error("registration_closes_at", ERROR_DEADLINE_AFTER_START)
        if opens and closes and opens >= closes:
            self.add_error("registration_opens_at", ERROR_OPENS_AFTER_DEADLINE)
        return cleaned


class SessionForm(forms.ModelForm):
    class Meta:
        model = Session
        fields = ["title", "title_en", "summary", "summary_en", "room", "starts_at", "ends_at", "capacity", "order"]
        field_classes = {"starts_at": DateTimeField, "ends_at": DateTimeField}
        widgets = {"summary": forms.Textarea(attrs={"rows": 2}), "summary_en": forms.Textarea(attrs={"rows": 2})}

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", ERROR_ENDS_BEFORE_START)
        return cleaned


class QuestionForm(forms.ModelForm):
    class Meta:
        model = Question
        fields = ["label", "label_en", "kind", "choices", "choices_en", "required", "order"]
        widgets = {"choices": forms.Textarea(attrs={"rows": 3}), "choices_en": forms.Textarea(attrs={"rows": 3})}


SessionFormSet = inlineformset_factory(Event, Session, form=SessionForm, extra=1, can_delete=True)
QuestionFormSet = inlineformset_factory(Event, Question, form=QuestionForm, extra=1, can_delete=True)


class EventCancelForm(forms.Form):
    note = forms.CharField(
        label=_("Reason, for the registrants"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class MessageForm(forms.Form):
    audience = forms.ChoiceField(label=_("To"), choices=EventMessage.Audience.choices, widget=forms.RadioSelect)
    subject = forms.CharField(label=_("Subject"), max_length=150)
    body = forms.CharField(
        label=_("Message"), max_length=MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
    )


class CheckInSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search by name"), required=False, max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )


class StaffRegistrationFilterForm(forms.Form):
    """Filters of the staff registration list (kept simple: status, function and a name)."""

    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All statuses")), *Registration.Status.choices]
    )
    function = forms.ChoiceField(label=_("Function"), required=False, choices=[("", _("All functions")), *Function.choices])
    q = forms.CharField(label=_("Name or email"), required=False, max_length=100)
