"""What search reads is stored, and refreshed whenever it changes: tag names on both
databases, the weighted vectors on PostgreSQL. Also the county facet's National option, the
bounded publisher facet, and the document generator for benchmarks."""

import datetime

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from core import files
from demo.generate.repository import generate_documents
from members.models import County
from repository import search, services
from repository.models import Document
from tests import factories
from tests.factories import (
    PDF_CHECKED,
    OrganisationFactory,
    PersonFactory,
    coordinator,
    document,
    pdf_upload,
    relate,
    samples,
)

pytestmark = pytest.mark.django_db

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="stored vectors and COPY are PostgreSQL's"
)


def find(client, **params):
    response = client.get(reverse("repository:list"), params)
    assert response.status_code == 200
    return response


def titles(response):
    return sorted(d.title for d in response.context["page"].object_list)


def options(response, name):
    facets = {f.name: f for f in response.context["facets"]}
    return {o.value: (o.label, o.count, o.selected) for o in facets[name].options}


def data(**kwargs):
    return {"type": "research", "visibility": "members", **kwargs}


def test_editing_title_and_tags_refreshes_what_search_reads(client):
    owner = PersonFactory().user
    created = services.document_create(
        acting_user=owner,
        data=data(title="Pension coverage review"),
        tags=["Old Tag"],
        external_url="https://video.example.org/1",
    )
    client.force_login(owner)
    assert titles(find(client, q="pension")) == ["Pension coverage review"]
    assert titles(find(client, q="old")) == ["Pension coverage review"]

    services.document_update(
        document=created,
        acting_user=owner,
        data=data(title="Drought response review"),
        tags=["resilience"],
    )

    created.refresh_from_db()
    assert created.tag_names == "resilience"
    assert titles(find(client, q="pension")) == []
    assert titles(find(client, q="old")) == []
    assert titles(find(client, q="drought")) == ["Drought response review"]
    assert titles(find(client, q="resilience")) == ["Drought response review"]


@postgresql_only
def test_stored_vectors_follow_every_change():
    owner = PersonFactory().user
    created = services.document_create(
        acting_user=owner,
        data=data(title="Inua Jamii"),
        tags=["graduation"],
        external_url="https://video.example.org/2",
    )

    def lexemes(field):
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT array_to_string(tsvector_to_array({field}), ' ') "  # noqa: S608
                "FROM repository_document WHERE id = %s",
                [created.pk],
            )
            return set(cursor.fetchone()[0].split())

    assert lexemes("search_vector") == {"inua", "jamii", "graduation"}
    assert lexemes("heading_vector") == {"inua", "jamii", "graduation"}

    services.document_update(
        document=created, acting_user=owner, data=data(title="Hunger safety net"), tags=[]
    )
    assert lexemes("search_vector") == {"hunger", "safety", "net"}


def test_search_finds_a_file_once_extraction_finishes(client, django_capture_on_commit_callbacks):
    owner = PersonFactory().user
    file = SimpleUploadedFile("ripoti.pdf", samples.pdf("Ruzuku ya wazee wa Kalobeyei"))
    checked = files.check_upload(
        file, allowed=files.DOCUMENT_EXTENSIONS, max_bytes=settings.REPOSITORY_MAX_SIZE
    )
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        created = services.document_create(
            acting_user=owner, data=data(title="Annual report"), upload=file, checked=checked
        )
    client.force_login(owner)
    assert titles(find(client, q="kalobeyei")) == []  # not read yet

    for callback in callbacks:
        callback()  # the task runs: the text is read and stored for search

    created.refresh_from_db()
    assert created.index_status == Document.IndexStatus.INDEXED
    assert titles(find(client, q="wazee kalobeyei")) == ["Annual report"]


def test_a_new_version_stops_finding_the_old_files_words(client):
    owner = PersonFactory().user
    doc = document(uploaded_by=owner, title="County plan", text="the word marsabit inside")
    client.force_login(owner)
    assert titles(find(client, q="marsabit")) == ["County plan"]

    services.version_add(document=doc, acting_user=owner, upload=pdf_upload(), checked=PDF_CHECKED)

    assert titles(find(client, q="marsabit")) == []
    assert titles(find(client, q="county")) == ["County plan"]


