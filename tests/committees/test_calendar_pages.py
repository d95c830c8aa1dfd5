"""The events page and the month view."""

import pytest
from django.urls import reverse

from committees.models import Body, Meeting
from members.models import County
from tests.factories import (
    BodyFactory,
    MeetingFactory,
    in_days,
    member,
    nairobi,
    outsider,
    seat,
)

pytestmark = pytest.mark.django_db
A = Meeting.Audience


def events(client, **params):
    return client.get(reverse("calendar:events"), params)


def titles(response):
    return [m.title for m in response.context["page"].object_list]


def test_visitors_see_public_meetings_only(client):
    MeetingFactory(title="Open webinar", audience=A.PUBLIC)
    MeetingFactory(title="Members roundtable", audience=A.MEMBERS)
    MeetingFactory(title="Committee sitting", audience=A.BODY, body=BodyFactory())

    response = events(client)

    assert titles(response) == ["Open webinar"]
    assert "Members roundtable" not in response.content.decode()


def test_members_see_members_meetings_but_not_another_bodys(client):
    body, other = BodyFactory(), BodyFactory()
    holder = seat(body).user
    MeetingFactory(title="Members roundtable", audience=A.MEMBERS, starts_at=in_days(1))
    MeetingFactory(title="Our TWG", audience=A.BODY, body=body, starts_at=in_days(2))
    MeetingFactory(title="Their TWG", audience=A.BODY, body=other, starts_at=in_days(3))

    client.force_login(member())
    assert titles(events(client)) == ["Members roundtable"]
    client.force_login(holder)
    assert titles(events(client)) == ["Members roundtable", "Our TWG"]
    # A signed-in user who is not a member sees the public meetings only.
    client.force_login(outsider())
    assert titles(events(client)) == []


def test_upcoming_first_and_past_on_their_own_page(client):
    MeetingFactory(title="Later", starts_at=in_days(20))
    MeetingFactory(title="Soon", starts_at=in_days(2))
    MeetingFactory(title="Last month", starts_at=in_days(-30))
    MeetingFactory(title="Last week", starts_at=in_days(-7))

    upcoming = events(client)
    past = events(client, when="past")

    assert titles(upcoming) == ["Soon", "Later"]
    assert reverse("calendar:events") + "?when=past" in upcoming.content.decode()
    # Most recent first.
    assert titles(past) == ["Last week", "Last month"]


def test_times_show_in_nairobi(client, settings):
    MeetingFactory(title="Morning webinar", starts_at=nairobi(2031, 3, 4, 9, 30))

    response = events(client)

    # 09:30 in Nairobi is 06:30 UTC: the page shows the local time.
    content = response.content.decode()
    assert "Tuesday 4 March 2031, 09:30" in content
    assert "06:30" not in content


def test_filters_by_kind_body_and_county(client):
    turkana = Body.objects.create(
        kind=Body.Kind.COUNTY,
        name="Turkana committee",
        slug="turkana",
        county=County.objects.get(name="Turkana"),
    )
    twg = BodyFactory(slug="financing")
    MeetingFactory(title="Turkana sitting", kind=Meeting.Kind.COMMITTEE, body=turkana)
    MeetingFactory(title="Financing TWG", kind=Meeting.Kind.TWG, body=twg)
    MeetingFactory(title="Webinar", kind=Meeting.Kind.WEBINAR)

    assert titles(events(client, kind="twg")) == ["Financing TWG"]
    assert titles(events(client, body="financing")) == ["Financing TWG"]
    assert titles(events(client, county="turkana")) == ["Turkana sitting"]
    assert titles(events(client, county="turkana", kind="webinar")) == []


def test_a_bad_filter_answers_with_a_message(client):
    MeetingFactory(title="Webinar")

    response = events(client, kind="party", county="atlantis")

    assert response.status_code == 200
    errors = response.context["filter"].form.errors
    assert "Select a valid choice" in " ".join(errors["kind"])
    assert "Select a valid choice" in " ".join(errors["county"])
    assert "Select a valid choice" in response.content.decode()


def test_events_paginate(client):
    for day in range(25):
        MeetingFactory(title=f"Webinar {day:02d}", starts_at=in_days(day + 1))

    first, second = events(client), events(client, page=2)

    assert len(titles(first)) == 20
    assert titles(second) == [f"Webinar {day:02d}" for day in range(20, 25)]


