from django import forms
from django.core.validators import MaxLengthValidator
from django.forms.boundfield import BoundField
from django.forms.renderers import TemplatesSetting
from django.utils.translation import gettext_lazy as _

from .models import Function, GriffierRole, Municipality, User

WIDGET_CLASSES = {
    "checkbox": "utrecht-checkbox utrecht-checkbox--html-input",
    "radioselect": "utrecht-radio-button utrecht-radio-button--html-input",
    "checkboxselectmultiple": "utrecht-checkbox utrecht-checkbox--html-input",
    "select": "utrecht-select utrecht-select--html-select",
    "longselect": "utrecht-select utrecht-select--html-select",  # portal.widgets.LongSelect
    "selectmultiple": "utrecht-select utrecht-select--html-select",
    "textarea": "utrecht-textarea utrecht-textarea--html-textarea",
    "clearablefile": "utrecht-textbox utrecht-textbox--html-input",
    "file": "utrecht-textbox utrecht-textbox--html-input",
}


class PortalBoundField(BoundField):
    """Gives every widget its NL Design System class; Django adds aria-invalid and aria-describedby."""

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        widget_type = widget.__class__.__name__.lower().removesuffix("widget").removesuffix("input")
        css = WIDGET_CLASSES.get(widget_type, "utrecht-textbox utrecht-textbox--html-input")
        if self.errors:
            css += " " + css.split()[0] + "--invalid"
        attrs["class"] = f"{css} {attrs.get('class', '')}".strip()
        if widget_type in {"radioselect", "checkboxselectmultiple"}:
            # A required, unchecked radio matches :invalid and would be drawn red before anything is
            # answered; the server checks required choices and the label says "(required)".
            attrs.pop("required", None)
        return attrs


class PortalFormRenderer(TemplatesSetting):
    form_template_name = "forms/div.html"
    field_template_name = "forms/field.html"
    bound_field_class = PortalBoundField


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["first_name", "last_name", "function", "municipality"]
        labels = {"first_name": _("First name"), "last_name": _("Last name")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = Municipality.objects.current().only("pk", "name")
        self.fields["municipality"].help_text = _("The municipality you work for or live in.")
        self.fields["function"].choices = Function.choices


class GriffierRoleRequestForm(forms.ModelForm):
    MOTIVATION_MAX = 2000  # a few paragraphs; longer text is refused with Django's own (Dutch) message

    class Meta:
        model = GriffierRole
        fields = ["municipality", "motivation"]
        help_texts = {
            "motivation": _("For example your position at the griffie and a colleague who can confirm it."),
        }
        widgets = {"motivation": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = Municipality.objects.current().only("pk", "name")
        motivation = self.fields["motivation"]
        motivation.max_length = self.MOTIVATION_MAX
        motivation.validators.append(MaxLengthValidator(self.MOTIVATION_MAX))
        motivation.widget.attrs["maxlength"] = str(self.MOTIVATION_MAX)


class GriffierRoleDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("confirm", _("Confirm")), ("refuse", _("Refuse"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("Note to the applicant"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class MunicipalitySearchForm(forms.Form):
    q = forms.CharField(label=_("Search by name or CBS code"), required=False, max_length=100)


class AccountDeleteForm(forms.Form):
    """Deleting an account cannot be undone: ask for the password and an explicit yes."""

    password = forms.CharField(label=_("Your password"), widget=forms.PasswordInput, max_length=128)
    confirm = forms.BooleanField(
        label=_("I understand that my account and my personal data will be deleted, and that this cannot be undone.")
    )

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("This is not your current password."))
        return password
