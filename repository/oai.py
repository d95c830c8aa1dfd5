"""OAI-PMH 2.0 (the Open Archives Initiative's Protocol for Metadata Harvesting) over the
public documents, so that repositories such as socialprotection.org and university libraries
harvest the portal: Identify, ListMetadataFormats, ListSets (working group topics and document
types), ListIdentifiers, ListRecords and GetRecord in Dublin Core (``oai_dc``), with date
ranges, resumption tokens and deleted records for withdrawn documents.

Only what anyone may see is harvested: ``selectors.documents_visible_to`` an anonymous visitor,
plus the public documents withdrawn since, which are reported deleted (their header only).
Resumption tokens carry the request and the last id sent, so the server keeps no state and a
harvest goes on where it stopped, however long the pause; records are sent in id order."""

import base64
import binascii
import datetime
import json
from xml.etree import ElementTree as ET  # noqa: S405 - only writes XML, never parses any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch, Q
from django.utils import timezone

from twg.models import WorkingGroup

from . import selectors
from .models import Document, DocumentVersion

OAI = "http://www.openarchives.org/OAI/2.0/"
OAI_DC = "http://www.openarchives.org/OAI/2.0/oai_dc/"
DC = "http://purl.org/dc/elements/1.1/"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
OAI_SCHEMA = "http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd"
OAI_DC_SCHEMA = "http://www.openarchives.org/OAI/2.0/oai_dc.xsd"
for prefix, uri in {"": OAI, "oai_dc": OAI_DC, "dc": DC, "xsi": XSI}.items():
    ET.register_namespace(prefix, uri)

EARLIEST = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)
VERBS = {
    "Identify": (set(), set()),
    "ListMetadataFormats": (set(), {"identifier"}),
    "ListSets": (set(), {"resumptionToken"}),
    "GetRecord": ({"identifier", "metadataPrefix"}, set()),
    "ListIdentifiers": ({"metadataPrefix"}, {"from", "until", "set", "resumptionToken"}),
    "ListRecords": ({"metadataPrefix"}, {"from", "until", "set", "resumptionToken"}),
}


class OAIError(Exception):
    def __init__(self, code, message):
        super().__init__(message)
        self.code = code
        self.message = message


def page_size():
    return getattr(settings, "OAI_PAGE_SIZE", 100)


def repository_id():
    return settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0]


def identifier_of(document):
    return f"oai:{repository_id()}:documents/{document.pk}"


def _document_pk(identifier):
    prefix = f"oai:{repository_id()}:documents/"
    if identifier.startswith(prefix) and identifier[len(prefix) :].isdigit():
        return int(identifier[len(prefix) :])
    return None


def _stamp(moment):
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _parse_date(value, *, end):
    """An OAI date (day or second granularity) as an aware datetime; ``end`` makes a day
    mean its last second. Raises badArgument."""
    try:
        if len(value) == 10:
            day = datetime.date.fromisoformat(value)
            moment = datetime.datetime.combine(day, datetime.time.max if end else datetime.time())
            return moment.replace(microsecond=999_999 if end else 0, tzinfo=datetime.UTC), "day"
        if len(value) == 20 and value.endswith("Z"):
            moment = datetime.datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ")
            return moment.replace(tzinfo=datetime.UTC, microsecond=999_999 if end else 0), "second"
    except ValueError:
        pass
    raise OAIError("badArgument", f"“{value}” is not a date of the form YYYY-MM-DD.")


# What is harvested -------------------------------------------------------------------------


def records():
    """Every document a harvester may know of: the live public ones and the public ones
    withdrawn (reported deleted)."""
    live = selectors.documents_visible_to(AnonymousUser())
    withdrawn = Document.objects.filter(
        visibility=Document.Visibility.PUBLIC,
        public_status=Document.PublicStatus.APPROVED,
        withdrawn_at__isnull=False,
    )
    return Document.objects.filter(Q(pk__in=live.values("pk")) | Q(pk__in=withdrawn.values("pk")))


def sets():
    """(setSpec, setName) of every set: the working group topics, then the document types."""
    groups = WorkingGroup.objects.select_related("body").order_by("body__name")
    found = [(f"topic:{group.body.slug}", str(group.body.name)) for group in groups]
    found += [(f"type:{value}", str(label)) for value, label in Document.Type.choices]
    return found


def _in_set(queryset, spec):
    kind, _, value = spec.partition(":")
    if kind == "topic" and value:
        return queryset.filter(topics__body__slug=value)
    if kind == "type" and value in Document.Type.values:
        return queryset.filter(type=value)
    raise OAIError("badArgument", f"There is no set “{spec}”.")


def _with_metadata(queryset):
    newest = DocumentVersion.objects.order_by("document_id", "-number")
    return queryset.select_related("organisation").prefetch_related(
        "topics__body", "tags", "publishers", "counties", Prefetch("versions", queryset=newest)
    )


