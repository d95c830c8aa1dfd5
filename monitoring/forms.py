from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from committees.models import Resolution
from committees.selectors import actions_visible_to, meetings_visible_to
from members.models import Pillar
from repository.selectors import documents_visible_to
from twg.models import WorkingGroup

from .models import JournalEntry
from .quarters import Quarter

# How far back the link lists reach (the entry's sources are recent).
LINK_QUARTERS = 4
LINK_LIMIT = 200


def _latest(queryset, *order):
    """The ``LINK_LIMIT`` first of ``queryset`` in ``order``, still filterable (the form
    checks the chosen ids against it)."""
    ids = list(queryset.order_by(*order).values_list("pk", flat=True)[:LINK_LIMIT])
    return queryset.model.objects.filter(pk__in=ids).order_by(*order)


class _MeetingChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.title} ({timezone.localtime(obj.starts_at):%d %b %Y})"


class _ResolutionChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.meeting.title}: {obj.text[:90]}"


class JournalEntryForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of entry"), choices=JournalEntry.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    text = forms.CharField(label=_("What was found"), widget=forms.Textarea(attrs={"rows": 6}))
    recorded_on = forms.DateField(
        label=_("Date"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("When it happened or was concluded: it files the entry in a quarter."),
    )
    working_group = forms.ModelChoiceField(
        label=_("Working group"), queryset=WorkingGroup.objects.none(), required=False
    )
    pillar = forms.ModelChoiceField(
        label=_("Topic (pillar)"), queryset=Pillar.objects.order_by("order"), required=False
    )
    meetings = _MeetingChoice(label=_("Meetings"), queryset=None, required=False)
    resolutions = _ResolutionChoice(label=_("Resolutions"), queryset=None, required=False)
    action_items = forms.ModelMultipleChoiceField(
        label=_("Action items"), queryset=None, required=False
    )
    documents = forms.ModelMultipleChoiceField(label=_("Documents"), queryset=None, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        since = Quarter.current().last(LINK_QUARTERS)[0].start
        meetings = meetings_visible_to(user).filter(
            starts_at__gte=since, starts_at__lte=timezone.now()
        )
        self.fields["working_group"].queryset = WorkingGroup.objects.select_related(
            "body"
        ).order_by("order", "body__name")
        self.fields["working_group"].label_from_instance = lambda group: group.body.name
        self.fields["meetings"].queryset = _latest(meetings, "-starts_at")
        self.fields["resolutions"].queryset = _latest(
            Resolution.objects.filter(meeting__in=meetings.values("pk")), "-recorded_at"
        ).select_related("meeting")
        self.fields["action_items"].queryset = _latest(
            actions_visible_to(user).filter(created_at__gte=since), "due_on"
        )
        self.fields["documents"].queryset = _latest(
            documents_visible_to(user).active(), "-created_at"
        )
        for name in ("meetings", "resolutions", "action_items", "documents"):
            self.fields[name].widget.attrs["size"] = 6
            self.fields[name].help_text = _(
                "Hold Ctrl (or Cmd) to choose several. The last year's records are listed."
            )

    def clean_recorded_on(self):
        day = self.cleaned_data["recorded_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."), code="future")
        return day

    def service_arguments(self):
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "title": data["title"],
            "text": data["text"],
            "recorded_on": data["recorded_on"],
            "working_group": data["working_group"],
            "pillar": data["pillar"],
            "links": {
                name: list(data[name])
                for name in ("meetings", "resolutions", "action_items", "documents")
            },
        }


