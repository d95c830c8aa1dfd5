"""Participation points from recorded activity with the team's weights; recognitions granted
by the Oversight Committee, shown on the organisation's profile, with a certificate."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from monitoring import points, services
from monitoring.models import Recognition
from tests.factories import (
    OrganisationFactory,
    administrator,
    coordinator,
    member,
    oversight,
    seat,
)
from tests.factories.monitoring import Q2, quarter_of_activity

pytestmark = pytest.mark.django_db

START, END = Q2.first_day, Q2.last_day


def chair():
    return seat(oversight(), role="chair").user


def test_points_count_the_recorded_activity_with_the_default_weights():
    fixture = quarter_of_activity()
    people, organisations = points.scores(START, END)
    by_name = {score.name: score for score in people}
    b1 = str(fixture.people["b1"].user)
    # b1 attended M1 (2 points).
    assert by_name[b1].counts == {"attended": 1}
    assert by_name[b1].points == 2
    # d1's organisation is suspended: d1 has no member access and is left out.
    assert str(fixture.people["d1"].user) not in by_name
    organisation_names = [score.name for score in organisations]
    assert "Delta Aid (ORG" not in " ".join(organisation_names)


def test_an_organisation_earns_for_the_meetings_it_hosted():
    fixture = quarter_of_activity()
    from committees.models import Meeting

    Meeting.objects.filter(pk=fixture.meetings["M1"].pk).update(host=fixture.organisations["A"])
    _people, organisations = points.scores(START, END)
    alpha = next(s for s in organisations if s.pk == fixture.organisations["A"].pk)
    # Hosting M1 (5); a2 did not attend.
    assert alpha.counts == {"hosted": 1}
    assert alpha.points == 5


def test_the_administration_team_sets_the_weights():
    fixture = quarter_of_activity()
    weights = {"attended": 10, "hosted": 0, "document": 0, "bulletin": 0, "action": 0}
    services.weights_set(acting_user=administrator(), weights=weights)
    people, _organisations = points.scores(START, END)
    b1 = next(s for s in people if s.pk == fixture.people["b1"].user_id)
    assert b1.points == 10


def test_weights_refuse_bad_numbers_and_other_people():
    with pytest.raises(PermissionDenied):
        services.weights_set(acting_user=coordinator(), weights={})
    with pytest.raises(ValidationError):
        services.weights_set(
            acting_user=administrator(),
            weights={"attended": -1, "hosted": 99, "document": 1, "bulletin": 1},
        )
    assert points.weights()["attended"] == 2


def grant(by=None, **kwargs):
    values = {
        "award": "Sustained participation award",
        "citation": "For hosting and attending every quarterly roundtable.",
        "period_start": START,
        "period_end": END,
    }
    values.update(kwargs)
    if "user" not in values and "organisation" not in values:
        values["organisation"] = OrganisationFactory(name="Alpha Relief")
    return services.recognition_grant(acting_user=by or chair(), **values)


def test_the_oversight_committee_grants_a_recognition_with_its_points():
    fixture = quarter_of_activity()
    made = grant(user=fixture.people["b1"].user)
    assert made.points == 2


@pytest.mark.parametrize("who", [member, coordinator, administrator])
def test_only_the_oversight_committee_grants(who):
    with pytest.raises(PermissionDenied):
        grant(by=who())
    assert not Recognition.objects.exists()


def test_bad_grants_store_nothing():
    with pytest.raises(ValidationError) as error:
        services.recognition_grant(
            acting_user=chair(),
            award="",
            citation=" ",
            period_start=END,
            period_end=START,
        )
    assert {"award", "citation", "organisation", "period_end"} <= set(error.value.message_dict)
    suspended = OrganisationFactory(status="suspended")
    with pytest.raises(ValidationError):
        grant(organisation=suspended)
    assert not Recognition.objects.exists()


def test_the_recognition_shows_on_the_organisation_profile_and_prints(client):
    made = grant()
    body = client.get(made.organisation.get_absolute_url()).content.decode()
    assert "Recognitions" in body and "Sustained participation award" in body
    certificate = client.get(made.get_absolute_url()).content.decode()
    assert "Certificate of participation" in certificate and "Alpha Relief" in certificate


def test_the_profile_of_an_organisation_without_recognitions_has_no_section(client):
    organisation = OrganisationFactory()
    assert "Recognitions" not in client.get(organisation.get_absolute_url()).content.decode()


def test_points_name_people_only_for_committees_and_staff(client):
    fixture = quarter_of_activity()
    url = reverse("monitoring:recognition")
    query = {"start": START.isoformat(), "end": END.isoformat()}
    b1 = str(fixture.people["b1"].user)
    client.force_login(member())
    body = client.get(url, query).content.decode()
    assert "How points are counted" in body and b1 not in body
    client.force_login(seat(oversight()).user)
    assert b1 in client.get(url, query).content.decode()


def test_the_grant_form(client):
    organisation = OrganisationFactory(name="Beta Institute")
    client.force_login(chair())
    url = reverse("monitoring:grant")
    response = client.post(
        url,
        {
            "award": "Award",
            "citation": "Text",
            "period_start": "2026-01-01",
            "period_end": "2026-03-31",
        },
    )
    assert "Choose either a person or an organisation." in response.content.decode()
    response = client.post(
        url,
        {
            "award": "Award",
            "citation": "Text",
            "organisation": organisation.pk,
            "period_start": "2026-01-01",
            "period_end": "2026-03-31",
        },
    )
    assert response.status_code == 302
    assert Recognition.objects.get().organisation == organisation


def test_the_forms_are_not_found_for_others(client):
    client.force_login(coordinator())
    assert client.get(reverse("monitoring:grant")).status_code == 404
    assert client.get(reverse("monitoring:weights")).status_code == 404


def test_the_weights_form_answers_bad_input(client):
    client.force_login(administrator())
    response = client.post(reverse("monitoring:weights"), {"attended": "x"})
    assert response.status_code == 200
    assert "Enter a whole number." in response.content.decode()


def test_the_recognition_page_runs_a_fixed_number_of_queries(client, django_assert_num_queries):
    for _ in range(3):
        grant(organisation=OrganisationFactory())
    # A visitor: the weights, and the recognitions with their recipients.
    with django_assert_num_queries(2):
        client.get(reverse("monitoring:recognition"))
