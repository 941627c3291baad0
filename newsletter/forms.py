import datetime

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from programmes.models import Programme, Theme

from .services import CONSENT_TEXT

INTRO_MAX = 3000
TEXT_MAX = 3000


def _too_long(limit: int) -> str:
    return _("Keep it under %(limit)s characters.") % {"limit": f"{limit:,}".replace(",", ".")}


class NameChoiceField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj) -> str:
        return obj.name_i18n


class PreferencesForm(forms.Form):
    """What a subscriber wants: everything, or only what concerns some programmes or themes."""

    all_sections = forms.TypedChoiceField(
        label=_("What would you like to receive?"),
        choices=[("1", _("Everything in the newsletter")), ("0", _("Only news on the programmes and themes I choose"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
        initial="1",
    )
    programmes = NameChoiceField(label=_("Programmes"), queryset=Programme.objects.published(), required=False)
    themes = NameChoiceField(label=_("Themes"), queryset=Theme.objects.all(), required=False)
    language = forms.ChoiceField(label=_("Language of the newsletter"), choices=settings.LANGUAGES, widget=forms.RadioSelect, initial="nl")

    def clean(self):
        data = super().clean()
        if data.get("all_sections") is False and not (data.get("programmes") or data.get("themes")):
            raise forms.ValidationError(
                _("Choose at least one programme or theme, or choose to receive everything."), code="no_preferences"
            )
        return data


class SubscribeForm(PreferencesForm):
    email = forms.EmailField(
        label=_("Email address"), max_length=254, error_messages={"max_length": _too_long(254)},
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    consent = forms.BooleanField(label=CONSENT_TEXT, required=True)

    field_order = ["email", "all_sections", "programmes", "themes", "language", "consent"]


class EditionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, error_messages={"max_length": _too_long(200)})
    title_en = forms.CharField(label=_("Title (English)"), max_length=200, required=False, error_messages={"max_length": _too_long(200)})
    intro = forms.CharField(
        label=_("Introduction"), max_length=INTRO_MAX, required=False, widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"max_length": _too_long(INTRO_MAX)},
    )
    intro_en = forms.CharField(
        label=_("Introduction (English)"), max_length=INTRO_MAX, required=False, widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"max_length": _too_long(INTRO_MAX)},
    )


class TextBlockForm(forms.Form):
    use_required_attribute = False  # a required, still empty textarea would be drawn as an error on arrival
    title = forms.CharField(label=_("Heading"), max_length=200, error_messages={"max_length": _too_long(200)})
    text = forms.CharField(
        label=_("Text"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 4}), error_messages={"max_length": _too_long(TEXT_MAX)}
    )
    title_en = forms.CharField(label=_("Heading (English)"), max_length=200, required=False, error_messages={"max_length": _too_long(200)})
    text_en = forms.CharField(
        label=_("Text (English)"), max_length=TEXT_MAX, required=False, widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": _too_long(TEXT_MAX)},
    )


class ItemsForm(forms.Form):
    keys = forms.MultipleChoiceField(label=_("Add to this edition"), widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["keys"].choices = [(item.key, self._label(item)) for item in candidates]

    @staticmethod
    def _label(item) -> str:
        """Kind, title, and in brackets the date (published, or when an event starts) and any detail."""
        details = [date_format(timezone.localtime(item.when), "j F Y")] if item.when else []
        details += [item.detail] if item.detail else []
        return f"{item.kind_label}: {item.title}" + (f" ({', '.join(details)})" if details else "")


class SendForm(forms.Form):
    when = forms.ChoiceField(
        label=_("When"), choices=[("now", _("Send now")), ("later", _("Send at a set moment"))], widget=forms.RadioSelect, initial="now"
    )
    at = forms.DateTimeField(
        label=_("Date and time"), required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d-%m-%Y %H:%M"],
    )

    def clean(self):
        data = super().clean()
        if data.get("when") == "later":
            at = data.get("at")
            if at is None:
                self.add_error("at", _("Give the date and time to send at."))
            elif at <= timezone.now():
                self.add_error("at", _("Choose a moment in the future, or send now."))
            elif at > timezone.now() + datetime.timedelta(days=366):
                self.add_error("at", _("Choose a moment within a year from now."))
        else:
            data["at"] = None
        return data
