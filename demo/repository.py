"""Demo data for the knowledge repository: a few dozen documents across types, working group
topics, pillars, counties, languages and every visibility level, each with a real file
written here (PDF, Word, Excel, PowerPoint, ODT, CSV, text, a PNG chart) or a video link.

They are made the way members make them: through ``services`` as the demo accounts (an upload,
a coordinator's decision, a new version, a withdrawal), and indexed at once so that search
finds the words inside the files on a fresh start. Idempotent: a document is found by the
slug of its title. The content is written for the demo; the figures in it are illustrative.
"""

import os
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.db.models import Count
from django.test import override_settings
from django.utils import timezone
from django.utils.text import slugify

from committees.models import Body
from core import files
from demo import files as demo_files
from demo import prose
from members.models import County, Pillar
from repository import services, tasks
from repository.models import Document, DocumentEvent, DocumentVersion
from twg.models import WorkingGroup

T, V, L = Document.Type, Document.Visibility, Document.Language
SA, SS, HI = Pillar.SOCIAL_ASSISTANCE, Pillar.SOCIAL_SECURITY, Pillar.HEALTH_INSURANCE
COORDINATOR = "coordinator@demo.cop.ke"
DATA = prose.load("repository")
DEMO_NOTE = DATA["demo_note"]
DEMO_NOTE_SW = DATA["demo_note_sw"]
RIGHTS = DATA["rights"]

# What a decision by the content coordinator does to a public upload.
APPROVE, REFUSE = "approve", "refuse"
PENDING_STATUS = Document.PublicStatus.PENDING


@dataclass
class Spec:
    """One demo document. ``text`` holds the paragraphs of its file; ``rows`` the table of a
    spreadsheet or CSV; ``slides`` the slides of a presentation; ``bars`` a chart."""

    title: str
    type: str
    format: str
    by: str
    summary: str
    visibility: str = V.MEMBERS
    body: str = ""
    public: str = ""
    topics: tuple = ()
    pillars: tuple = ()
    national: bool = True
    counties: tuple = ()
    published: str = ""
    publishers: tuple = ()
    authors: str = ""
    language: str = L.ENGLISH
    tags: tuple = ()
    text: tuple = ()
    rows: tuple = ()
    slides: tuple = ()
    bars: tuple = ()
    url: str = ""
    days_ago: int = 30
    downloads: int = 0
    refusal: str = ""
    # (days ago, note, paragraphs or rows) for each later version.
    versions: tuple = ()
    withdrawn: str = ""


def _tuples(value):
    """A list of the data file, and the lists in it, as tuples."""
    return tuple(_tuples(v) for v in value) if isinstance(value, list) else value


def _spec(document):
    """The Spec of one document of the data file (a field left out takes Spec's default)."""
    fields = {name: _tuples(value) for name, value in document.items()}
    fields["type"] = T(document["type"])
    if "visibility" in document:
        fields["visibility"] = V(document["visibility"])
    if "language" in document:
        fields["language"] = L(document["language"])
    fields["versions"] = tuple(
        (version["days_ago"], version["note"], _tuples(version["content"]))
        for version in document.get("versions", ())
    )
    return Spec(**fields)


# The documents, in demo/data/repository.toml: public and approved ones, public ones waiting
# for approval or refused, members' documents, and those of working groups and committees.
DOCUMENTS = [_spec(document) for document in DATA["documents"]]


