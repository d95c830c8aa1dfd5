from django import forms
from django.utils.translation import gettext_lazy as _


class SubscribeForm(forms.Form):
    email = forms.EmailField(
        label=_("Your e-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("We send a link to this address: the bulletin starts once you follow it."),
    )


class PreferenceForm(forms.Form):
    subscribed = forms.TypedChoiceField(
        choices=[("1", _("Receive the bulletin")), ("0", _("Do not receive the bulletin"))],
        coerce=lambda value: value == "1",
    )
