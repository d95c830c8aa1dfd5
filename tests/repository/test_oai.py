"""OAI-PMH 2.0 at /oai/ (decision 0025): a real harvester (Sickle, from PyPI) harvests a live
server through every resumption token; public documents only, withdrawn ones as deleted
records; sets, date ranges, GetRecord and the protocol's errors."""

import datetime
from xml.etree import ElementTree as ET

import pytest
from django.utils import timezone
from sickle import Sickle
from sickle.oaiexceptions import IdDoesNotExist

from repository import oai, services
from repository.models import Document
from tests.factories import coordinator, document, relate, tag, working_group

pytestmark = pytest.mark.django_db(transaction=True)

NS = {"o": oai.OAI, "dc": oai.DC, "oai_dc": oai.OAI_DC}


@pytest.fixture
def library(settings, reference_data):
    settings.OAI_PAGE_SIZE = 3
    group = working_group(name="Social assistance")
    public = []
    for n in range(7):
        doc = document(
            title=f"Public report {n}",
            visibility=Document.Visibility.PUBLIC,
            authors="Achieng Otieno; Abdi Hassan",
            summary="How cash transfers reached older persons.",
            type=Document.Type.RESEARCH if n % 2 else Document.Type.POLICY,
        )
        public.append(doc)
    relate(public[0], topics=[group])
    tag(public[0], "cash transfers")
    members_only = document(title="Members only", visibility=Document.Visibility.MEMBERS)
    pending = document(
        title="Waiting for approval",
        visibility=Document.Visibility.PUBLIC,
        public_status=Document.PublicStatus.PENDING,
    )
    withdrawn = document(title="Withdrawn report", visibility=Document.Visibility.PUBLIC)
    services.document_withdraw(document=withdrawn, acting_user=coordinator(), reason="Superseded.")
    withdrawn.refresh_from_db()
    return {"public": public, "hidden": [members_only, pending], "withdrawn": withdrawn}


def harvester(live_server):
    return Sickle(live_server.url + "/oai/", max_retries=0, timeout=30)


def test_a_harvester_gets_every_public_record_through_the_resumption_tokens(live_server, library):
    sickle = harvester(live_server)

    records = list(sickle.ListRecords(metadataPrefix="oai_dc", ignore_deleted=False))

    # 7 public + 1 withdrawn, in pages of 3: three responses, two resumption tokens.
    assert len(records) == 8
    by_title = {r.metadata["title"][0]: r for r in records if not r.header.deleted}
    assert set(by_title) == {f"Public report {n}" for n in range(7)}
    first = by_title["Public report 0"]
    assert first.metadata["creator"] == ["Achieng Otieno", "Abdi Hassan"]
    assert first.metadata["subject"] == ["Social assistance", "cash transfers"]
    assert first.metadata["identifier"][0].endswith(library["public"][0].get_absolute_url())
    assert first.metadata["format"] == ["application/pdf"]
    assert "topic:" + library["public"][0].topics.get().body.slug in first.header.setSpecs
    [gone] = [r for r in records if r.header.deleted]
    assert gone.header.identifier == oai.identifier_of(library["withdrawn"])
    assert not getattr(gone, "metadata", None)

    identifiers = [h.identifier for h in sickle.ListIdentifiers(metadataPrefix="oai_dc")]
    assert len(identifiers) == 8
    assert oai.identifier_of(library["withdrawn"]) in identifiers
    for hidden in library["hidden"]:
        assert oai.identifier_of(hidden) not in identifiers


def test_identify_formats_sets_and_get_record(live_server, library):
    sickle = harvester(live_server)

    identify = sickle.Identify()
    assert identify.protocolVersion == "2.0"
    assert identify.deletedRecord == "persistent"
    assert identify.baseURL.endswith("/oai/")
    assert [f.metadataPrefix for f in sickle.ListMetadataFormats()] == ["oai_dc"]
    specs = [s.setSpec for s in sickle.ListSets()]
    assert "type:policy" in specs and any(s.startswith("topic:") for s in specs)

    record = sickle.GetRecord(
        identifier=oai.identifier_of(library["public"][3]), metadataPrefix="oai_dc"
    )
    assert record.metadata["title"] == ["Public report 3"]
    with pytest.raises(IdDoesNotExist):
        sickle.GetRecord(
            identifier=oai.identifier_of(library["hidden"][0]), metadataPrefix="oai_dc"
        )


def xml(client, **params):
    response = client.get("/oai/", params)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    return ET.fromstring(response.content)


def error_code(root):
    found = root.find("o:error", NS)
    return found.get("code") if found is not None else None


def test_sets_and_date_ranges_select_records(client, library):
    policy = xml(client, verb="ListIdentifiers", metadataPrefix="oai_dc", set="type:policy")
    assert len(policy.findall(".//o:header", NS)) == 3  # capped at the page size of 3
    old = library["public"][1]
    Document.objects.filter(pk=old.pk).update(
        updated_at=timezone.now() - datetime.timedelta(days=400)
    )
    until = (timezone.now() - datetime.timedelta(days=300)).date().isoformat()

    earlier = xml(client, verb="ListIdentifiers", metadataPrefix="oai_dc", until=until)

    assert [h.text for h in earlier.findall(".//o:identifier", NS)] == [oai.identifier_of(old)]
    later = xml(client, verb="ListRecords", metadataPrefix="oai_dc", **{"from": until})
    assert oai.identifier_of(old) not in [h.text for h in later.findall(".//o:identifier", NS)]


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({}, "badVerb"),
        ({"verb": "Harvest"}, "badVerb"),
        ({"verb": "ListRecords"}, "badArgument"),
        ({"verb": "ListRecords", "metadataPrefix": "marc21"}, "cannotDisseminateFormat"),
        ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "yesterday"}, "badArgument"),
        (
            {
                "verb": "ListRecords",
                "metadataPrefix": "oai_dc",
                "from": "2024-01-01",
                "until": "2024-01-02T00:00:00Z",
            },
            "badArgument",
        ),
        ({"verb": "ListRecords", "resumptionToken": "not-a-token"}, "badResumptionToken"),
        (
            {"verb": "ListRecords", "metadataPrefix": "oai_dc", "set": "topic:none"},
            "noRecordsMatch",
        ),
        (
            {"verb": "ListRecords", "metadataPrefix": "oai_dc", "until": "2001-01-01"},
            "noRecordsMatch",
        ),
        (
            {"verb": "GetRecord", "metadataPrefix": "oai_dc", "identifier": "oai:x:1"},
            "idDoesNotExist",
        ),
        ({"verb": "Identify", "extra": "1"}, "badArgument"),
    ],
)
def test_protocol_errors_are_answered_in_xml(client, library, params, code):
    assert error_code(xml(client, **params)) == code


def test_a_page_of_records_costs_a_fixed_number_of_queries(
    client, library, django_assert_max_num_queries
):
    with django_assert_max_num_queries(9):
        root = xml(client, verb="ListRecords", metadataPrefix="oai_dc")
    assert len(root.findall(".//o:record", NS)) == 3