@pytest.mark.parametrize("count", [3, 20])
def test_events_page_runs_a_fixed_number_of_queries(client, django_assert_num_queries, count):
    body = BodyFactory(kind=Body.Kind.COUNTY, county=County.objects.get(name="Kitui"))
    holder = seat(body).user
    for day in range(count):
        kind = A.BODY if day % 2 else A.MEMBERS
        MeetingFactory(audience=kind, body=body, starts_at=in_days(day + 1))
    client.force_login(holder)

    # 1 session, 2 user; visibility: 3 person, 4 code of conduct, 5 staff groups, 6 seats;
    # filter choices: 7 bodies, 8 counties; 9 the count, 10 the page of meetings with their
    # bodies, counties and hosts.
    with django_assert_num_queries(10):
        response = events(client)
    assert len(titles(response)) == count


def month(client, year, month_number):
    return client.get(reverse("calendar:month", args=[year, month_number]))


def test_month_view_places_meetings_on_their_nairobi_day(client):
    # 01:00 on 1 May in Nairobi is still 30 April in UTC.
    MeetingFactory(title="Early start", starts_at=nairobi(2031, 5, 1, 1))
    MeetingFactory(title="In June", starts_at=nairobi(2031, 6, 2))
    MeetingFactory(title="Hidden", audience=A.MEMBERS, starts_at=nairobi(2031, 5, 3))

    response = month(client, 2031, 5)

    days = dict(response.context["days"])
    assert [m.title for m in days[nairobi(2031, 5, 1).date()]] == ["Early start"]
    assert len(days) == 1
    content = response.content.decode()
    assert "In June" not in content and "Hidden" not in content
    assert reverse("calendar:month", args=[2031, 4]) in content
    assert reverse("calendar:month", args=[2031, 6]) in content


def test_month_view_has_a_grid_and_a_phone_list(client):
    MeetingFactory(title="Brown-bag lunch", starts_at=nairobi(2031, 5, 14, 13))

    content = month(client, 2031, 5).content.decode()

    # The grid is hidden on narrow screens, the list of days on wide ones.
    assert 'class="d-none d-md-block table-responsive"' in content
    assert '<th scope="col">Monday</th>' in content
    assert 'class="d-md-none"' in content
    assert "Wednesday 14 May" in content
    assert content.count("Brown-bag lunch") == 2


def test_month_view_wraps_the_year(client):
    content = month(client, 2031, 12).content.decode()
    assert reverse("calendar:month", args=[2032, 1]) in content
    content = month(client, 2031, 1).content.decode()
    assert reverse("calendar:month", args=[2030, 12]) in content


def test_month_view_refuses_a_month_that_does_not_exist(client):
    assert month(client, 2031, 13).status_code == 404
    assert month(client, 2031, 0).status_code == 404


@pytest.mark.parametrize("count", [3, 20])
def test_month_view_runs_a_fixed_number_of_queries(client, django_assert_num_queries, count):
    for day in range(count):
        MeetingFactory(starts_at=nairobi(2031, 5, day + 1))

    # 1 the meetings with their bodies and hosts (a visitor needs no visibility queries).
    with django_assert_num_queries(1):
        response = month(client, 2031, 5)
    assert sum(len(m) for _, m in response.context["days"]) == count


def test_month_view_keeps_the_list_filters(client):
    group = BodyFactory()
    MeetingFactory(title="Group webinar", body=group, starts_at=nairobi(2031, 5, 3))
    MeetingFactory(
        title="Group roundtable",
        body=group,
        kind=Meeting.Kind.ROUNDTABLE,
        starts_at=nairobi(2031, 5, 4),
    )
    MeetingFactory(title="Other webinar", starts_at=nairobi(2031, 5, 5))

    url = reverse("calendar:month", args=[2031, 5])
    response = client.get(url, {"body": group.slug, "kind": Meeting.Kind.WEBINAR, "page": 2})

    shown = [m.title for _, meetings in response.context["days"] for m in meetings]
    assert shown == ["Group webinar"]
    query = f"?body={group.slug}&kind={Meeting.Kind.WEBINAR}"
    assert response.context["next"] == reverse("calendar:month", args=[2031, 6]) + query
    assert response.context["events"] == reverse("calendar:events") + query


def test_the_events_page_links_to_the_month_with_its_filters(client):
    response = events(client, kind=Meeting.Kind.WEBINAR, when="past")
    assert response.context["this_month"].endswith(f"?kind={Meeting.Kind.WEBINAR}")
