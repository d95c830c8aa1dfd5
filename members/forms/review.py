"""Forms of the reviewers' page: a recommendation, a decision, a waived nomination."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Recommendation


class RecommendationForm(forms.ModelForm):
    class Meta:
        model = Recommendation
        fields = ["alignment", "value_added", "credibility", "scope", "verdict", "reason"]
        widgets = {
            "alignment": forms.RadioSelect,
            "value_added": forms.RadioSelect,
            "credibility": forms.RadioSelect,
            "scope": forms.RadioSelect,
            "verdict": forms.RadioSelect,
            "reason": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        # Several forms share the review page: distinct ids keep labels pointing right.
        kwargs.setdefault("auto_id", "id_recommend_%s")
        super().__init__(*args, **kwargs)
        for name in ("alignment", "value_added", "credibility", "scope", "verdict"):
            # Radio buttons need no empty "---------" choice.
            field = self.fields[name]
            field.choices = [choice for choice in field.choices if choice[0]]


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a decision.")},
    )
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Sent to the applicant. For more information, write the question."),
        error_messages={"required": _("Give the reason for the decision.")},
    )

    def __init__(self, *args, **kwargs):
        from ..services import Decision

        kwargs.setdefault("auto_id", "id_decide_%s")
        super().__init__(*args, **kwargs)
        self.fields["decision"].choices = Decision.CHOICES


class WaiverForm(forms.Form):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "id_waive_%s")
        super().__init__(*args, **kwargs)

    reason = forms.CharField(
        label=_("Reason for waiving the nomination"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Give the reason for the waiver.")},
    )