# XML ---------------------------------------------------------------------------------------


def _element(parent, tag, text=None, **attributes):
    element = ET.SubElement(parent, tag, {k: v for k, v in attributes.items() if v is not None})
    if text is not None:
        element.text = str(text)
    return element


def _envelope(request_url, params, verb_ok=True):
    root = ET.Element(f"{{{OAI}}}OAI-PMH", {f"{{{XSI}}}schemaLocation": f"{OAI} {OAI_SCHEMA}"})
    _element(root, f"{{{OAI}}}responseDate", _stamp(timezone.now()))
    attributes = {key: value for key, value in params.items() if verb_ok}
    _element(root, f"{{{OAI}}}request", request_url, **attributes)
    return root


def _header(parent, document):
    deleted = document.withdrawn_at is not None
    header = _element(parent, f"{{{OAI}}}header", status="deleted" if deleted else None)
    _element(header, f"{{{OAI}}}identifier", identifier_of(document))
    _element(header, f"{{{OAI}}}datestamp", _stamp(document.updated_at))
    if not deleted:
        for topic in document.topics.all():
            _element(header, f"{{{OAI}}}setSpec", f"topic:{topic.body.slug}")
        _element(header, f"{{{OAI}}}setSpec", f"type:{document.type}")
    return header


def _dublin_core(parent, document):
    metadata = _element(parent, f"{{{OAI}}}metadata")
    dc = _element(
        metadata,
        f"{{{OAI_DC}}}dc",
        **{f"{{{XSI}}}schemaLocation": f"{OAI_DC} {OAI_DC_SCHEMA}"},
    )
    _element(dc, f"{{{DC}}}title", document.title)
    for author in [a.strip() for a in document.authors.replace(";", ",").split(",")]:
        if author:
            _element(dc, f"{{{DC}}}creator", author)
    subjects = [topic.body.name for topic in document.topics.all()]
    subjects += [tag.name for tag in document.tags.all()]
    for subject in subjects:
        _element(dc, f"{{{DC}}}subject", subject)
    if document.summary:
        _element(dc, f"{{{DC}}}description", document.summary)
    for publisher in document.publishers.all():
        _element(dc, f"{{{DC}}}publisher", publisher.name)
    day = document.published_on or document.created_at.date()
    _element(dc, f"{{{DC}}}date", day.isoformat())
    _element(dc, f"{{{DC}}}type", document.get_type_display())
    versions = list(document.versions.all())
    if versions:
        _element(dc, f"{{{DC}}}format", versions[0].content_type)
    _element(dc, f"{{{DC}}}identifier", settings.SITE_URL + document.get_absolute_url())
    _element(dc, f"{{{DC}}}language", document.language)
    for county in document.counties.all():
        _element(dc, f"{{{DC}}}coverage", county.name)
    if document.rights:
        _element(dc, f"{{{DC}}}rights", document.rights)


def _record(parent, document):
    record = _element(parent, f"{{{OAI}}}record")
    _header(record, document)
    if document.withdrawn_at is None:
        _dublin_core(record, document)


# Verbs -------------------------------------------------------------------------------------


def _identify(root, params):
    identify = _element(root, f"{{{OAI}}}Identify")
    _element(identify, f"{{{OAI}}}repositoryName", "Kenya Social Protection CoP Portal")
    _element(identify, f"{{{OAI}}}baseURL", settings.SITE_URL + "/oai/")
    _element(identify, f"{{{OAI}}}protocolVersion", "2.0")
    for _name, email in getattr(settings, "ADMINS", []) or [
        ("", settings.DEFAULT_FROM_EMAIL.rsplit("<", 1)[-1].rstrip(">"))
    ]:
        _element(identify, f"{{{OAI}}}adminEmail", email)
    first = records().order_by("updated_at").values_list("updated_at", flat=True).first()
    _element(identify, f"{{{OAI}}}earliestDatestamp", _stamp(first or EARLIEST))
    _element(identify, f"{{{OAI}}}deletedRecord", "persistent")
    _element(identify, f"{{{OAI}}}granularity", "YYYY-MM-DDThh:mm:ssZ")


def _list_metadata_formats(root, params):
    if "identifier" in params:
        _get_document(params["identifier"])
    formats = _element(root, f"{{{OAI}}}ListMetadataFormats")
    item = _element(formats, f"{{{OAI}}}metadataFormat")
    _element(item, f"{{{OAI}}}metadataPrefix", "oai_dc")
    _element(item, f"{{{OAI}}}schema", OAI_DC_SCHEMA)
    _element(item, f"{{{OAI}}}metadataNamespace", OAI_DC)