def _file(spec, *, text=None, rows=None):
    """The file of a document (or of its later version) as an upload, written from its spec."""
    text = spec.text if text is None else text
    rows = spec.rows if rows is None else rows
    note = DEMO_NOTE_SW if spec.language == L.KISWAHILI else DEMO_NOTE
    name = slugify(spec.title)[:60]
    match spec.format:
        case "pdf":
            half = (len(text) + 1) // 2
            pages = ["\n".join(text[:half]), "\n".join((*text[half:], "", note))]
            data = demo_files.pdf(*pages, title=spec.title)
        case "docx":
            data = demo_files.docx(*text, note, heading=spec.title)
        case "odt":
            data = demo_files.odt(*text, note, heading=spec.title)
        case "txt":
            data = demo_files.txt(spec.title, *text, note)
        case "xlsx":
            data = demo_files.xlsx({"Data": rows, "About": [[spec.title], [note]]})
        case "csv":
            data = demo_files.csv_text(rows)
        case "pptx":
            data = demo_files.pptx(*spec.slides, note)
        case "png":
            data = demo_files.png_chart(spec.title, spec.bars)
        case _:
            raise ValueError(spec.format)
    return SimpleUploadedFile(f"{name}.{spec.format}", data)


def _checked(upload):
    return files.check_upload(
        upload, allowed=files.DOCUMENT_EXTENSIONS, max_bytes=settings.REPOSITORY_MAX_SIZE
    )


@contextmanager
def _indexing_held():
    """Each upload queues the reading of its file for when it commits. Hold those tasks here
    (the dummy backend keeps them and runs nothing): the files are read together at the
    end, several at a time (``_index``)."""
    with override_settings(
        TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    ):
        yield


def _index_one(version_id):
    """The indexing task itself, run in a thread of the pool on its own connection."""
    try:
        return tasks.index_document.call(version_id=version_id)
    finally:
        connection.close()


def _index(document_ids):
    """Read the text of each document's newest file now, as the worker would, so that
    search finds it on a fresh start. Each reading is a subprocess: several run at once,
    unless the rows are not committed yet (inside a test's transaction), where another
    connection could not see them."""
    newest = {}
    for document_id, version_id, number in DocumentVersion.objects.filter(
        document_id__in=document_ids
    ).values_list("document_id", "pk", "number"):
        if number >= newest.get(document_id, (0, 0))[0]:
            newest[document_id] = (number, version_id)
    version_ids = [version_id for _number, version_id in newest.values()]
    if connection.in_atomic_block:
        for version_id in version_ids:
            tasks.index_document.call(version_id=version_id)
        return
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        list(pool.map(_index_one, version_ids))


def _backdate(document, spec):
    """Spread the documents over the past year, as if uploaded one by one."""
    now = timezone.now()
    created = now - timedelta(days=spec.days_ago)
    Document.objects.filter(pk=document.pk).update(
        created_at=created, download_count=spec.downloads
    )
    DocumentVersion.objects.filter(document=document, number=1).update(uploaded_at=created)
    events = DocumentEvent.objects.filter(document=document)
    events.filter(
        action__in=[DocumentEvent.Action.UPLOADED, DocumentEvent.Action.PUBLIC_REQUESTED]
    ).update(at=created)
    decided = created + timedelta(days=min(2, spec.days_ago))
    events.filter(action__in=[DocumentEvent.Action.APPROVED, DocumentEvent.Action.REFUSED]).update(
        at=created if spec.by == COORDINATOR else decided
    )
    for number, (days_ago, note, _content) in enumerate(spec.versions, start=2):
        when = now - timedelta(days=days_ago)
        DocumentVersion.objects.filter(document=document, number=number).update(uploaded_at=when)
        events.filter(action=DocumentEvent.Action.NEW_VERSION, note=note).update(at=when)
    if spec.withdrawn:
        events.filter(action=DocumentEvent.Action.WITHDRAWN).update(at=now - timedelta(days=3))
        Document.objects.filter(pk=document.pk).update(withdrawn_at=now - timedelta(days=3))
    # The newest version has a third of the downloads, the first the rest.
    if spec.versions:
        newest = spec.downloads // 3
        versions = DocumentVersion.objects.filter(document=document)
        versions.filter(number=1).update(download_count=spec.downloads - newest)
        versions.filter(number=len(spec.versions) + 1).update(download_count=newest)
    else:
        DocumentVersion.objects.filter(document=document).update(download_count=spec.downloads)


