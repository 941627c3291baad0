
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from portal.models import Municipality

from .models import (
    MAX_OWN_QUESTIONS,
    PRIORITY_PICKS,
    Action,
    OwnQuestion,
    Questionnaire,
    QuestionnaireTheme,
    Scan,
)
from .pages import AnswerPage, answer_pages, priority_themes
from .uploads import parse_addresses, read_upload

__all__ = ["AnswerPage", "answer_pages"]  # importable from here too (older callers)

MAX_PASTED_CHARS = 200_000
DONT_KNOW = "0"
SCALE_CHOICES = [
    ("1", _("Strongly disagree")),
    ("2", _("Disagree")),
    ("3", _("Neither agree nor disagree")),
    ("4", _("Agree")),
    ("5", _("Strongly agree")),
    (DONT_KNOW, _("Don't know / not applicable")),
]
GROUP_HINT = _(
    "The gemeentesecretaris and griffie staff answer as ambtenaar, the burgemeester as college, "
    "commissieleden and fractievolgers as raad."
)


class TextField(forms.CharField):
    """Free text whose length limit the form checks, with a message that keeps what was typed.

    No `maxlength` attribute: with it the browser cuts pasted text off without a word.
    """

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.pop("maxlength", None)
        return attrs


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class AgreementForm(forms.Form):
    accept = forms.BooleanField(
        label=_("I accept the data processing terms on behalf of my municipality"), required=True
    )


class ScanSettingsForm(forms.Form):
    name = TextField(label=_("Name of the scan"), max_length=150)
    opens_on = forms.DateField(label=_("Opens on"), widget=DateInput())
    closes_on = forms.DateField(label=_("Closes on"), widget=DateInput())
    open_link_cap = forms.IntegerField(
        label=_("Open link for residents: maximum number of responses"),
        min_value=0,
        max_value=100_000,
        initial=0,
        required=False,
        help_text=_(
            "Leave at 0 for no open link. Only for questionnaires with the group residents (inwoners)."
        ),
    )

    def clean_open_link_cap(self) -> int:
        return self.cleaned_data.get("open_link_cap") or 0


