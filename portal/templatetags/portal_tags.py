"""Template tags of the core."""

from django import template

from ..registry import Panel

register = template.Library()


@register.simple_tag(takes_context=True)
def render_panel(context, panel: Panel) -> str:
    """Draw an app's block on a core page with the app's template, as `{% include %}` would."""
    panel_template = context.template.engine.get_template(panel.template)
    with context.push(**panel.context):
        return panel_template.render(context)
