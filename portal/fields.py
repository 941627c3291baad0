"""Model fields the apps share."""

from django.db import models


class HttpsURLField(models.URLField):
    """A web address; one typed without a scheme ("gemeente.nl/raad") is read as https (as Django 6 will)."""

    def formfield(self, **kwargs):
        kwargs.setdefault("assume_scheme", "https")
        return super().formfield(**kwargs)