class ScanCreateForm(ScanSettingsForm):
    municipality = forms.ModelChoiceField(label=_("Municipality"), queryset=Municipality.objects.none())
    questionnaire = forms.ModelChoiceField(label=_("Questionnaire"), queryset=Questionnaire.objects.none())

    field_order = ["municipality", "questionnaire", "name", "opens_on", "closes_on", "open_link_cap"]

    def __init__(self, *args, municipalities, questionnaires, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipalities
        self.fields["questionnaire"].queryset = questionnaires
        if len(municipalities) == 1:
            self.fields["municipality"].initial = municipalities[0].pk
            self.fields["municipality"].widget = forms.HiddenInput()


class ConfirmForm(forms.Form):
    """The confirmation of a step that cannot be undone; the page before it says what will happen."""

    confirm = forms.BooleanField(widget=forms.HiddenInput, initial=True)


class OwnQuestionsForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for number in range(1, MAX_OWN_QUESTIONS + 1):
            self.fields[f"text_{number}"] = TextField(
                label=_("Question %(number)s") % {"number": number}, max_length=400, required=False
            )
            self.fields[f"kind_{number}"] = forms.ChoiceField(
                label=_("Kind of question %(number)s") % {"number": number},
                choices=OwnQuestion.Kind.choices,
                initial=OwnQuestion.Kind.SCALE,
            )

    @classmethod
    def initial_for(cls, scan: Scan) -> dict:
        initial = {}
        for number, question in enumerate(scan.own_questions.all(), start=1):
            initial[f"text_{number}"], initial[f"kind_{number}"] = question.text, question.kind
        return initial

    def questions(self) -> list[tuple[str, str]]:
        return [
            (self.cleaned_data[f"text_{n}"], self.cleaned_data[f"kind_{n}"])
            for n in range(1, MAX_OWN_QUESTIONS + 1)
        ]


class RespondentsForm(forms.Form):
    group = forms.ChoiceField(label=_("Respondent group"), help_text=GROUP_HINT)
    addresses = TextField(
        label=_("Email addresses"),
        required=False,
        max_length=MAX_PASTED_CHARS,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("One address per line, or separated by commas. Addresses already invited are merged."),
    )
    file = forms.FileField(
        label=_("Or upload a file (CSV, text or Excel)"),
        required=False,
        help_text=_("A column with email addresses; other columns (such as names) are ignored."),
    )

    def __init__(self, *args, scan: Scan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].choices = scan.questionnaire.group_choices()

    def clean_file(self) -> str:
        upload = self.cleaned_data.get("file")
        return read_upload(upload) if upload else ""

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        text = "\n".join(
            part for part in (cleaned.get("addresses", ""), cleaned.get("file", "")) if part.strip()
        )
        emails, errors = parse_addresses(text)
        if errors:
            # Keep everything: what was pasted plus the file's lines come back in the box to correct.
            self.data = self.data.copy()
            self.data["addresses"] = text
            raise ValidationError(errors)
        if not emails:
            raise ValidationError(_("Paste at least one email address or upload a file."))
        cleaned["emails"] = emails
        return cleaned


class ExtendForm(forms.Form):
    closes_on = forms.DateField(label=_("New closing date"), widget=DateInput())


class ActionForm(forms.ModelForm):
    class Meta:
        model = Action
        fields = ["theme", "action", "owner", "due_on", "status"]
        widgets = {"due_on": DateInput()}
        field_classes = {"action": TextField, "owner": TextField}

    def __init__(self, *args, scan: Scan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = QuestionnaireTheme.objects.filter(
            questionnaire_id=scan.questionnaire_id
        )


# Answering: one form per page of the questionnaire (see quickscan.pages).


class AnswerPageForm(forms.Form):
    """The fields of one page; `initial` comes from what the respondent saved before."""

    def __init__(self, *args, page: AnswerPage, scan: Scan, **kwargs):
        super().__init__(*args, **kwargs)
        self.page = page
        for statement in page.statements:
            self.fields[f"s{statement.pk}"] = forms.ChoiceField(
                label=statement.text_i18n, choices=SCALE_CHOICES, widget=forms.RadioSelect
            )
        if page.theme and page.theme.open_question:
            self.fields[f"t{page.theme.pk}"] = TextField(
                label=page.theme.open_question_i18n,
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 4}),
            )
        for question in page.own_questions:
            if question.kind == OwnQuestion.Kind.SCALE:
                self.fields[f"o{question.pk}"] = forms.ChoiceField(
                    label=question.text, choices=SCALE_CHOICES, widget=forms.RadioSelect
                )
            else:
                self.fields[f"o{question.pk}"] = TextField(
                    label=question.text,
                    required=False,
                    max_length=2000,
                    widget=forms.Textarea(attrs={"rows": 4}),
                )
        if page.kind == "priority":
            self.themes = {str(theme.pk): theme for theme in priority_themes(scan)}
            self.fields["priorities"] = forms.MultipleChoiceField(
                label=scan.questionnaire.priority_question_i18n,
                choices=[(pk, t.name_i18n) for pk, t in self.themes.items()],
                widget=forms.CheckboxSelectMultiple,
            )

    def clean_priorities(self) -> list[QuestionnaireTheme]:
        chosen = self.cleaned_data["priorities"]
        wanted = min(PRIORITY_PICKS, len(self.themes))
        if len(chosen) != wanted:
            raise ValidationError(_("Choose exactly %(count)s themes.") % {"count": wanted})
        return [self.themes[pk] for pk in chosen]

    def answers(self) -> dict:
        """The page's answers in the shape `services.response_page_save` takes."""
        values, texts = {}, {}
        for statement in self.page.statements:
            value = self.cleaned_data[f"s{statement.pk}"]
            values[statement] = None if value == DONT_KNOW else int(value)
        if f"t{self.page.theme.pk if self.page.theme else 0}" in self.fields:
            texts[self.page.theme] = self.cleaned_data[f"t{self.page.theme.pk}"]
        for question in self.page.own_questions:
            value = self.cleaned_data[f"o{question.pk}"]
            if question.kind == OwnQuestion.Kind.SCALE:
                values[question] = None if value == DONT_KNOW else int(value)
            else:
                texts[question] = value
        priorities = self.cleaned_data.get("priorities") if self.page.kind == "priority" else None
        return {"values": values, "texts": texts, "priorities": priorities}
