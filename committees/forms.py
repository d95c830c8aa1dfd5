"""Forms of the meeting pages. They check the input's shape; the services check the rules
again and decide."""

from crispy_forms.helper import FormHelper
from django import forms
from django.contrib.auth import get_user_model
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.forms import https_urls
from members.models import Organisation

from .models import ActionItem, Meeting
from .services import MEETING_FIELDS, SERIES_MAX_MONTHS

LOCAL_INPUT = "%Y-%m-%dT%H:%M"


def _helper():
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    return helper


class MeetingForm(forms.ModelForm):
    """Schedule or change a meeting. Times are typed in Nairobi time."""

    class Meta:
        model = Meeting
        formfield_callback = https_urls
        fields = list(MEETING_FIELDS)  # what the scheduling and editing services accept
        widgets = {
            "starts_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL_INPUT),
            "ends_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL_INPUT),
            "agenda": forms.Textarea(attrs={"rows": 6}),
        }
        help_texts = {
            "starts_at": _("Nairobi time."),
            "ends_at": _("Nairobi time."),
            "online_url": _("A video-call or webinar link. Give a venue, a link, or both."),
        }
        error_messages = {
            "capacity": {"min_value": _("Places cannot be below zero.")},
        }

    def __init__(self, *args, body=None, series=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.body = body
        self.fields["host"].queryset = Organisation.objects.active().order_by("name")
        self.fields["starts_at"].input_formats = [LOCAL_INPUT, "%Y-%m-%d %H:%M"]
        self.fields["ends_at"].input_formats = [LOCAL_INPUT, "%Y-%m-%d %H:%M"]
        self.fields["capacity"].widget.attrs["min"] = 0
        if body is None:
            self.fields["audience"].choices = [
                choice
                for choice in self.fields["audience"].choices
                if choice[0] != Meeting.Audience.BODY
            ]
        if series:
            self.fields["months"] = forms.IntegerField(
                label=_("Repeat monthly for"),
                required=False,
                min_value=1,
                max_value=SERIES_MAX_MONTHS,
                help_text=_(
                    "For a TWG meeting: the number of months, this one included (at most "
                    "%(max)d), on the same day and time each month. Leave empty for one meeting."
                )
                % {"max": SERIES_MAX_MONTHS},
                error_messages={
                    "min_value": _("Give 1 to %(max)d months.") % {"max": SERIES_MAX_MONTHS},
                    "max_value": _("Give 1 to %(max)d months.") % {"max": SERIES_MAX_MONTHS},
                },
            )
        self.helper = _helper()

    def clean_starts_at(self):
        starts_at = self.cleaned_data["starts_at"]
        if self.instance.pk is None and starts_at and starts_at <= timezone.now():
            raise forms.ValidationError(_("Choose a start in the future."), code="past")
        return starts_at

    def clean(self):
        cleaned = super().clean()
        starts_at, ends_at = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts_at and ends_at and ends_at <= starts_at:
            self.add_error("ends_at", _("The meeting must end after it starts."))
        if not cleaned.get("venue", "").strip() and not cleaned.get("online_url", "").strip():
            self.add_error("venue", _("Give a venue, an online link, or both."))
        months = cleaned.get("months") or 1
        if months > 1 and cleaned.get("kind") != Meeting.Kind.TWG:
            self.add_error("months", _("Only TWG meetings can repeat monthly."))
        return cleaned

    def _post_clean(self):
        # The service validates the model (with the convening body set); the form's own
        # model validation would run before the body is known.
        pass

    def service_arguments(self):
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class MeetingCancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Sent to everyone registered."),
        error_messages={"required": _("Give the reason for cancelling.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class MeetingRecordForm(forms.Form):
    """Attendance, minutes and recording of a meeting that took place."""

    attended = forms.MultipleChoiceField(
        label=_("Who attended"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    attendee_emails = forms.CharField(
        label=_("Other attendees"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "E-mail addresses of people with an account who came without registering, one a line."
        ),
    )
    minutes = forms.CharField(
        label=_("Minutes"), required=False, widget=forms.Textarea(attrs={"rows": 10})
    )
    recording_url = forms.URLField(label=_("Recording link"), required=False, assume_scheme="https")

    def __init__(self, *args, meeting, registrations, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "attended": [str(r.user_id) for r in registrations if r.attended],
                "minutes": meeting.minutes,
                "recording_url": meeting.recording_url,
            },
        )
        super().__init__(*args, **kwargs)
        self.fields["attended"].choices = [
            (
                str(r.user_id),
                f"{r.user.full_name or r.user.email} ({r.get_status_display().lower()})",
            )
            for r in registrations
        ]
        if not meeting.is_recorded:
            del self.fields["recording_url"]
        self.helper = _helper()

    def clean_attendee_emails(self):
        emails = [line.strip() for line in self.cleaned_data["attendee_emails"].split()]
        emails = [email for email in emails if email]
        for email in emails:
            try:
                validate_email(email)
            except forms.ValidationError:
                raise forms.ValidationError(
                    _("%(email)s is not an e-mail address.") % {"email": email}, code="invalid"
                ) from None
        return emails


class ResolutionForm(forms.Form):
    text = forms.CharField(
        label=_("Resolution"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Write the resolution.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class ActionItemForm(forms.Form):
    title = forms.CharField(
        label=_("Action"), max_length=300, error_messages={"required": _("Name the action.")}
    )
    owner_email = forms.EmailField(
        label=_("Owner (a person)"),
        required=False,
        help_text=_("The e-mail address of a person with an account."),
    )
    owner_organisation = forms.ModelChoiceField(
        label=_("Owner (an organisation)"),
        queryset=Organisation.objects.none(),
        required=False,
        help_text=_("Or an organisation: its focal persons answer for it."),
    )
    due_on = forms.DateField(
        label=_("Due"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": _("Give the due date.")},
    )
    resolution = forms.ModelChoiceField(
        label=_("From the resolution"), queryset=None, required=False
    )

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_organisation"].queryset = Organisation.objects.active().order_by("name")
        self.fields["resolution"].queryset = meeting.resolutions.all()
        self.fields["resolution"].label_from_instance = lambda resolution: resolution.text[:100]
        self.helper = _helper()

    def clean(self):
        cleaned = super().clean()
        email = cleaned.get("owner_email")
        organisation = cleaned.get("owner_organisation")
        if "owner_email" in self.errors:
            return cleaned
        if bool(email) == bool(organisation):
            raise forms.ValidationError(
                _("Give the action one owner: a person or an organisation."), code="owner"
            )
        if email:
            owner = get_user_model().objects.filter(email__iexact=email).first()
            if owner is None:
                self.add_error("owner_email", _("No account uses this address."))
            cleaned["owner_user"] = owner
        return cleaned

    def service_arguments(self):
        return {
            "title": self.cleaned_data["title"],
            "due_on": self.cleaned_data["due_on"],
            "owner_user": self.cleaned_data.get("owner_user"),
            "owner_organisation": self.cleaned_data.get("owner_organisation"),
            "resolution": self.cleaned_data.get("resolution"),
        }


class ActionNoteForm(forms.Form):
    text = forms.CharField(
        label=_("Progress"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write what has been done.")},
    )
    status = forms.ChoiceField(label=_("Status"), choices=ActionItem.Status.choices)

    def __init__(self, *args, action, **kwargs):
        kwargs.setdefault("initial", {"status": action.status})
        super().__init__(*args, **kwargs)
        # The status it has, or one it may move to (the model's transition table).
        self.fields["status"].choices = [
            (value, label)
            for value, label in ActionItem.Status.choices
            if value == action.status or action.can_transition(value)
        ]
        self.helper = _helper()


class ActionFilterForm(forms.Form):
    """Filters of the coordinator's overview of action items."""

    WHOLE_COP = "cop"

    body = forms.ChoiceField(label=_("Body"), required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", _("Open and in progress")),
            (ActionItem.Status.OPEN, ActionItem.Status.OPEN.label),
            (ActionItem.Status.IN_PROGRESS, ActionItem.Status.IN_PROGRESS.label),
        ],
    )

    def __init__(self, *args, bodies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].choices = [
            ("", _("Every body")),
            (self.WHOLE_COP, _("The whole CoP")),
            *[(body.slug, body.name) for body in bodies],
        ]
