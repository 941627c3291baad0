import datetime

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_prose_editor.widgets import AdminProseEditorWidget, prose_editor_admin_media, prose_editor_js
from js_asset import Media, Script

from programmes.models import Theme
from quickscan.advice import ScanThemesField

from .attachments import (
    ERROR_EMPTY,
    ERROR_TOO_LARGE,
    ERROR_WRONG_TYPE,
    MAX_ATTACHMENT_BYTES,
    detect_type,
    read_head,
)
from .models import BODY_MAX, SUMMARY_MAX, Experience, Publication
from .sanitize import clean_html
from .services import RESERVED_SLUGS

TEXT_MAX = 4000


def _length_message(limit: int) -> str:
    return _("Keep it under %(limit)s characters.") % {"limit": f"{limit:,}".replace(",", ".")}


class ThemeChoiceField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj) -> str:
        return obj.name_i18n


def _long_text(label, help_text) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": TEXT_MAX}),
        error_messages={"max_length": _length_message(TEXT_MAX)},
    )


class ExperienceForm(forms.ModelForm):
    """A griffier or member shares what their municipality tried. `submission_key` makes a double submit
    create one experience."""

    use_required_attribute = False  # a required, still empty textarea would be drawn as an error on arrival
    submission_key = forms.UUIDField(widget=forms.HiddenInput)
    what = _long_text(_("What did you do?"), _("Describe what your municipality did, for whom and with whom."))
    why = _long_text(_("Why?"), _("What was the question or the problem you started from?"))
    result = _long_text(_("How did it go?"), _("What worked, what did not, and what came of it?"))
    lessons = _long_text(
        _("What can other municipalities learn from it?"), _("Tips for a municipality that wants to try the same.")
    )
    themes = ThemeChoiceField(label=_("Themes"), queryset=Theme.objects.all(), required=False)

    class Meta:
        model = Experience
        fields = ["municipality", "title", "what", "why", "result", "lessons", "themes", "contact_name", "contact_email"]
        help_texts = {
            "title": _("A short title, for example “Inwonerspanel bij de begroting”."),
            "contact_name": _("Who may other municipalities contact about it?"),
        }

    def __init__(self, *args, municipalities=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipalities
        self.fields["municipality"].empty_label = None
        for field in self.fields.values():
            if getattr(field, "max_length", None):
                field.error_messages["max_length"] = _length_message(field.max_length)


class PublishForm(forms.Form):
    publish_at = forms.DateTimeField(
        label=_("Publication date and time"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Leave empty to publish now. A moment in the future schedules the publication."),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d-%m-%Y %H:%M"],
    )

    def clean_publish_at(self):
        value = self.cleaned_data["publish_at"]
        if value and value > timezone.now() + datetime.timedelta(days=366):
            raise forms.ValidationError(_("Choose a moment within a year from now."), code="too_far")
        if value and value < timezone.now():
            return None  # a moment in the past publishes now
        return value


class DeclineForm(forms.Form):
    note = forms.CharField(
        label=_("Explanation for the submitter"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 1000}),
        error_messages={"max_length": _length_message(1000)},
    )


class PrivateFileInput(forms.ClearableFileInput):
    """The admin's file input for a file that has no public URL: it names no link, but can be cleared."""

    template_name = "publications/widgets/private_file.html"

    def is_initial(self, value) -> bool:
        return bool(value)


class CspProseEditorWidget(AdminProseEditorWidget):
    """The rich-text editor without inline styles: our own preset module (static/js/publications-editor.js)
    and Tiptap's base styles as a stylesheet. The admin renders this media with the response's nonce."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.preset = "configurable"  # the data attribute our module reads; its script is ours

    @property
    def media(self):
        return prose_editor_admin_media + Media(
            css={"all": ["css/prose-editor-base.css"]},
            js=[prose_editor_js, Script("js/publications-editor.js", type="module")],
        )


class PublicationAdminForm(forms.ModelForm):
    """The editors' form in the admin: the body in the rich-text editor, the attachment checked by its bytes."""

    advice_scan_themes = ScanThemesField()

    class Meta:
        model = Publication
        fields = [
            "type", "title", "slug", "summary", "body", "authors", "programme", "themes", "municipality",
            "advice_scan_themes", "attachment", "title_en", "summary_en", "body_en",
        ]
        widgets = {"attachment": PrivateFileInput, "body": CspProseEditorWidget, "body_en": CspProseEditorWidget}

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if slug in RESERVED_SLUGS:
            raise forms.ValidationError(_("This web address is taken by a page of the library. Choose another."))
        return slug

    def clean_summary(self):
        summary = self.cleaned_data["summary"].strip()
        if len(summary) > SUMMARY_MAX:
            raise forms.ValidationError(_length_message(SUMMARY_MAX), code="max_length")
        return summary

    def clean_summary_en(self):
        summary = self.cleaned_data["summary_en"].strip()
        if len(summary) > SUMMARY_MAX:
            raise forms.ValidationError(_length_message(SUMMARY_MAX), code="max_length")
        return summary

    def _clean_body(self, name: str) -> str:
        body = clean_html(self.cleaned_data.get(name) or "")
        if len(body) > BODY_MAX:
            raise forms.ValidationError(_length_message(BODY_MAX), code="max_length")
        return body

    def clean_body(self):
        return self._clean_body("body")

    def clean_body_en(self):
        return self._clean_body("body_en")

    def clean_attachment(self):
        uploaded = self.cleaned_data.get("attachment")
        if not isinstance(uploaded, UploadedFile) or "attachment" not in self.changed_data:
            return uploaded
        if uploaded.size == 0:
            raise forms.ValidationError(ERROR_EMPTY, code="empty")
        if uploaded.size > MAX_ATTACHMENT_BYTES:
            raise forms.ValidationError(ERROR_TOO_LARGE, code="too_large")
        if detect_type(read_head(uploaded)) is None:
            raise forms.ValidationError(ERROR_WRONG_TYPE, code="wrong_type")
        return uploaded
