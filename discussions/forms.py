"""The discussions' forms. They read and check what was typed; the services decide (and
refuse with a sentence the view puts on the form through ``core.forms.add_service_error``)."""

import re
from urllib.parse import urlsplit

from django import forms
from django.utils.translation import gettext_lazy as _

from members.models import County, Pillar
from repository import selectors as repository_selectors
from twg.models import WorkingGroup

from . import selectors
from .models import REASON_MAX, TITLE_MAX, NotificationPreference, Thread

DOCUMENT_PATH = re.compile(r"/documents/([-a-zA-Z0-9_]+)/?$")
PLAIN_SLUG = re.compile(r"^([-a-zA-Z0-9_]+)$")

MARKDOWN_HELP = _(
    "Markdown: *italic*, **bold**, [a link](https://…), lists starting with - or 1. "
    "Pictures, scripts and HTML styling are removed."
)


class BodyField(forms.CharField):
    """The Markdown text of a post. The limit is checked by the service too (with the count
    in the message); the widget carries it so a browser can say so before sending."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Text"))
        kwargs.setdefault("help_text", MARKDOWN_HELP)
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 8}))
        super().__init__(strip=True, **kwargs)
        self.error_messages["required"] = _("Write the text.")


class DocumentsField(forms.CharField):
    """Documents cited by their address on the portal (or their short name), one per line
    or separated by commas; the service checks the person may see each."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Documents cited"))
        kwargs.setdefault(
            "help_text",
            _("The addresses of documents in the library, one per line (from their page)."),
        )
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 2}))
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 3_000)
        super().__init__(**kwargs)


def documents_from(text, user):
    """The documents the text names that ``user`` may see, and the names it could not read."""
    slugs, unknown = [], []
    for part in re.split(r"[\s,]+", text or ""):
        if not part:
            continue
        path = urlsplit(part).path if "://" in part else part
        match = DOCUMENT_PATH.search(path) or PLAIN_SLUG.match(path)
        if match:
            slugs.append(match.group(1))
        else:
            unknown.append(part)
    found = {
        d.slug: d for d in repository_selectors.documents_visible_to(user).filter(slug__in=slugs)
    }
    unknown += [slug for slug in dict.fromkeys(slugs) if slug not in found]
    return [found[slug] for slug in dict.fromkeys(slugs) if slug in found], unknown


class CitingForm(forms.Form):
    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_documents(self):
        documents, unknown = documents_from(self.cleaned_data.get("documents"), self.user)
        if unknown:
            raise forms.ValidationError(
                _("No document you can see is at: %(names)s.") % {"names": ", ".join(unknown)},
                code="unknown",
            )
        return documents


class AskForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=Thread.Kind.choices,
        initial=Thread.Kind.QUESTION,
        widget=forms.RadioSelect,
        help_text=_("A question expects answers, one of which can be accepted."),
    )
    title = forms.CharField(
        label=_("Your question in one sentence"),
        max_length=TITLE_MAX,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    body = BodyField(
        label=_("Details"),
        help_text=_("What you already know or tried, the county or programme it concerns. ")
        + MARKDOWN_HELP,
    )
    working_group = forms.ModelChoiceField(
        label=_("Working group"),
        queryset=WorkingGroup.objects.none(),
        required=False,
        empty_label=_("The whole CoP"),
        help_text=_("Ask in a working group's space to reach its members first."),
    )
    audience = forms.ChoiceField(
        label=_("Who may read it"),
        choices=Thread.Audience.choices,
        initial=Thread.Audience.MEMBERS,
        widget=forms.RadioSelect,
    )
    audience_body = forms.ModelChoiceField(
        label=_("The working group or committee that may read it"),
        queryset=None,
        required=False,
        help_text=_("Only when it is for one working group's or committee's members."),
    )
    topics = forms.ModelMultipleChoiceField(
        label=_("Topics"),
        queryset=WorkingGroup.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    pillars = forms.ModelMultipleChoiceField(
        label=_("Pillars"),
        queryset=Pillar.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    counties = forms.ModelMultipleChoiceField(
        label=_("Counties"), queryset=County.objects.none(), required=False
    )
    tags = forms.CharField(
        label=_("Tags"),
        required=False,
        max_length=500,
        help_text=_("Words or phrases separated by commas, e.g. cash transfers, disability."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["working_group"].queryset = selectors.spaces_for(user)
        self.fields["audience_body"].queryset = selectors.audience_bodies_for(user).order_by(
            "kind", "name"
        )
        self.fields["topics"].queryset = WorkingGroup.objects.select_related("body")
        self.fields["pillars"].queryset = Pillar.objects.all()
        self.fields["counties"].queryset = County.objects.all()
        self.fields["title"].error_messages["required"] = _("Give your question a title.")

    def clean_tags(self):
        return [name.strip() for name in self.cleaned_data["tags"].split(",") if name.strip()]


class AnswerForm(CitingForm):
    body = BodyField(label=_("Your answer"))
    documents = DocumentsField()


class EditForm(CitingForm):
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX, required=False)
    body = BodyField()
    documents = DocumentsField()
    reason = forms.CharField(
        label=_("Why you change it"),
        required=False,
        max_length=REASON_MAX,
        help_text=_("Shown on the post when a moderator changes someone else's text."),
    )

    def __init__(self, *args, opening, **kwargs):
        super().__init__(*args, **kwargs)
        if not opening:
            del self.fields["title"]


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Give the reason. Nothing was changed.")},
    )


class MoveForm(ReasonForm):
    working_group = forms.ModelChoiceField(
        label=_("Working group"),
        queryset=WorkingGroup.objects.select_related("body"),
        required=False,
        empty_label=_("The whole CoP"),
    )
    audience = forms.ChoiceField(label=_("Who may read it"), choices=Thread.Audience.choices)
    audience_body = forms.ModelChoiceField(
        label=_("The working group or committee that may read it"),
        queryset=None,
        required=False,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["audience_body"].queryset = selectors.audience_bodies_for(user)


SELECT = forms.Select(attrs={"class": "form-select"})


class FilterForm(forms.Form):
    """The list's search and filters, read from the query string (a bad value is ignored).
    The choices are built from lists read once per page: the working groups serve two."""

    SORTS = [("activity", _("Latest activity")), ("relevance", _("Best match"))]
    STATES = [("", _("Any")), ("answered", _("Answered")), ("unanswered", _("Unanswered"))]

    q = forms.CharField(label=_("Search questions and answers"), required=False, max_length=200)
    twg = forms.ChoiceField(label=_("Working group space"), required=False, widget=SELECT)
    topic = forms.ChoiceField(label=_("Topic"), required=False, widget=SELECT)
    pillar = forms.ChoiceField(label=_("Pillar"), required=False, widget=SELECT)
    county = forms.ChoiceField(label=_("County"), required=False, widget=SELECT)
    state = forms.ChoiceField(label=_("Answered"), choices=STATES, required=False, widget=SELECT)
    mine = forms.BooleanField(label=_("Only mine"), required=False)
    sort = forms.ChoiceField(label=_("Sort by"), choices=SORTS, required=False)

    def __init__(self, *args, working_groups, pillars, counties, **kwargs):
        super().__init__(*args, **kwargs)
        any_ = [("", _("Any"))]
        groups = any_ + [(group.body.slug, group.body.name) for group in working_groups]
        self.fields["twg"].choices = groups
        self.fields["topic"].choices = groups
        self.fields["pillar"].choices = any_ + [(p.slug, p.name) for p in pillars]
        self.fields["county"].choices = any_ + [(c.slug, c.name) for c in counties]

    def filters(self):
        """The valid filters; an invalid value counts as not given."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {
            name: self.cleaned_data.get(name) for name in self.fields if name not in self.errors
        }


class PreferencesForm(forms.Form):
    """One choice per kind of news (``NotificationPreference``)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for kind, label in NotificationPreference.Kind.choices:
            self.fields[kind] = forms.ChoiceField(
                label=label,
                choices=NotificationPreference.Frequency.choices,
                widget=forms.RadioSelect,
            )
