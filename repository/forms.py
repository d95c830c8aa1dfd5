from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from core import files
from members.models import County, Organisation, Pillar
from twg.models import WorkingGroup

from . import selectors
from .models import Document

MAX_TAGS = 20


class DocumentForm(forms.ModelForm):
    """The metadata of a document. ``UploadForm`` adds the file or link."""

    tags = forms.CharField(
        label=_("Tags"),
        required=False,
        max_length=500,
        help_text=_("Words or phrases separated by commas, e.g. cash transfers, disability."),
    )

    class Meta:
        model = Document
        fields = [
            "title",
            "summary",
            "type",
            "topics",
            "pillars",
            "national",
            "counties",
            "published_on",
            "publishers",
            "authors",
            "language",
            "visibility",
            "body",
            "rights",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 4}),
            "published_on": forms.DateInput(attrs={"type": "date"}),
            "topics": forms.CheckboxSelectMultiple,
            "pillars": forms.CheckboxSelectMultiple,
            "visibility": forms.RadioSelect,
        }
        help_texts = {
            "national": _("Tick if the document covers the whole country."),
            "counties": _("Or the counties it covers."),
            "visibility": _(
                "Public documents are seen by members at once, and by everyone once a content "
                "coordinator approves them."
            ),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["topics"].queryset = WorkingGroup.objects.select_related("body")
        self.fields["pillars"].queryset = Pillar.objects.all()
        self.fields["counties"].queryset = County.objects.all()
        self.fields["publishers"].queryset = Organisation.objects.active().order_by("name")
        self.fields["body"].queryset = selectors.bodies_for(user).order_by("kind", "name")
        self.fields["body"].required = False
        self.fields["title"].error_messages["required"] = _("Give the document a title.")
        self.fields["type"].error_messages["required"] = _("Choose the type of document.")
        if self.instance.pk:
            self.initial["tags"] = ", ".join(tag.name for tag in self.instance.tags.all())

    def clean_tags(self):
        names = [name.strip() for name in self.cleaned_data["tags"].split(",") if name.strip()]
        if len(names) > MAX_TAGS:
            raise forms.ValidationError(
                _("Give at most %(count)s tags.") % {"count": MAX_TAGS}, code="too_many"
            )
        if any(len(name) > 64 for name in names):
            raise forms.ValidationError(_("A tag has at most 64 characters."), code="too_long")
        return names

    def clean(self):
        cleaned = super().clean()
        visibility = cleaned.get("visibility")
        body = cleaned.get("body")
        if visibility in Document.BODY_LEVELS and body is None:
            self.add_error("body", _("Choose the working group or committee that may see it."))
        elif (
            visibility == Document.Visibility.TWG and body and body.kind != body.Kind.WORKING_GROUP
        ):
            self.add_error("body", _("Choose a working group."))
        elif (
            visibility == Document.Visibility.COMMITTEE
            and body
            and body.kind == body.Kind.WORKING_GROUP
        ):
            self.add_error("body", _("Choose a committee, not a working group."))
        return cleaned

    def metadata(self):
        data = {name: self.cleaned_data[name] for name in self._meta.fields}
        return data


class UploadForm(DocumentForm):
    file = forms.FileField(
        label=_("File"),
        required=False,
        help_text=_("PDF, Word, Excel, PowerPoint, ODT, CSV, text or an image."),
    )
    external_url = forms.URLField(
        label=_("Or a link to a video or webcast"),
        required=False,
        max_length=500,
        assume_scheme="https",
    )

    class Meta(DocumentForm.Meta):
        pass

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not upload:
            return None
        self.checked = files.check_upload(
            upload, allowed=files.DOCUMENT_EXTENSIONS, max_bytes=settings.REPOSITORY_MAX_SIZE
        )
        return upload

    def clean(self):
        cleaned = super().clean()
        has_file = bool(cleaned.get("file"))
        has_link = bool(cleaned.get("external_url"))
        if "file" in self.errors:
            return cleaned
        if has_file == has_link:
            self.add_error(
                "file",
                _("Upload a file or give a link to a video or webcast, not both.")
                if has_file
                else _("Upload a file or give a link to a video or webcast."),
            )
        return cleaned


class VersionForm(forms.Form):
    file = forms.FileField(
        label=_("New file"),
        error_messages={"required": _("Choose the file of the new version.")},
    )
    note = forms.CharField(label=_("What changed (optional)"), required=False, max_length=500)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        self.checked = files.check_upload(
            upload, allowed=files.DOCUMENT_EXTENSIONS, max_bytes=settings.REPOSITORY_MAX_SIZE
        )
        return upload


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Why it is withdrawn"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": _("Say why the document is withdrawn.")},
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Make it public")), ("refuse", _("Keep it for members"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether to make it public.")},
    )
    note = forms.CharField(
        label=_("Note to the uploader"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        help_text=_("Required when you keep it for members."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "refuse" and not cleaned.get("note", "").strip():
            self.add_error("note", _("Say why the document is not made public."))
        return cleaned
