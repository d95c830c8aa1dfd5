from crispy_forms.helper import FormHelper
from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .models import User


class SignupDetailsForm(forms.Form):
    """The fields the portal asks for on top of allauth's e-mail and password."""

    full_name = forms.CharField(label=_("Full name"), max_length=200)
    job_title = forms.CharField(label=_("Job title"), max_length=200, required=False)
    privacy_consent = forms.BooleanField(
        label=_("I have read the privacy notice and agree that the portal keeps my details."),
        error_messages={"required": _("You need to agree to the privacy notice to sign up.")},
    )

    field_order = ["full_name", "job_title", "email", "password1", "password2", "privacy_consent"]

    def clean_full_name(self):
        name = " ".join(self.cleaned_data["full_name"].split())
        if len(name) < 2:
            raise forms.ValidationError(_("Enter your full name."), code="too_short")
        return name

    def signup(self, request, user):
        """allauth calls this after the user is saved; the adapter has set the fields."""


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name", "job_title", "phone", "preferred_language"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_full_name(self):
        name = " ".join(self.cleaned_data["full_name"].split())
        if len(name) < 2:
            raise forms.ValidationError(_("Enter your full name."), code="too_short")
        return name

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        digits = phone.replace(" ", "").replace("-", "")
        if phone and not (digits.lstrip("+").isdigit() and 9 <= len(digits.lstrip("+")) <= 15):
            raise forms.ValidationError(
                _("Enter a phone number of digits, for example +254 712 345678."), code="invalid"
            )
        return phone


class LanguageForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    next = forms.CharField(required=False, widget=forms.HiddenInput)
