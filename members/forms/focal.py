"""Forms of the focal persons' pages (their organisation's profile, programmes and people)
and of invitation acceptance."""

from crispy_forms.helper import FormHelper
from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.core.files.uploadedfile import UploadedFile
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from core import files

from ..models import County, Organisation, Pillar, Programme, ReachFigure
from ..services.programmes import check_reach
from . import https_urls

EARLIEST_START_YEAR = 1900
EARLIEST_REACH_YEAR = 1963


def _helper():
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    return helper


def clean_phone_number(phone):
    phone = phone.strip()
    digits = phone.replace(" ", "").replace("-", "").lstrip("+")
    if phone and not (digits.isdigit() and 9 <= len(digits) <= 15):
        raise forms.ValidationError(
            _("Enter a phone number of digits, for example +254 712 345678."), code="invalid"
        )
    return phone


class OrganisationProfileForm(forms.ModelForm):
    """What a focal person may change of their organisation's profile."""

    NOT_PLAIN = {"pillars", "counties", "logo"}

    class Meta:
        model = Organisation
        formfield_callback = https_urls
        fields = [
            "acronym",
            "legal_status",
            "registration_number",
            "pillars",
            "national_coverage",
            "counties",
            "description",
            "website",
            "contact_email",
            "contact_phone",
            "logo",
        ]
        widgets = {
            "pillars": forms.CheckboxSelectMultiple,
            "counties": forms.SelectMultiple(attrs={"size": 8}),
            "description": forms.Textarea(attrs={"rows": 6}),
        }
        help_texts = {
            "counties": _("Hold Ctrl (or Cmd) to choose several. Leave empty if nationwide."),
            "contact_email": _("Shown to signed-in members."),
            "contact_phone": _("Shown to signed-in members."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pillars"].queryset = Pillar.objects.all()
        self.fields["counties"].queryset = County.objects.all()
        self.fields["logo"].help_text = _(
            "A PNG, JPEG or WebP image of at most %(size)s MB, shown on your public profile."
        ) % {"size": f"{settings.LOGO_MAX_SIZE / (1024 * 1024):g}"}
        self.fields["logo"].widget.attrs["accept"] = "image/png,image/jpeg,image/webp"
        self.helper = _helper()

    def clean_contact_phone(self):
        return clean_phone_number(self.cleaned_data["contact_phone"])

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if isinstance(logo, UploadedFile):
            files.check_upload(
                logo, allowed=files.IMAGE_EXTENSIONS, max_bytes=settings.LOGO_MAX_SIZE
            )
        return logo

    def service_arguments(self):
        """The keyword arguments of ``services.organisation_profile_update``."""
        data = self.cleaned_data
        logo = data.get("logo")
        return {
            "pillars": data["pillars"],
            "counties": data["counties"],
            "logo": logo if isinstance(logo, UploadedFile) else None,
            "remove_logo": logo is False,
            **{name: data[name] for name in self.Meta.fields if name not in self.NOT_PLAIN},
        }


class ProgrammeForm(forms.ModelForm):
    class Meta:
        model = Programme
        formfield_callback = https_urls
        fields = ["name", "pillar", "description", "counties", "start_year", "url"]
        widgets = {
            "counties": forms.SelectMultiple(attrs={"size": 8}),
            "description": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {"counties": _("Hold Ctrl (or Cmd) to choose several.")}

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.fields["pillar"].empty_label = _("Choose a pillar")
        self.helper = _helper()

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        taken = Programme.objects.filter(organisation=self.organisation, name__iexact=name)
        if self.instance.pk:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(
                _("Your organisation already has a programme called %(name)s.") % {"name": name},
                code="duplicate",
            )
        return name

    def service_arguments(self):
        """The cleaned data as ``services.programme_save`` takes it."""
        data = self.cleaned_data
        return {
            "counties": list(data["counties"]),
            **{name: data[name] for name in self.Meta.fields if name != "counties"},
        }

    def clean_start_year(self):
        year = self.cleaned_data["start_year"]
        this_year = timezone.localdate().year
        if year is not None and not EARLIEST_START_YEAR <= year <= this_year:
            raise forms.ValidationError(
                _("Enter a start year between %(first)s and %(last)s.")
                % {"first": EARLIEST_START_YEAR, "last": this_year},
                code="implausible",
            )
        return year


class ReachFigureForm(forms.ModelForm):
    class Meta:
        model = ReachFigure
        fields = ["year", "county", "unit", "reached", "source"]
        widgets = {"year": forms.NumberInput(attrs={"class": "input-year"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["county"].empty_label = _("National (all counties)")
        self.fields["county"].help_text = ""
        self.fields["reached"].min_value = 0
        self.fields["reached"].error_messages["min_value"] = _(
            "The number reached cannot be negative."
        )

    def clean_year(self):
        year = self.cleaned_data["year"]
        this_year = timezone.localdate().year
        if year is not None and not EARLIEST_REACH_YEAR <= year <= this_year:
            raise forms.ValidationError(
                _("Enter a year between %(first)s and %(last)s.")
                % {"first": EARLIEST_REACH_YEAR, "last": this_year},
                code="implausible",
            )
        return year

    def clean_source(self):
        return " ".join(self.cleaned_data["source"].split())

    def clean(self):
        data = super().clean()
        if data.get("year") is not None and data.get("reached") is not None:
            try:
                check_reach(year=data["year"], county=data.get("county"), reached=data["reached"])
            except forms.ValidationError as error:
                self.add_error("reached", error)
        return data


class BaseReachFormSet(BaseInlineFormSet):
    @cached_property
    def county_choices(self):
        """The county menu, read once for all the lines (not once per line)."""
        return [("", _("National (all counties)")), *County.objects.values_list("pk", "name")]

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        form.fields["county"].choices = self.county_choices
        return form

    def clean(self):
        """One figure per year, place and unit: the formset holds all of a programme's
        figures, so duplicates are found here, with a message naming them."""
        super().clean()
        seen = set()
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or not form.cleaned_data:
                continue
            if self.can_delete and self._should_delete_form(form):
                continue
            data = form.cleaned_data
            if data.get("year") is None:
                continue
            county = data.get("county")
            key = (data["year"], county.pk if county else None, data.get("unit"))
            if key in seen:
                raise forms.ValidationError(
                    _(
                        "There are two figures for %(year)s, %(where)s, in %(unit)s. "
                        "Keep one per year, place and unit."
                    )
                    % {
                        "year": data["year"],
                        "where": county.name if county else _("national"),
                        "unit": ReachFigure.Unit(data.get("unit")).label,
                    },
                    code="duplicate",
                )
            seen.add(key)

    def figure_changes(self):
        """The figures as ``services.programme_save`` takes them: each shown figure with its
        cleaned values (or to delete), and each new one filled in."""
        changes = []
        for form in self.forms:
            existing = form.instance.pk
            if not existing and (not form.has_changed() or self._should_delete_form(form)):
                continue
            data = form.cleaned_data
            if self.can_delete and self._should_delete_form(form):
                changes.append({"pk": existing, "delete": True})
                continue
            changes.append({"pk": existing, **{name: data.get(name) for name in form.Meta.fields}})
        return changes


ReachFormSet = inlineformset_factory(
    Programme,
    ReachFigure,
    form=ReachFigureForm,
    formset=BaseReachFormSet,
    extra=2,
    can_delete=True,
    max_num=200,
    validate_max=True,
)


class InviteColleagueForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    email = forms.EmailField(label=_("E-mail address"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()

    def clean_full_name(self):
        name = " ".join(self.cleaned_data["full_name"].split())
        if len(name) < 2:
            raise forms.ValidationError(_("Enter the colleague's full name."), code="too_short")
        return name


class InvitationSignupForm(forms.Form):
    """Create an account from an invitation: the address is the one invited."""

    full_name = forms.CharField(label=_("Full name"), max_length=200)
    job_title = forms.CharField(label=_("Job title"), max_length=200, required=False)
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Password (again)"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    privacy_consent = forms.BooleanField(
        label=_("I have read the privacy notice and agree that the portal keeps my details."),
        error_messages={"required": _("You need to agree to the privacy notice to sign up.")},
    )

    def __init__(self, *args, email, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email
        self.helper = _helper()

    def clean_full_name(self):
        name = " ".join(self.cleaned_data["full_name"].split())
        if len(name) < 2:
            raise forms.ValidationError(_("Enter your full name."), code="too_short")
        return name

    def clean(self):
        cleaned = super().clean()
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error(
                "password2",
                forms.ValidationError(_("The two passwords differ."), code="mismatch"),
            )
        elif password1:
            from django.contrib.auth import get_user_model

            user = get_user_model()(
                email=self.email, full_name=cleaned.get("full_name", ""), job_title=""
            )
            try:
                password_validation.validate_password(password1, user)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class AcceptInvitationForm(forms.Form):
    """The Accept button: no fields, the CSRF token is the point."""
