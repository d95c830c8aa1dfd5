"""Forms of the public side of the members app: accepting the code of conduct."""

from django import forms
from django.utils.translation import gettext_lazy as _


class AcceptCodeForm(forms.Form):
    accept = forms.BooleanField(
        label=_("I have read the code of conduct and will follow it."),
        error_messages={"required": _("Tick the box to accept the code of conduct.")},
    )
    next = forms.CharField(required=False, widget=forms.HiddenInput)
