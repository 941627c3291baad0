from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuickscanConfig(AppConfig):
    name = "quickscan"
    verbose_name = _("Quick Scan")

    def ready(self) -> None:
        # Register the tasks with Celery in every process (web and tests too), so job_run finds them by name.
        from . import tasks  # noqa: F401
