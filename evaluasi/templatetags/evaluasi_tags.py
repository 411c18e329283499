"""Template filters of the evaluation pages."""

from django import template

from evaluasi.tampil import nilai_isian as _nilai_isian
from evaluasi.tampil import nilai_tampil

register = template.Library()


@register.filter
def ambil(mapping, key):
    """{{ dict|ambil:key }}: a dictionary lookup with a variable key (None when absent)."""
    try:
        return mapping.get(key)
    except AttributeError:
        return None


@register.filter
def nilai(value, kosong="–"):
    """{{ jawaban.level|nilai }}: an indicator's value as people read it — a whole level as
    "3", a fraction with two decimals and a comma ("1,17"); None or 0 as `kosong`."""
    return nilai_tampil(value, kosong)


@register.filter
def nilai_isian(value):
    """{{ form.level.value|nilai_isian }}: a value put back into a form field, unrounded."""
    return _nilai_isian(value)
