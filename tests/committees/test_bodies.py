"""The committees' public pages: who sits on them, their history, and the Oversight
Committee's composition."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from committees import selectors
from committees.models import Body, Meeting, Seat
from tests.factories import (
    OrganisationFactory,
    PersonFactory,
    UserFactory,
    member,
    oversight,
    seat,
    working_group,
)

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()
YEAR = datetime.timedelta(days=365)
PILLARS = ["social-assistance", "social-security", "health-insurance"]


def administration():
    return Body.objects.create(kind=Body.Kind.ADMINISTRATION, name="Admin team", slug="admin")


def steering():
    return Body.objects.create(kind=Body.Kind.STEERING, name="Steering", slug="steering")


def test_the_list_shows_committees_not_working_groups(client):
    administration()
    steering()
    oversight()
    working_group(name="Financing TWG")

    response = client.get(reverse("committees:bodies"))

    names = [body.name for body in response.context["bodies"]]
    assert names == ["Steering", "Oversight Committee", "Admin team"]
    assert "Financing TWG" not in response.content.decode()


@pytest.mark.parametrize("count", [2, 8])
def test_the_list_runs_a_fixed_number_of_queries(client, django_assert_num_queries, count):
    from members.models import County

    for county in County.objects.all()[:count]:
        body = Body.objects.create(
            kind=Body.Kind.COUNTY, name=f"{county} CoP", slug=county.slug, county=county
        )
        seat(body)
        seat(body)

    # One query: the committees with their counties and the count of people sitting today.
    with django_assert_num_queries(1):
        response = client.get(reverse("committees:bodies"))
    assert [body.member_count for body in response.context["bodies"]] == [2] * count


def test_the_list_counts_only_current_seats(client):
    body = steering()
    seat(body)
    seat(body, ends_on=TODAY - datetime.timedelta(days=1))
    seat(body, starts_on=TODAY + datetime.timedelta(days=3))

    response = client.get(reverse("committees:bodies"))

    assert response.context["bodies"][0].member_count == 1


def test_the_page_shows_current_and_past_seats_with_names_for_members(client):
    body = steering()
    organisation = OrganisationFactory(name="Treasury")
    chair = PersonFactory(user__full_name="Amina Odhiambo", organisation=organisation).user
    former = PersonFactory(user__full_name="Peter Kamau").user
    seat(body, chair, role=Seat.Role.CHAIR, starts_on=TODAY - datetime.timedelta(days=100))
    seat(
        body,
        former,
        role=Seat.Role.CHAIR,
        starts_on=datetime.date(2023, 1, 1),
        ends_on=datetime.date(2024, 12, 31),
    )
    client.force_login(member())

    response = client.get(reverse("committees:body", kwargs={"slug": body.slug}))

    assert [s.user for s in response.context["seats"]] == [chair]
    assert [s.user for s in response.context["past_seats"]] == [former]
    html = response.content.decode()
    assert "Amina Odhiambo" in html and "Treasury" in html
    assert "Peter Kamau" in html and "1 Jan 2023 to 31 Dec 2024" in html


def test_visitors_see_roles_and_organisations_but_no_names(client):
    body = steering()
    organisation = OrganisationFactory(name="Treasury")
    chair = PersonFactory(user__full_name="Amina Odhiambo", organisation=organisation).user
    seat(body, chair, role=Seat.Role.CHAIR)

    html = client.get(reverse("committees:body", kwargs={"slug": body.slug})).content.decode()

    assert "Treasury" in html and "Chair" in html
    assert "Amina Odhiambo" not in html


def test_signed_in_non_members_see_no_names(client):
    body = steering()
    chair = PersonFactory(user__full_name="Amina Odhiambo").user
    seat(body, chair, role=Seat.Role.CHAIR)
    client.force_login(UserFactory())

    html = client.get(reverse("committees:body", kwargs={"slug": body.slug})).content.decode()

    assert "Amina Odhiambo" not in html


def test_a_working_group_has_no_committee_page(client):
    group = working_group()
    response = client.get(reverse("committees:body", kwargs={"slug": group.body.slug}))
    assert response.status_code == 404


def test_an_unknown_committee_is_a_404(client):
    assert client.get(reverse("committees:body", kwargs={"slug": "nope"})).status_code == 404


@pytest.mark.parametrize("count", [3, 12])
def test_the_page_runs_a_fixed_number_of_queries(client, django_assert_num_queries, count):
    body = oversight()
    for _ in range(count):
        seat(body)
        seat(
            body,
            starts_on=TODAY - datetime.timedelta(days=900),
            ends_on=TODAY - datetime.timedelta(days=400),
        )

        Meeting.objects.create(
            title="Quarterly sitting",
            kind=Meeting.Kind.COMMITTEE,
            body=body,
            audience=Meeting.Audience.PUBLIC,
            starts_at=timezone.now() + datetime.timedelta(days=10),
            ends_at=timezone.now() + datetime.timedelta(days=10, hours=2),
        )

    # 1 the body; composition: 2 members counted, 3 pillars represented;
    # 4 current seats, 5 past seats (each with person and organisation); 6 coming meetings.
    with django_assert_num_queries(6):
        response = client.get(reverse("committees:body", kwargs={"slug": body.slug}))
    assert len(response.context["seats"]) == count
    assert len(response.context["meetings"]) == min(count, 10)


# --- The Oversight Committee's composition -------------------------------------------------


def fill(body, count, pillars=PILLARS):
    for index in range(count):
        organisation = OrganisationFactory(pillars=[pillars[index % len(pillars)]])
        seat(body, member(organisation=organisation), organisation=organisation)


def test_composition_is_ok_with_nine_members_and_all_pillars():
    body = oversight()
    fill(body, 9)

    composition = selectors.oversight_composition(body)

    assert composition.member_count == 9
    assert composition.missing_pillars == []
    assert composition.ok


@pytest.mark.parametrize("count", [8, 18])
def test_composition_is_not_ok_outside_nine_to_seventeen(count):
    body = oversight()
    fill(body, count)

    composition = selectors.oversight_composition(body)

    assert composition.member_count == count
    assert not composition.size_ok and not composition.ok


def test_composition_names_the_missing_pillars():
    body = oversight()
    fill(body, 10, pillars=["social-assistance"])

    composition = selectors.oversight_composition(body)

    assert sorted(p.slug for p in composition.missing_pillars) == [
        "health-insurance",
        "social-security",
    ]
    assert composition.size_ok and not composition.ok


def test_composition_counts_people_once_and_only_current_seats():
    body = oversight()
    fill(body, 9)
    person = Seat.objects.filter(body=body).first().user
    seat(body, person, role=Seat.Role.SECRETARY)
    seat(body, ends_on=TODAY - datetime.timedelta(days=1))
    seat(body, starts_on=TODAY + datetime.timedelta(days=1))

    assert selectors.oversight_composition(body).member_count == 9


def test_a_seat_for_no_organisation_represents_no_pillar():
    body = oversight()
    seat(body, UserFactory(), organisation=None)

    composition = selectors.oversight_composition(body)

    assert len(composition.missing_pillars) == 3


def test_the_oversight_page_warns_when_the_composition_is_off(client):
    body = oversight()
    fill(body, 4, pillars=["social-assistance"])

    html = client.get(reverse("committees:body", kwargs={"slug": body.slug})).content.decode()

    assert "does not meet its rules" in html
    assert "It has 4 members; it needs 9 to 17." in html
    assert "Pillars not represented:" in html


def test_the_oversight_page_confirms_a_sound_composition(client):
    body = oversight()
    fill(body, 9)

    html = client.get(reverse("committees:body", kwargs={"slug": body.slug})).content.decode()

    assert "does not meet its rules" not in html
    assert "all three pillars are represented" in html


def test_other_committees_show_no_composition(client):
    body = steering()
    response = client.get(reverse("committees:body", kwargs={"slug": body.slug}))
    assert response.context["composition"] is None
    assert "Composition" not in response.content.decode()
