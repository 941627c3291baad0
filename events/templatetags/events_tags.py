"""`{% fragment "name" %}...{% endfragment %}`: a part of a page served from `pagecache.Fragments` when the
view passed them as `fragments` (visitors) and still valid; drawn as usual otherwise."""

from django import template
from django.utils.safestring import mark_safe

register = template.Library()


class FragmentNode(template.Node):
    def __init__(self, name: str, nodelist: template.NodeList) -> None:
        self.name = name
        self.nodelist = nodelist

    def render(self, context) -> str:
        fragments = context.get("fragments")
        if not fragments:
            return self.nodelist.render(context)
        html = fragments.get(self.name)
        if html is None:
            html = self.nodelist.render(context)
            fragments.store(self.name, str(html))
        return mark_safe(html)  # noqa: S308 (our own template output, stored as rendered)


@register.tag("fragment")
def do_fragment(parser, token) -> FragmentNode:
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("{% fragment \"name\" %} takes one name")
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(bits[1].strip("\"'"), nodelist)