class JournalFilterForm(forms.Form):
    quarter = forms.ChoiceField(label=_("Quarter"), required=False)
    working_group = forms.ModelChoiceField(
        label=_("Working group"), queryset=WorkingGroup.objects.none(), required=False
    )
    pillar = forms.ModelChoiceField(
        label=_("Topic (pillar)"), queryset=Pillar.objects.order_by("order"), required=False
    )
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("Any kind"))] + JournalEntry.Kind.choices, required=False
    )

    def __init__(self, *args, quarters, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["quarter"].choices = [("", _("Any quarter"))] + [
            (quarter.slug, str(quarter)) for quarter in quarters
        ]
        self.fields["working_group"].queryset = WorkingGroup.objects.select_related(
            "body"
        ).order_by("order", "body__name")
        self.fields["working_group"].label_from_instance = lambda group: group.body.name
        self.fields["working_group"].empty_label = _("Any working group")
        self.fields["pillar"].empty_label = _("Any topic")
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select"

    def filter(self, entries):
        if not self.is_valid():
            return entries
        data = self.cleaned_data
        if data.get("quarter"):
            entries = entries.of(Quarter.parse(data["quarter"]))
        if data.get("working_group"):
            entries = entries.filter(working_group=data["working_group"])
        if data.get("pillar"):
            entries = entries.filter(pillar=data["pillar"])
        if data.get("kind"):
            entries = entries.filter(kind=data["kind"])
        return entries


class MaturityForm(forms.Form):
    """The quarter, then for each dimension its stage, why, and the evidence cited."""

    quarter = forms.ChoiceField(label=_("Quarter"))
    note = forms.CharField(
        label=_("The committee's overall note"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def __init__(self, *args, user, **kwargs):
        from .indicators.registry import all_figures
        from .models import Dimension, Stage

        super().__init__(*args, **kwargs)
        current = Quarter.current()
        self.fields["quarter"].choices = [(q.slug, str(q)) for q in (current, current.previous())]
        figures = [
            (f"{provider.key}.{figure.key}", f"{provider.title}: {figure.label}")
            for provider, figure in all_figures()
        ]
        since = current.last(LINK_QUARTERS)[0].start
        meetings = _latest(
            meetings_visible_to(user).filter(starts_at__gte=since, starts_at__lte=timezone.now()),
            "-starts_at",
        )
        documents = _latest(documents_visible_to(user).active(), "-created_at")
        self.dimensions = []
        for dimension, label in Dimension.choices:
            names = {
                "stage": f"stage_{dimension}",
                "rationale": f"rationale_{dimension}",
                "indicators": f"indicators_{dimension}",
                "documents": f"documents_{dimension}",
                "meetings": f"meetings_{dimension}",
            }
            self.fields[names["stage"]] = forms.TypedChoiceField(
                label=_("%(dimension)s: stage") % {"dimension": label},
                choices=Stage.choices,
                coerce=int,
                widget=forms.RadioSelect,
            )
            self.fields[names["rationale"]] = forms.CharField(
                label=_("%(dimension)s: why this stage") % {"dimension": label},
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.fields[names["indicators"]] = forms.MultipleChoiceField(
                label=_("%(dimension)s: figures cited") % {"dimension": label},
                choices=figures,
                required=False,
                widget=forms.SelectMultiple(attrs={"size": 5}),
            )
            self.fields[names["documents"]] = forms.ModelMultipleChoiceField(
                label=_("%(dimension)s: documents cited") % {"dimension": label},
                queryset=documents,
                required=False,
                widget=forms.SelectMultiple(attrs={"size": 4}),
            )
            self.fields[names["meetings"]] = _MeetingChoice(
                label=_("%(dimension)s: meetings cited") % {"dimension": label},
                queryset=meetings,
                required=False,
                widget=forms.SelectMultiple(attrs={"size": 4}),
            )
            self.dimensions.append((label, [self[name] for name in names.values()]))

    def service_arguments(self):
        from .models import Dimension

        data = self.cleaned_data
        return {
            "quarter": Quarter.parse(data["quarter"]),
            "note": data["note"],
            "ratings": {
                dimension: {
                    "stage": data[f"stage_{dimension}"],
                    "rationale": data[f"rationale_{dimension}"],
                    "indicators": data[f"indicators_{dimension}"],
                    "documents": list(data[f"documents_{dimension}"]),
                    "meetings": list(data[f"meetings_{dimension}"]),
                }
                for dimension in Dimension.values
            },
        }


class WeightsForm(forms.Form):
    def __init__(self, *args, current, **kwargs):
        from .models import Activity

        super().__init__(*args, **kwargs)
        for activity, label in Activity.choices:
            self.fields[activity] = forms.IntegerField(
                label=label, min_value=0, max_value=50, initial=current.get(activity)
            )


class RecognitionForm(forms.Form):
    award = forms.CharField(label=_("Award"), max_length=200)
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=None,
        required=False,
        help_text=_("Choose an organisation, or a person below."),
    )
    person = forms.ModelChoiceField(label=_("Person"), queryset=None, required=False)
    period_start = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    period_end = forms.DateField(label=_("Until"), widget=forms.DateInput(attrs={"type": "date"}))
    citation = forms.CharField(label=_("Citation"), widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, **kwargs):
        from django.contrib.auth import get_user_model

        from members.models import Organisation, Person

        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.active().order_by("name")
        self.fields["person"].queryset = (
            get_user_model()
            .objects.filter(pk__in=Person.objects.with_member_access().values("user_id"))
            .order_by("full_name")
        )

    def clean(self):
        data = super().clean()
        if bool(data.get("organisation")) == bool(data.get("person")):
            raise forms.ValidationError(
                _("Choose either a person or an organisation."), code="recipient"
            )
        return data

    def service_arguments(self):
        data = self.cleaned_data
        return {
            "award": data["award"],
            "citation": data["citation"],
            "period_start": data["period_start"],
            "period_end": data["period_end"],
            "user": data.get("person"),
            "organisation": data.get("organisation"),
        }


class PeriodForm(forms.Form):
    start = forms.DateField(
        label=_("From"), widget=forms.DateInput(attrs={"type": "date", "class": "form-control"})
    )
    end = forms.DateField(
        label=_("Until"), widget=forms.DateInput(attrs={"type": "date", "class": "form-control"})
    )

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            raise forms.ValidationError(_("The period ends before it starts."), code="order")
        return data


class CommentaryForm(forms.Form):
    commentary = forms.CharField(
        label=_("Commentary"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What the figures mean, for the chair and the committees."),
    )