def _list_sets(root, params):
    if "resumptionToken" in params:
        raise OAIError("badResumptionToken", "The sets come in one list, without tokens.")
    listed = _element(root, f"{{{OAI}}}ListSets")
    for spec, name in sets():
        item = _element(listed, f"{{{OAI}}}set")
        _element(item, f"{{{OAI}}}setSpec", spec)
        _element(item, f"{{{OAI}}}setName", name)


def _get_document(identifier):
    pk = _document_pk(identifier)
    document = records().filter(pk=pk).first() if pk is not None else None
    if document is None:
        raise OAIError("idDoesNotExist", f"There is no record “{identifier}”.")
    return document


def _check_prefix(params):
    if params.get("metadataPrefix") != "oai_dc":
        raise OAIError("cannotDisseminateFormat", "The only metadata format is oai_dc.")


def _get_record(root, params):
    _check_prefix(params)
    document = _get_document(params["identifier"])
    document = _with_metadata(Document.objects.filter(pk=document.pk)).get()
    _record(_element(root, f"{{{OAI}}}GetRecord"), document)


def _encode_token(state):
    raw = json.dumps(state, separators=(",", ":"), sort_keys=True).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode_token(token):
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        state = json.loads(raw)
        if not isinstance(state, dict) or not isinstance(state.get("after"), int):
            raise ValueError
        return state
    except (ValueError, binascii.Error, UnicodeDecodeError) as exc:
        raise OAIError("badResumptionToken", "The resumption token is not valid.") from exc


def _listing(root, params, *, verb, full):
    if "resumptionToken" in params:
        if set(params) - {"verb", "resumptionToken"}:
            raise OAIError("badArgument", "A resumption token comes alone.")
        state = _decode_token(params["resumptionToken"])
    else:
        _check_prefix(params)
        state = {key: params[key] for key in ("from", "until", "set") if key in params}
        state["after"] = 0
    queryset = records()
    granularities = set()
    if "from" in state:
        moment, granularity = _parse_date(state["from"], end=False)
        granularities.add(granularity)
        queryset = queryset.filter(updated_at__gte=moment)
    if "until" in state:
        moment, granularity = _parse_date(state["until"], end=True)
        granularities.add(granularity)
        queryset = queryset.filter(updated_at__lte=moment)
    if len(granularities) > 1:
        raise OAIError("badArgument", "from and until must have the same granularity.")
    if "set" in state:
        queryset = _in_set(queryset, state["set"])
    total = queryset.count()
    page = list(
        _with_metadata(queryset.filter(pk__gt=state["after"]).order_by("pk"))[: page_size() + 1]
        if full
        else queryset.filter(pk__gt=state["after"])
        .select_related(None)
        .prefetch_related("topics__body")
        .order_by("pk")[: page_size() + 1]
    )
    if not page:
        raise OAIError("noRecordsMatch", "No record matches these arguments.")
    more = len(page) > page_size()
    page = page[: page_size()]
    listed = _element(root, f"{{{OAI}}}{verb}")
    for document in page:
        if full:
            _record(listed, document)
        else:
            _header(listed, document)
    sent_before = queryset.filter(pk__lte=state["after"]).count() if state["after"] else 0
    if more or "resumptionToken" in params:
        token = _encode_token({**state, "after": page[-1].pk}) if more else None
        _element(
            listed,
            f"{{{OAI}}}resumptionToken",
            token,
            completeListSize=str(total),
            cursor=str(sent_before),
        )


HANDLERS = {
    "Identify": _identify,
    "ListMetadataFormats": _list_metadata_formats,
    "ListSets": _list_sets,
    "GetRecord": _get_record,
    "ListIdentifiers": lambda root, params: _listing(
        root, params, verb="ListIdentifiers", full=False
    ),
    "ListRecords": lambda root, params: _listing(root, params, verb="ListRecords", full=True),
}


def respond(request_url, query):
    """The XML answer (bytes) to one OAI-PMH request; ``query`` is a QueryDict."""
    params = {}
    repeated = False
    for key in query:
        values = query.getlist(key)
        repeated |= len(values) > 1
        params[key] = values[-1]
    verb = params.get("verb")
    ok = verb in VERBS
    try:
        if not ok:
            raise OAIError("badVerb", "The verb is missing or not one of OAI-PMH's.")
        required, optional = VERBS[verb]
        given = set(params) - {"verb"}
        if repeated or given - required - optional:
            raise OAIError("badArgument", "An argument is repeated or not allowed here.")
        if "resumptionToken" not in given and required - given:
            raise OAIError("badArgument", "An argument this verb needs is missing.")
        root = _envelope(request_url, params)
        HANDLERS[verb](root, params)
    except OAIError as error:
        root = _envelope(request_url, params, verb_ok=error.code not in {"badVerb", "badArgument"})
        _element(root, f"{{{OAI}}}error", error.message, code=error.code)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)