def test_withdrawn_and_invisible_documents_never_match(client):
    group = factories.working_group()
    document(title="Visible needle", visibility="public", text="needle")
    withdrawn = document(title="Withdrawn needle", visibility="public", text="needle")
    services.document_withdraw(document=withdrawn, acting_user=coordinator(), reason="Old.")
    document(title="Group needle", visibility="twg", body=group.body, text="needle")
    document(title="Members needle", visibility="members", text="needle")

    for who in (None, factories.member()):
        if who:
            client.force_login(who)
        response = find(client, q="needle")
        assert "Withdrawn needle" not in titles(response)
        assert "Group needle" not in titles(response)
        assert response.context["page"].paginator.count == len(titles(response))
        assert sum(count for _l, count, _s in options(response, "type").values()) == len(
            titles(response)
        )
    assert titles(find(client, q="needle")) == ["Members needle", "Visible needle"]


def test_county_facet_offers_national_documents(client):
    turkana = County.objects.get(name="Turkana")
    national = document(title="Kenya-wide policy", visibility="public", national=True)
    county = document(title="Turkana plan", visibility="public")
    relate(county, counties=[turkana])
    document(title="Undated note", visibility="public")

    response = find(client)
    county_options = options(response, "county")
    assert list(county_options)[0] == "national"  # the whole country comes first
    assert county_options["national"] == ("National (the whole country)", 1, False)
    assert county_options[turkana.slug][1] == 1

    assert titles(find(client, county="national")) == [national.title]
    both = find(client, county=["national", turkana.slug])
    assert titles(both) == ["Kenya-wide policy", "Turkana plan"]
    assert options(both, "county")["national"] == ("National (the whole country)", 1, True)


def test_publisher_facet_shows_the_most_frequent_and_the_chosen_one(client):
    rare = OrganisationFactory(name="Zz rare publisher")
    busy = [OrganisationFactory(name=f"Publisher {n:02}") for n in range(16)]
    for number, organisation in enumerate(busy):
        for _ in range(2 if number < 15 else 1):
            relate(document(visibility="public"), publishers=[organisation])
    relate(document(title="Rare one", visibility="public"), publishers=[rare])

    shown = options(find(client), "publisher")
    assert len(shown) == search.PUBLISHER_OPTIONS
    assert rare.slug not in shown
    assert all(count == 2 for _label, count, _selected in shown.values())

    response = find(client, publisher=rare.slug)
    assert titles(response) == ["Rare one"]
    shown = options(response, "publisher")
    assert len(shown) == search.PUBLISHER_OPTIONS + 1
    assert shown[rare.slug] == ("Zz rare publisher", 1, True)


def test_count_and_facets_follow_search_and_filters(client):
    a = document(title="A", visibility="public", type="policy", text="cash", language="sw")
    document(title="B", visibility="public", type="policy", text="cash")
    document(title="C", visibility="public", type="evaluation", text="cash")
    document(title="D", visibility="public", type="policy", text="other")
    a.published_on = datetime.date(2020, 1, 1)
    a.save(update_fields=["published_on"])

    response = find(client, q="cash", type="policy")
    assert titles(response) == ["A", "B"]
    assert response.context["page"].paginator.count == 2
    assert {v: c for v, (_l, c, _s) in options(response, "type").items()} == {
        "policy": 2,
        "evaluation": 1,
    }
    assert {v: c for v, (_l, c, _s) in options(response, "language").items()} == {
        "sw": 1,
        "en": 1,
    }
    assert {v: c for v, (_l, c, _s) in options(response, "year").items()} == {"2020": 1}


@postgresql_only
def test_generator_fills_documents_with_their_search_vectors(client):
    generate_documents(40, batch_size=15, workers=1)

    assert Document.objects.count() == 40
    assert Document.objects.filter(search_vector__isnull=True).count() == 0
    assert Document.objects.exclude(versions=None).count() > 0
    assert set(Document.objects.values_list("visibility", flat=True)) >= {"public", "members"}
    # The bulk SQL stores what document_reindex stores.
    sample = Document.objects.exclude(text="").first()
    before = Document.objects.filter(pk=sample.pk).values_list(
        "search_vector", "heading_vector", "tag_names"
    )[0]
    services.document_reindex(document=sample)
    after = Document.objects.filter(pk=sample.pk).values_list(
        "search_vector", "heading_vector", "tag_names"
    )[0]
    assert before == after
    word = sample.text.split()[3].strip(".").lower()
    client.force_login(coordinator())
    found = find(client, q=word).context["page"].paginator.object_list
    assert sample.title in [d.title for d in found]
