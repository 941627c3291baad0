"""Bilingual content stored in the database: a Dutch field plus an optional `<field>_en`."""

from django.utils.translation import get_language


class TranslatedField:
    """Reads `<field>_en` when English is active and it is filled in; Dutch otherwise.

    Usage on a model: ``name_i18n = TranslatedField("name")``; templates use ``{{ obj.name_i18n }}``.
    """

    def __init__(self, field: str) -> None:
        self.field = field

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        language = get_language() or ""
        if language.startswith("en"):
            english = getattr(instance, f"{self.field}_en", "")
            if english:
                return english
        return getattr(instance, self.field)
