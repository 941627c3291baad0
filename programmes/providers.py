"""What the programmes offer the core through `portal.registry`."""

from django.utils.translation import gettext_lazy as _

from portal.models import User
from portal.registry import NavLink, Panel

from .models import Programme, Theme

NAV = NavLink(_("Programmes"), "programmes:programme_list", "programmes")


def home_programmes_panel(*, user: User) -> list[Panel]:
    """The programmes and the themes they work on, at the top of the home page."""
    return [
        Panel(
            "programmes/_home_programmes.html",
            {"programmes": Programme.objects.published().prefetch_related("themes"), "themes": Theme.objects.all()},
        )
    ]
