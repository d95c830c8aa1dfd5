"""Maturity assessments: only the Oversight Committee records, once a quarter, with evidence;
everyone with access to the scorecard reads the history."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from monitoring import services
from monitoring.models import Dimension, MaturityAssessment
from monitoring.quarters import Quarter
from tests.factories import administrator, coordinator, document, member, oversight, seat

pytestmark = pytest.mark.django_db


def ratings(stage=2, **extra):
    return {
        dimension: {"stage": stage, "rationale": "Seen in the figures.", **extra}
        for dimension in Dimension.values
    }


def chair():
    return seat(oversight(), role="chair").user


def test_the_oversight_committee_records_a_quarter_with_evidence():
    user = chair()
    doc = document()
    made = services.maturity_assess(
        quarter=Quarter(2026, 3),
        acting_user=user,
        ratings=ratings(3, indicators=["membership.active_people"], documents=[doc]),
    )
    assert made.ratings.count() == 4
    rating = made.ratings.get(dimension="participation")
    assert rating.stage == 3 and rating.indicators == ["membership.active_people"]
    assert list(rating.documents.all()) == [doc]


def test_a_quarter_is_recorded_once():
    user = chair()
    services.maturity_assess(quarter=Quarter(2026, 3), acting_user=user, ratings=ratings())
    with pytest.raises(ValidationError):
        services.maturity_assess(quarter=Quarter(2026, 3), acting_user=user, ratings=ratings(4))
    assert MaturityAssessment.objects.count() == 1


@pytest.mark.parametrize("who", [member, coordinator, administrator])
def test_no_one_else_records(who):
    with pytest.raises(PermissionDenied):
        services.maturity_assess(quarter=Quarter(2026, 3), acting_user=who(), ratings=ratings())


def test_bad_ratings_store_nothing():
    bad = ratings()
    bad["value"] = {"stage": 9, "rationale": ""}
    bad["purpose"]["indicators"] = ["made.up"]
    with pytest.raises(ValidationError) as error:
        services.maturity_assess(quarter=Quarter(2026, 3), acting_user=chair(), ratings=bad)
    assert {"stage_value", "rationale_value", "indicators_purpose"} <= set(error.value.message_dict)
    assert not MaturityAssessment.objects.exists()


def test_a_quarter_to_come_is_refused():
    with pytest.raises(ValidationError):
        services.maturity_assess(
            quarter=Quarter.current().next(), acting_user=chair(), ratings=ratings()
        )


def test_the_chair_records_through_the_form(client):
    client.force_login(chair())
    data = {"quarter": Quarter.current().slug, "note": "A good quarter."}
    for dimension in Dimension.values:
        data[f"stage_{dimension}"] = "3"
        data[f"rationale_{dimension}"] = "Because."
    response = client.post(reverse("monitoring:maturity_new"), data)
    made = MaturityAssessment.objects.get()
    assert response["Location"] == reverse("monitoring:maturity_assessment", args=[made.pk])


def test_the_form_says_what_is_missing(client):
    client.force_login(chair())
    response = client.post(reverse("monitoring:maturity_new"), {"quarter": "2026-q4"})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not MaturityAssessment.objects.exists()


def test_the_form_is_not_found_for_others(client):
    client.force_login(administrator())
    assert client.get(reverse("monitoring:maturity_new")).status_code == 404


def test_members_read_the_history_and_outsiders_do_not(client):
    services.maturity_assess(quarter=Quarter(2026, 3), acting_user=chair(), ratings=ratings())
    client.force_login(member())
    body = client.get(reverse("monitoring:maturity")).content.decode()
    assert "2026 Q3" in body and "2. Developing" in body
    from tests.factories import outsider

    client.force_login(outsider())
    assert client.get(reverse("monitoring:maturity")).status_code == 404


def test_the_history_runs_a_fixed_number_of_queries(client, django_assert_num_queries):
    user = chair()
    for number in (1, 2, 3):
        services.maturity_assess(quarter=Quarter(2026, number), acting_user=user, ratings=ratings())
    client.force_login(user)
    # Session, user, staff-role check, seats, assessments, their ratings.
    with django_assert_num_queries(6):
        client.get(reverse("monitoring:maturity"))
