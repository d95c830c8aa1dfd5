from django import forms
from django.utils.translation import gettext_lazy as _


class CloseAccountForm(forms.Form):
    """Closing an account asks the person to prove it is them again and to say they
    understand that it cannot be undone."""

    password = forms.CharField(
        label=_("Your password"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    code = forms.CharField(
        label=_("Or a code from your authenticator app"),
        required=False,
        max_length=12,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )
    understood = forms.BooleanField(
        label=_("I understand that closing my account cannot be undone."),
        error_messages={"required": _("Tick the box to confirm. Your account is still open.")},
    )

    def __init__(self, *args, has_totp=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not has_totp:
            del self.fields["code"]

    def clean(self):
        data = super().clean()
        if not data.get("password") and not data.get("code"):
            raise forms.ValidationError(
                _("Enter your password to confirm. Your account is still open."), code="reauth"
            )
        return data
