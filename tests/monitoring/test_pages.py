"""The scorecard pages: who sees them, which tables name organisations, CSV files, the
snapshot button, and a fixed number of queries."""

import pytest
from django.urls import reverse

from committees.models import Body
from monitoring import services
from monitoring.quarters import Quarter
from tests.factories import administrator, coordinator, member, outsider, oversight, seat
from tests.factories.committees import BodyFactory
from tests.factories.monitoring import Q2, quarter_of_activity

pytestmark = pytest.mark.django_db

NAMED = "Attendance rate per organisation"


def page(client, user, quarter=Q2):
    client.force_login(user)
    return client.get(reverse("monitoring:quarter", kwargs={"slug": quarter.slug}))


def csv(client, user, block, table, quarter=Q2):
    client.force_login(user)
    return client.get(
        reverse(
            "monitoring:table_csv", kwargs={"slug": quarter.slug, "block": block, "table": table}
        )
    )


def test_a_visitor_is_sent_to_sign_in(client):
    response = client.get(reverse("monitoring:scorecard"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_signed_in_non_member_gets_not_found(client):
    assert page(client, outsider()).status_code == 404
    assert csv(client, outsider(), "meetings", "by_kind").status_code == 404


def test_a_member_sees_the_figures_but_no_table_naming_organisations(client):
    quarter_of_activity()
    response = page(client, member())
    assert response.status_code == 200
    body = response.content.decode()
    assert "Meetings by kind" in body
    assert NAMED not in body
    assert "Alpha Relief" not in body
    assert csv(client, member(), "meetings", "by_kind").status_code == 200
    assert csv(client, member(), "meetings", "attendance_by_organisation").status_code == 404
    assert csv(client, member(), "membership", "active_organisations").status_code == 404


@pytest.mark.parametrize("who", ["oversight", "administration", "coordinator"])
def test_committees_and_staff_see_the_tables_naming_organisations(client, who):
    quarter_of_activity()
    if who == "oversight":
        user = seat(oversight()).user
    elif who == "administration":
        user = administrator()
    else:
        user = coordinator()
    body = page(client, user).content.decode()
    assert NAMED in body
    assert "Bureau of Protection" in body
    response = csv(client, user, "meetings", "attendance_by_organisation")
    assert response.status_code == 200
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "Organisation,Confirmed registrations,Attended,Attendance rate"
    assert lines[1] == "Bureau of Protection,1,1,100.0"


def test_a_working_group_seat_does_not_open_the_named_tables(client):
    quarter_of_activity()
    user = seat(BodyFactory(kind=Body.Kind.WORKING_GROUP)).user
    assert NAMED not in page(client, user).content.decode()


def test_a_stored_quarter_shows_its_version(client):
    quarter_of_activity()
    services.snapshot_take(quarter=Q2)
    body = page(client, coordinator()).content.decode()
    assert "Stored figures, version 1" in body


def test_a_future_or_malformed_quarter_is_not_found(client):
    client.force_login(coordinator())
    future = Quarter.current().next()
    assert client.get(f"/monitoring/quarters/{future.slug}/").status_code == 404
    assert client.get("/monitoring/quarters/2026-q9/").status_code == 404
    assert csv(client, coordinator(), "meetings", "nothing").status_code == 404


def test_the_figures_and_trend_csv(client):
    quarter_of_activity()
    services.snapshot_take(quarter=Q2)
    client.force_login(member())
    figures = client.get(reverse("monitoring:figures_csv", kwargs={"slug": Q2.slug}))
    text = figures.content.decode("utf-8-sig")
    assert "membership,active_people,Active people,3" in text
    trend = client.get(reverse("monitoring:trend_csv", kwargs={"slug": Q2.slug}))
    lines = trend.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Block,Figure,2024 Q3,")
    assert lines[0].endswith(",2026 Q2")
    active = next(line for line in lines if ",Active people," in line)
    # Seven quarters never stored, then 2026 Q2.
    assert active.endswith(",,,,,,,,3")


def test_the_snapshot_button_is_for_the_administration_team(client):
    quarter_of_activity()
    url = reverse("monitoring:snapshot", kwargs={"slug": Q2.slug})
    client.force_login(coordinator())
    assert client.post(url).status_code == 404
    client.force_login(administrator())
    response = client.post(url, follow=True)
    assert "2026 Q2 stored." in response.content.decode()
    response = client.post(url, follow=True)
    assert "Nothing changed since version 1" in response.content.decode()


def test_the_trend_charts_are_svg_with_title_description_and_table(client):
    quarter_of_activity()
    services.snapshot_take(quarter=Q2)
    body = page(client, coordinator()).content.decode()
    assert "<svg" in body and "<script" not in body.split("<main")[1]
    assert '<title id="chart-membership-active-people-title">Active people</title>' in body
    assert "Active people by quarter. 2024 Q3: not recorded" in body
    assert "2026 Q2: 3" in body


def test_the_page_runs_a_fixed_number_of_queries(client, django_assert_num_queries):
    quarter_of_activity()
    for quarter in Quarter(2026, 2).last(6):
        services.snapshot_take(quarter=quarter)
    user = coordinator()
    client.force_login(user)
    url = reverse("monitoring:quarter", kwargs={"slug": Q2.slug})
    client.get(url)  # the current quarter's live figures are now cached
    # The session, the user, the staff-role group check (which stands for membership and
    # seats), the quarter's snapshot, the trend's snapshots, the known quarters, the
    # versions, and the administration-team check for the snapshot button.
    with django_assert_num_queries(8):
        assert client.get(url).status_code == 200
