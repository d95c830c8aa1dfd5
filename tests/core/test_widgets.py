import re

from django import forms

from core.widgets import QuickSelect

CHOICES = [("", "Any"), ("x", "X & <y> \"'"), ("Group", [("1", "one"), ("2", "two")])]


class PlainForm(forms.Form):
    choice = forms.ChoiceField(choices=CHOICES, required=False)


class QuickForm(forms.Form):
    choice = forms.ChoiceField(choices=CHOICES, required=False, widget=QuickSelect)


def squeeze(html):
    return re.sub(r">\s+<", "><", str(html)).strip()


def test_quick_select_writes_the_same_html_as_django():
    for data in ({}, {"choice": "2"}, {"choice": "x"}, {"choice": "nonsense"}):
        assert squeeze(QuickForm(data)["choice"]) == squeeze(PlainForm(data)["choice"])


def test_quick_select_keeps_the_bound_field_attributes():
    class Required(forms.Form):
        choice = forms.ChoiceField(choices=CHOICES, widget=QuickSelect(attrs={"class": "a"}))

    html = str(Required({})["choice"])
    assert html.startswith('<select name="choice" class="a" required aria-invalid="true"')
    assert 'id="id_choice"' in html
