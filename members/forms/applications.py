"""Forms of applying for membership: the application with its contacts, programmes and
documents, its submission, the nominating member's answer, and member-initiated
nominations."""

import datetime

from django import forms
from django.conf import settings
from django.forms import inlineformset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import files

from ..models import (
    ApplicationContact,
    ApplicationDocument,
    ApplicationProgramme,
    County,
    MembershipApplication,
    Organisation,
    Pillar,
)
from . import https_urls

App = MembershipApplication
TEMPORARY_MAX_DAYS = 366


class StartApplicationForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What are you applying for?"),
        choices=App.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the kind of membership.")},
    )


class ApplicationForm(forms.ModelForm):
    """The applicant's details. Every field may stay empty in a draft; what submission needs
    is checked by ``services.application_missing``. Formats are checked at every save."""

    FIELDS_BY_KIND = {
        App.Kind.INSTITUTIONAL: App.ORGANISATION_FIELDS,
        App.Kind.INDIVIDUAL: ["justification"],
        App.Kind.TEMPORARY: ["objective", "starts_on", "ends_on"],
    }

    class Meta:
        model = App
        formfield_callback = https_urls
        fields = [
            *App.ORGANISATION_FIELDS,
            *App.EXEMPTION_FIELDS,
            "fit_statement",
            "nominating_organisation",
        ]
        widgets = {
            "pillars": forms.CheckboxSelectMultiple,
            "counties": forms.CheckboxSelectMultiple,
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 4}),
            "justification": forms.Textarea(attrs={"rows": 4}),
            "objective": forms.Textarea(attrs={"rows": 3}),
            "fit_statement": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        kind = self.instance.kind
        keep = set(self.FIELDS_BY_KIND[kind]) | {"fit_statement", "nominating_organisation"}
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]
        if "pillars" in self.fields:
            self.fields["pillars"].queryset = Pillar.objects.all()
        if "counties" in self.fields:
            self.fields["counties"].queryset = County.objects.all()
        nominator = self.fields["nominating_organisation"]
        nominator.queryset = Organisation.objects.active().only("name", "acronym")
        nominator.empty_label = _("Choose a member organisation")
        if kind != App.Kind.INSTITUTIONAL:
            nominator.help_text = _(
                "Optional for a person: without a nominating member, the Oversight Committee "
                "decides whether to waive the nomination."
            )
        if self._nomination_is_settled():
            # The endorsement (or waiver) was given to this applicant under this name.
            for name in ("nominating_organisation", "organisation_name", "category"):
                if name in self.fields:
                    self.fields[name].disabled = True
            nominator.help_text = _("Your nomination is settled and cannot be changed.")
            if "organisation_name" in self.fields:
                self.fields["organisation_name"].help_text = _(
                    "The nomination was given under this name; it cannot be changed."
                )

    def _nomination_is_settled(self):
        nomination = getattr(self.instance, "nomination", None) if self.instance.pk else None
        return nomination is not None and nomination.counts

    def clean_organisation_name(self):
        return " ".join(self.cleaned_data["organisation_name"].split())

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts and ends:
            if ends < starts:
                self.add_error("ends_on", _("The end date must be after the start date."))
            elif (ends - starts).days > TEMPORARY_MAX_DAYS:
                self.add_error("ends_on", _("Temporary participation lasts at most one year."))
        if ends and ends < timezone.localdate():
            self.add_error("ends_on", _("The end date is in the past."))
        return cleaned


class ContactForm(forms.ModelForm):
    class Meta:
        model = ApplicationContact
        fields = ["full_name", "job_title", "email", "phone"]

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()


class BaseContactFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        seen = set()
        for form in self.forms:
            if not form.cleaned_data or form.cleaned_data.get("DELETE"):
                continue
            email = form.cleaned_data.get("email")
            if email in seen:
                form.add_error("email", _("This e-mail address is given twice."))
            seen.add(email)


ContactFormSet = inlineformset_factory(
    App,
    ApplicationContact,
    form=ContactForm,
    formset=BaseContactFormSet,
    extra=1,
    max_num=10,
    validate_max=True,
    can_delete=True,
)


class ProgrammeForm(forms.ModelForm):
    class Meta:
        model = ApplicationProgramme
        formfield_callback = https_urls
        fields = ["name", "pillar", "description", "start_year", "url"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def clean_start_year(self):
        year = self.cleaned_data.get("start_year")
        if year is not None and not (1963 <= year <= datetime.date.today().year + 1):
            raise forms.ValidationError(_("Give a year between 1963 and next year."))
        return year


ProgrammeFormSet = inlineformset_factory(
    App,
    ApplicationProgramme,
    form=ProgrammeForm,
    extra=1,
    max_num=20,
    validate_max=True,
    can_delete=True,
)


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of document"), choices=ApplicationDocument.Kind.choices)
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, PNG or JPEG, up to %(size)d MB.")
        % {"size": settings.APPLICATION_DOCUMENT_MAX_SIZE // (1024 * 1024)},
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg"}),
        error_messages={"required": _("Choose a file to upload.")},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        self.cleaned_data["content_type"] = files.check_upload(
            upload,
            allowed=files.APPLICATION_DOCUMENT_EXTENSIONS,
            max_bytes=settings.APPLICATION_DOCUMENT_MAX_SIZE,
        ).content_type
        return upload


class SubmitForm(forms.Form):
    answer = forms.CharField(
        label=_("Your answer to the committee's question"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )

    def __init__(self, *args, needs_answer=False, **kwargs):
        super().__init__(*args, **kwargs)
        if needs_answer:
            self.fields["answer"].required = True
            self.fields["answer"].error_messages["required"] = _(
                "Answer the committee's question before resubmitting."
            )
        else:
            del self.fields["answer"]


class NominationResponseForm(forms.Form):
    ENDORSE, DECLINE = "endorse", "decline"
    response = forms.ChoiceField(
        label=_("Your answer"),
        choices=[(ENDORSE, _("Endorse this application")), (DECLINE, _("Decline to nominate"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether you endorse the application.")},
    )
    comment = forms.CharField(
        label=_("Comment"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Required if you decline: the applicant will read it."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("response") == self.DECLINE and not cleaned.get("comment", "").strip():
            self.add_error("comment", _("Say why you decline the nomination."))
        return cleaned


class NominateOrganisationForm(forms.Form):
    organisation_name = forms.CharField(label=_("Organisation name"), max_length=200)
    category = forms.ChoiceField(
        label=_("Category"), choices=[("", "---------"), *Organisation.Category.choices]
    )
    contact_name = forms.CharField(label=_("Contact person's full name"), max_length=150)
    contact_email = forms.EmailField(label=_("Contact person's e-mail"))
    note = forms.CharField(
        label=_("Why you nominate them"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The reviewers and the organisation will read this."),
    )

    def clean_organisation_name(self):
        name = " ".join(self.cleaned_data["organisation_name"].split())
        if Organisation.objects.active().filter(name__iexact=name).exists():
            raise forms.ValidationError(_("This organisation is already a member."))
        return name
