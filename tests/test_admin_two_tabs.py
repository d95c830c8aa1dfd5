"""An admin action on an object whose state moved since the page was loaded is refused with
a message and applied once (decision 0027): two browser tabs, or two people, at once.

Each page posts the states it showed (``_seen_states``: the changelist's action form, the
reason page, the decision page); ``core.admin`` compares them with the locked-free fresh row
before it calls the service, and the service's own check on the locked row stops the rest.
"""

import re

import pytest
from django.test import Client
from django.urls import reverse

from bulletin.models import Subscriber
from bulletin.subscriptions import services as subscription_services
from bulletin.subscriptions import tokens
from committees.models import Meeting
from members import services as member_services
from members.models import ApplicationEvent, MembershipApplication
from tests.factories import (
    UserFactory,
    admin_login,
    application_under_review,
    meeting,
    member,
    messages_of,
    register,
    staff_member,
)

pytestmark = pytest.mark.django_db

SEEN = re.compile(r'name="_seen_states" value="([^"]*)"')
DECIDER_PERMISSIONS = [
    "members.view_membershipapplication",
    "members.change_membershipapplication",
    "members.decide_membershipapplication",
]


def seen_states(response):
    """The states the page showed, as its form posts them."""
    values = set(SEEN.findall(response.content.decode()))
    assert len(values) == 1, values
    return values.pop()


def tab(user):
    """A browser tab (its own client) signed in to the admin as ``user``."""
    return admin_login(Client(), user)


def superuser():
    return UserFactory(is_staff=True, is_superuser=True)


def decide_url(application):
    return reverse("admin:members_membershipapplication_decide", args=[application.pk])


def test_a_decision_made_in_another_tab_is_not_made_twice(mailoutbox, send_on_commit):
    application = application_under_review(contacts=())
    first = tab(staff_member(*DECIDER_PERMISSIONS))
    second = tab(staff_member(*DECIDER_PERMISSIONS))
    first_seen = seen_states(first.get(decide_url(application)))
    second_seen = seen_states(second.get(decide_url(application)))
    decision = {"decision": "approve", "reason": "Strong programme."}

    with send_on_commit():
        second.post(decide_url(application), {**decision, "_seen_states": second_seen})
    with send_on_commit():
        response = first.post(decide_url(application), {**decision, "_seen_states": first_seen})

    assert response.status_code == 302
    [(level, text)] = messages_of(response)
    assert level == "warning" and "changed since the page was shown" in text
    application.refresh_from_db()
    assert application.status == MembershipApplication.Status.APPROVED
    assert application.events.filter(action=ApplicationEvent.Action.APPROVED).count() == 1
    assert [m.to for m in mailoutbox].count([application.applicant.email]) == 1


def test_an_application_back_in_review_is_not_decided_on_what_the_decider_saw_before(
    mailoutbox, send_on_commit
):
    """Tab one shows round one; meanwhile another decider asks a question and the applicant
    answers: the application is under review again, but not as tab one saw it."""
    application = application_under_review(contacts=())
    first = tab(staff_member(*DECIDER_PERMISSIONS))
    seen = seen_states(first.get(decide_url(application)))
    member_services.application_decide(
        application=application,
        decision=member_services.Decision.MORE_INFORMATION,
        reason="Which counties?",
        acting_user=staff_member(*DECIDER_PERMISSIONS),
    )
    member_services.application_submit(
        application=application, acting_user=application.applicant, answer="Kilifi and Kwale."
    )

    response = first.post(
        decide_url(application),
        {"decision": "approve", "reason": "Strong programme.", "_seen_states": seen},
    )

    assert "changed since the page was shown" in messages_of(response)[0][1]
    application.refresh_from_db()
    assert application.status == MembershipApplication.Status.UNDER_REVIEW
    assert not application.events.filter(action=ApplicationEvent.Action.APPROVED).exists()


def test_a_meeting_cancelled_in_another_tab_is_not_cancelled_twice(mailoutbox, send_on_commit):
    coming = meeting(audience=Meeting.Audience.PUBLIC)
    register(coming, member())
    admin = superuser()
    first, second = tab(admin), tab(admin)
    changelist = reverse("admin:committees_meeting_changelist")
    action = {"action": "meeting_cancel", "_selected_action": [coming.pk]}
    # Each tab loads the list, then the reason page, which carries the list's states.
    pages = []
    for client in (first, second):
        listed = seen_states(client.get(changelist))
        reason_page = client.post(changelist, {**action, "_seen_states": listed})
        pages.append(seen_states(reason_page))
    confirm = {**action, "post": "yes", "reason": "The venue is closed."}

    with send_on_commit():
        second.post(changelist, {**confirm, "_seen_states": pages[1]})
    with send_on_commit():
        response = first.post(changelist, {**confirm, "_seen_states": pages[0]})

    assert [level for level, _text in messages_of(response)] == ["warning"]
    coming.refresh_from_db()
    assert coming.status == Meeting.Status.CANCELLED
    assert len(mailoutbox) == 1  # the one person registered, told once


def test_an_address_confirmed_since_the_list_was_loaded_is_not_unsubscribed_by_it():
    """The list showed the address waiting for confirmation; it is subscribed now. The
    service would allow unsubscribing it, but the person chose on what they saw."""
    subscriber = Subscriber.objects.create(email="reader@example.org")
    client = tab(superuser())
    changelist = reverse("admin:bulletin_subscriber_changelist")
    seen = seen_states(client.get(changelist))
    subscription_services.subscriber_confirm(token=tokens.confirm_token(subscriber))

    response = client.post(
        changelist,
        {
            "action": "subscriber_unsubscribe",
            "_selected_action": [subscriber.pk],
            "_seen_states": seen,
        },
    )

    [(level, text)] = messages_of(response)
    assert level == "warning" and "it is now subscribed" in text
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.SUBSCRIBED


def test_an_action_from_the_same_state_goes_ahead():
    subscriber = Subscriber.objects.create(email="reader@example.org")
    client = tab(superuser())
    changelist = reverse("admin:bulletin_subscriber_changelist")
    seen = seen_states(client.get(changelist))

    client.post(
        changelist,
        {
            "action": "subscriber_unsubscribe",
            "_selected_action": [subscriber.pk],
            "_seen_states": seen,
        },
    )

    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED
