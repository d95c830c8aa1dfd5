from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import WorkingGroup

MOTIVATION_MAX_LENGTH = 2000


class JoinForm(forms.Form):
    motivation = forms.CharField(
        label=_("What you would bring (optional)"),
        required=False,
        max_length=MOTIVATION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("A few words for the lead about your work on the topic."),
    )


class DeclineForm(forms.Form):
    note = forms.CharField(
        label=_("Why you decline"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Sent to the person who asked."),
        error_messages={"required": _("Say why you decline the request.")},
    )


class DecisionForm(forms.Form):
    status = forms.ChoiceField(
        label=_("New status"),
        choices=[
            (WorkingGroup.Status.ESTABLISHED, WorkingGroup.Status.ESTABLISHED.label),
            (WorkingGroup.Status.TERMINATED, WorkingGroup.Status.TERMINATED.label),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the new status.")},
    )
    decided_on = forms.DateField(
        label=_("Decided on"),
        initial=timezone.localdate,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Give the date of the decision."),
            "invalid": _("Give the date as YYYY-MM-DD."),
        },
    )
    relevance = forms.CharField(
        label=_("Relevance to the sector"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Give the reason about relevance to the sector.")},
    )
    alignment = forms.CharField(
        label=_("Alignment with the sector's frameworks"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Give the reason about alignment with the frameworks.")},
    )
    stakeholder_interest = forms.CharField(
        label=_("Stakeholder interest"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Give the reason about stakeholder interest.")},
    )

    def clean_decided_on(self):
        decided_on = self.cleaned_data["decided_on"]
        if decided_on > timezone.localdate():
            raise forms.ValidationError(
                _("A decision is recorded once taken: give today or an earlier date."),
                code="future_date",
            )
        return decided_on
