from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import files

from . import selectors
from .models import Edition, Submission


class SubmissionForm(forms.Form):
    """What a member submits: a link, a file or a repository document (or several)."""

    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[("", _("Choose…"))] + list(Submission.Kind.choices),
        error_messages={"required": _("Choose what kind of item it is.")},
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=300,
        error_messages={"required": _("Give the item a title.")},
    )
    description = forms.CharField(
        label=_("Description"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        help_text=_("What it is about and why it matters to the sector, in a few sentences."),
        error_messages={"required": _("Say in a few words what it is about.")},
    )
    link = forms.URLField(
        label=_("Link"),
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text=_("For example the article, the video or the webcast recording."),
    )
    file = forms.FileField(
        label=_("File"),
        required=False,
        help_text=_("PDF, Word, Excel, PowerPoint, ODT, CSV, text or an image."),
    )
    document = forms.CharField(
        label=_("Or a document of the repository"),
        required=False,
        max_length=500,
        help_text=_("Paste the document's address (or the last part of it)."),
    )

    def __init__(self, *args, user, submission=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.submission = submission
        self.checked = None
        self.document_obj = None
        if submission is not None and submission.file:
            self.fields["remove_file"] = forms.BooleanField(
                label=_("Remove the file “%(name)s”") % {"name": submission.file_name},
                required=False,
            )

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not upload:
            return None
        self.checked = files.check_upload(
            upload, allowed=files.DOCUMENT_EXTENSIONS, max_bytes=settings.REPOSITORY_MAX_SIZE
        )
        return upload

    def clean_document(self):
        value = self.cleaned_data["document"].strip()
        if not value:
            return None
        slug = value.rstrip("/").rsplit("/", 1)[-1]
        document = selectors.documents_for_submission(self.user).filter(slug=slug).first()
        if document is None:
            raise forms.ValidationError(
                _("No document you can see has this address."), code="unknown_document"
            )
        self.document_obj = document
        return document

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        keeps_file = (
            self.submission is not None
            and bool(self.submission.file)
            and not cleaned.get("remove_file")
        )
        if not (
            cleaned.get("link") or cleaned.get("file") or cleaned.get("document") or keeps_file
        ):
            raise forms.ValidationError(
                _("Give a link, a file or a repository document (or several)."),
                code="no_source",
            )
        return cleaned


class DecisionForm(forms.Form):
    ACCEPT, DECLINE, CHANGES = "accept", "decline", "changes"

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (ACCEPT, _("Accept, with the summary below")),
            (CHANGES, _("Ask the submitter for changes")),
            (DECLINE, _("Decline")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a decision.")},
    )
    summary = forms.CharField(
        label=_("Summary for the bulletin"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The core message in a few sentences. Required to accept."),
    )
    note = forms.CharField(
        label=_("Note to the submitter"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required to decline or to ask for changes."),
    )

    def clean(self):
        cleaned = super().clean()
        decision = cleaned.get("decision")
        if decision == self.ACCEPT and not cleaned.get("summary", "").strip():
            self.add_error("summary", _("Write the summary the bulletin will print."))
        if decision == self.DECLINE and not cleaned.get("note", "").strip():
            self.add_error("note", _("Tell the submitter why it is declined."))
        if decision == self.CHANGES and not cleaned.get("note", "").strip():
            self.add_error("note", _("Tell the submitter what to change."))
        return cleaned


class SummaryForm(forms.Form):
    summary = forms.CharField(
        label=_("Summary for the bulletin"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Write the summary the bulletin will print.")},
    )


class EditionCreateForm(forms.Form):
    year = forms.IntegerField(
        label=_("Year"),
        min_value=2000,
        max_value=2100,
        error_messages={"required": _("Give the year.")},
    )
    quarter = forms.TypedChoiceField(
        label=_("Quarter"),
        coerce=int,
        choices=[("", _("Choose…"))] + [(q, f"Q{q}") for q in range(1, 5)],
        error_messages={"required": _("Choose a quarter.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["year"].initial = today.year
        self.fields["quarter"].initial = (today.month - 1) // 3 + 1

    def clean(self):
        cleaned = super().clean()
        year, quarter = cleaned.get("year"), cleaned.get("quarter")
        if year and quarter and Edition.objects.filter(year=year, quarter=quarter).exists():
            raise forms.ValidationError(
                _("There is already an edition for %(title)s.")
                % {"title": Edition.default_title(year, quarter)},
                code="exists",
            )
        return cleaned


class EditorialForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        error_messages={"required": _("Give the edition a title.")},
    )
    editorial = forms.CharField(
        label=_("Editorial"),
        required=False,
        max_length=50_000,
        widget=forms.Textarea(attrs={"rows": 12, "data-rich-text": "true"}),
        help_text=_(
            "Bold, italic, headings, lists and links are kept; anything else is removed when "
            "you save."
        ),
    )


class SectionForm(forms.Form):
    title = forms.CharField(
        label=_("Section title"),
        max_length=200,
        error_messages={"required": _("Give the section a title.")},
    )


class _ReadOnceChoices(forms.models.ModelChoiceIterator):
    """Choices read through the field's queryset itself, so that once it is evaluated (to
    count it) rendering the select reads no more (Django's iterator queries each time)."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset:
            yield self.choice(obj)

    def __len__(self):
        return len(self.queryset) + (self.field.empty_label is not None)


class PlaceItemForm(forms.Form):
    submission = forms.ModelChoiceField(
        label=_("Accepted item"),
        queryset=Submission.objects.none(),
        error_messages={
            "required": _("Choose an item."),
            "invalid_choice": _("This item cannot be placed (any more)."),
        },
    )
    section = forms.ModelChoiceField(
        label=_("Section"),
        queryset=None,
        error_messages={
            "required": _("Choose a section."),
            "invalid_choice": _("Choose a section."),
        },
    )

    def __init__(self, *args, edition, placeable, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["submission"].iterator = _ReadOnceChoices  # before the queryset: it
        self.fields["submission"].queryset = placeable  # hands the choices to the widget
        self.fields["section"].queryset = edition.sections.order_by("position", "pk")

    def placeable_count(self):
        """How many items may be placed: reads them once, for the count and the choices."""
        return len(self.fields["submission"].queryset)


class ScheduleForm(forms.Form):
    publish_at = forms.DateTimeField(
        label=_("Publish at (Nairobi time)"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        error_messages={"required": _("Choose when to publish.")},
    )

    def clean_publish_at(self):
        value = self.cleaned_data["publish_at"]
        if value <= timezone.now():
            raise forms.ValidationError(_("Choose a time in the future."), code="past")
        return value
