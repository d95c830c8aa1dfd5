import pytest
from django.urls import reverse

from members.models import County, Organisation, ReachFigure
from tests.factories import OrganisationFactory, PersonFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db


def directory(client, **params):
    return client.get(reverse("members:directory"), params)


def names(response):
    return [o.name for o in response.context["page"].object_list]


def test_directory_lists_active_members_only(client):
    OrganisationFactory(name="Alpha Trust")
    OrganisationFactory(name="Beta Fund", status=Organisation.Status.SUSPENDED)
    OrganisationFactory(name="Gamma Aid", status=Organisation.Status.TERMINATED)

    assert names(directory(client)) == ["Alpha Trust"]


@pytest.mark.parametrize("count", [3, 30])
def test_directory_runs_a_fixed_number_of_queries(client, django_assert_num_queries, count):
    for _ in range(count):
        OrganisationFactory(pillars=["social-assistance", "health-insurance"])

    # Filter form choices: 1 pillars, 2 counties; 3 the count, 4 the page of organisations,
    # 5 their pillars (one prefetch for the whole page).
    with django_assert_num_queries(5):
        response = directory(client)
    assert response.status_code == 200


def test_directory_filters_by_category_pillar_and_county(client):
    nairobi = County.objects.get(name="Nairobi")
    kisumu = County.objects.get(name="Kisumu")
    a = OrganisationFactory(name="Alpha", category="academia", pillars=["social-security"])
    a.counties.add(nairobi)
    b = OrganisationFactory(name="Beta", category="academia", pillars=["social-assistance"])
    b.counties.add(kisumu)
    OrganisationFactory(name="Gamma", category="media", national_coverage=True)

    assert names(directory(client, category="academia")) == ["Alpha", "Beta"]
    assert names(directory(client, pillar="social-security")) == ["Alpha"]
    # Nationwide organisations work in every county.
    assert names(directory(client, county="kisumu")) == ["Beta", "Gamma"]
    assert names(directory(client, category="academia", county="nairobi")) == ["Alpha"]


def test_directory_searches_names_and_acronyms(client):
    OrganisationFactory(name="National Drought Management Authority", acronym="NDMA")
    OrganisationFactory(name="Kenya Red Cross", acronym="KRCS")

    assert names(directory(client, q="drought")) == ["National Drought Management Authority"]
    assert names(directory(client, q="krcs")) == ["Kenya Red Cross"]


def test_directory_answers_a_bad_filter_with_a_message(client):
    OrganisationFactory(name="Alpha")

    response = directory(client, county="atlantis", category="pirates")

    assert response.status_code == 200
    errors = response.context["filter"].form.errors
    assert "Select a valid choice" in " ".join(errors["county"])
    assert "Select a valid choice" in " ".join(errors["category"])
    assert "Select a valid choice" in response.content.decode()


def test_directory_paginates(client):
    for i in range(30):
        OrganisationFactory(name=f"Org {i:02d}")

    first = directory(client)
    second = directory(client, page=2)

    assert len(names(first)) == 24
    assert names(second) == [f"Org {i:02d}" for i in range(24, 30)]


def test_profile_shows_programmes_and_reach(client, django_assert_num_queries):
    programme = ProgrammeFactory(name="Hunger Safety Net")
    ReachFigure.objects.create(
        programme=programme,
        year=2025,
        reached=41000,
        source="Programme MIS",
        status=ReachFigure.Status.VERIFIED,
    )
    url = programme.organisation.get_absolute_url()

    # organisation, pillars, counties, programmes, programme counties, reach, and the
    # recognitions a higher app adds through members.signals.organisation_page_sections.
    with django_assert_num_queries(7):
        response = client.get(url)

    html = response.content.decode()
    assert "Hunger Safety Net" in html
    assert "41,000" in html
    assert "Programme MIS" in html


@pytest.mark.parametrize("status", [ReachFigure.Status.REPORTED, ReachFigure.Status.RETURNED])
def test_profile_hides_figures_not_verified(client, status):
    programme = ProgrammeFactory(name="Hunger Safety Net")
    ReachFigure.objects.create(
        programme=programme, year=2025, reached=41000, source="Programme MIS", status=status
    )

    html = client.get(programme.organisation.get_absolute_url()).content.decode()

    assert "Hunger Safety Net" in html
    assert "41,000" not in html


def test_profile_hides_contact_details_from_visitors(client):
    organisation = OrganisationFactory(contact_email="desk@alpha.example")

    html = client.get(organisation.get_absolute_url()).content.decode()

    assert "desk@alpha.example" not in html
    assert "shown to signed-in members" in html


def test_profile_shows_contact_details_to_members(client):
    organisation = OrganisationFactory(contact_email="desk@alpha.example")
    member = PersonFactory()
    client.force_login(member.user)

    html = client.get(organisation.get_absolute_url()).content.decode()

    assert "desk@alpha.example" in html


def test_people_of_a_suspended_organisation_lose_member_content(client):
    organisation = OrganisationFactory(contact_email="desk@alpha.example")
    member = PersonFactory(organisation=OrganisationFactory(status=Organisation.Status.SUSPENDED))
    client.force_login(member.user)

    html = client.get(organisation.get_absolute_url()).content.decode()

    assert "desk@alpha.example" not in html


def test_a_suspended_organisation_has_no_public_profile(client):
    organisation = OrganisationFactory(status=Organisation.Status.SUSPENDED)

    assert client.get(organisation.get_absolute_url()).status_code == 404
