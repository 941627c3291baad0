"""System checks: what a typo in a name would otherwise break only at run time."""

from django.conf import settings
from django.core.checks import Error, register


@register()
def beat_schedule_names_real_tasks(app_configs, **kwargs) -> list[Error]:
    """Celery beat names its tasks by string; each name must be a task the apps registered."""
    from celery import current_app

    known = set(current_app.tasks)
    return [
        Error(f"Periodic task {name!r} names {entry['task']!r}, which is not a registered task.", id="portal.E001")
        for name, entry in getattr(settings, "CELERY_BEAT_SCHEDULE", {}).items()
        if entry["task"] not in known
    ]
