"""LongSelect draws the same markup as Django's Select with the portal's templates, without a template per option."""

import pytest
from django import forms

from portal.models import Municipality
from portal.widgets import LongSelect

pytestmark = pytest.mark.django_db


class _Form(forms.Form):
    municipality = forms.ModelChoiceField(Municipality.objects.order_by("name"), empty_label="Alle gemeenten")
    kind = forms.ChoiceField(choices=[("a", "A & <b>"), ("b", "B")], required=False)


def _both(data: dict | None) -> tuple[str, str]:
    drawn = []
    for widget in (forms.Select, LongSelect):
        form = _Form(data)
        for field in form.fields.values():
            field.widget = widget(choices=field.choices)
        drawn.append(str(form))
    return drawn[0], drawn[1]


@pytest.mark.parametrize("data", [None, {"municipality": "5", "kind": "a"}, {"municipality": "x"}])
def test_long_select_draws_what_django_draws(data):
    django_html, ours = _both(data)

    assert ours == django_html
    assert "utrecht-select" in ours


def test_the_chosen_municipality_is_selected_and_labels_are_escaped():
    municipality = Municipality.objects.order_by("name")[3]
    _django_html, ours = _both({"municipality": str(municipality.pk), "kind": "a"})

    assert f'<option value="{municipality.pk}" selected>' in ours
    assert "A &amp; &lt;b&gt;" in ours
