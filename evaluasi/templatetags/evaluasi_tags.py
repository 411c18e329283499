"""Template filters of the evaluation pages."""

from django import template

register = template.Library()


@register.filter
def ambil(mapping, key):
    """{{ dict|ambil:key }}: a dictionary lookup with a variable key (None when absent)."""
    try:
        return mapping.get(key)
    except AttributeError:
        return None