def _create(spec, users, references):
    bodies, groups, pillars, counties, organisations = references
    uploader = users[spec.by]
    data = {
        "title": spec.title,
        "summary": spec.summary,
        "type": spec.type,
        "national": spec.national,
        "published_on": date.fromisoformat(spec.published) if spec.published else None,
        "authors": spec.authors,
        "language": spec.language,
        "visibility": spec.visibility,
        "body": bodies[spec.body] if spec.body else None,
        "rights": RIGHTS,
        "topics": [groups[slug] for slug in spec.topics],
        "pillars": [pillars[slug] for slug in spec.pillars],
        "counties": [counties[name] for name in spec.counties],
        "publishers": [organisations[acronym] for acronym in spec.publishers],
    }
    if spec.url:
        document = services.document_create(
            acting_user=uploader, data=data, tags=spec.tags, external_url=spec.url
        )
    else:
        upload = _file(spec)
        document = services.document_create(
            acting_user=uploader,
            data=data,
            tags=spec.tags,
            upload=upload,
            checked=_checked(upload),
        )
    for _days_ago, note, content in spec.versions:
        is_table = spec.format in ("csv", "xlsx")
        upload = _file(spec, rows=content) if is_table else _file(spec, text=content)
        services.version_add(
            document=document,
            acting_user=uploader,
            upload=upload,
            checked=_checked(upload),
            note=note,
        )
    return document


def seed(users_by_email, organisations_by_acronym):
    """Create the demo documents that do not exist yet; returns how many were created."""
    users = users_by_email
    coordinator = users[COORDINATOR]
    references = (
        Body.objects.in_bulk(field_name="slug"),
        {group.body.slug: group for group in WorkingGroup.objects.select_related("body")},
        Pillar.objects.in_bulk(field_name="slug"),
        County.objects.in_bulk(field_name="name"),
        organisations_by_acronym,
    )
    existing = set(Document.objects.values_list("slug", flat=True))
    created = []
    with _indexing_held():
        for spec in DOCUMENTS:
            if slugify(spec.title)[:100] in existing:
                continue
            document = _create(spec, users, references)
            if spec.public in (APPROVE, REFUSE) and document.public_status == PENDING_STATUS:
                services.document_decide_public(
                    document=document,
                    acting_user=coordinator,
                    approve=spec.public == APPROVE,
                    note=spec.refusal,
                )
            if spec.withdrawn:
                services.document_withdraw(
                    document=document, acting_user=coordinator, reason=spec.withdrawn
                )
            _backdate(document, spec)
            created.append(document.pk)
    _index(created)
    return len(created)


def summary():
    """One line per visibility level of the demo's uploads, for seed_demo to print (the
    documents filed from held meetings are counted apart)."""
    documents = Document.objects.filter(meeting_link__isnull=True)
    public = documents.filter(visibility=V.PUBLIC)
    by_level = dict(
        documents.exclude(visibility=V.PUBLIC)
        .values_list("visibility")
        .annotate(n=Count("pk"))
        .values_list("visibility", "n")
    )
    return {
        "total": documents.count(),
        "from_meetings": Document.objects.filter(meeting_link__isnull=False).count(),
        "public": public.filter(public_status=Document.PublicStatus.APPROVED).count(),
        "waiting": public.filter(public_status=Document.PublicStatus.PENDING).count(),
        "refused": public.filter(public_status=Document.PublicStatus.REFUSED).count(),
        "members": by_level.get(V.MEMBERS, 0),
        "twg": by_level.get(V.TWG, 0),
        "committee": by_level.get(V.COMMITTEE, 0),
        "kiswahili": documents.filter(language=L.KISWAHILI).count(),
        "withdrawn": documents.filter(withdrawn_at__isnull=False).count(),
        "searchable": documents.filter(index_status=Document.IndexStatus.INDEXED).count(),
        "not_searchable": documents.filter(index_status=Document.IndexStatus.FAILED).count(),
    }
