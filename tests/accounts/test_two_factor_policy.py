"""Two-factor for every privileged right, on every page and POST that uses it (decision 0028).

A person signed in with a password only (``force_login(..., second_factor=False)``) who uses a
privileged right is sent to the two-factor step and, once it is done, back to the page.
"""

import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.urls import reverse
from django.utils.http import urlencode

from bulletin.models import Submission
from committees.models import Meeting
from members.models import ApplicationDocument, MembershipApplication
from tests import factories
from tests.factories import (
    UserFactory,
    application_under_review,
    convener,
    coordinator,
    decider,
    meeting,
    past_meeting,
    reviewer,
)
from tests.factories.twg import working_group

pytestmark = pytest.mark.django_db


def step(next_url):
    return f"{reverse('accounts:second_factor')}?{urlencode({'next': next_url})}"


def totp_code(secret, offset=0):
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30 + offset))


def _review(user_factory, name):
    def make():
        application = application_under_review()
        return user_factory(), reverse(name, args=[application.pk])

    return make


def _document_download():
    application = application_under_review()
    document = ApplicationDocument.objects.filter(application=application).first()
    url = reverse("members:application_document", args=[application.pk, document.pk])
    return reviewer(), url


def _convener_page(name, *, held=False):
    def make():
        body = factories.oversight()
        item = past_meeting(body) if held else meeting(body)
        return convener(body), reverse(name, args=[item.pk])

    return make


def _new_meeting():
    body = factories.oversight()
    return convener(body), f"{reverse('committees:meeting_new')}?body={body.slug}"


def _lead_page():
    group = working_group()
    return convener(group.body), reverse("twg:requests", args=[group.body.slug])


def _twg_decide():
    group = working_group(status="proposed")
    return factories.administrator(), reverse("twg:decide", args=[group.body.slug])


def _coordinator_page(name):
    return lambda: (coordinator(), reverse(name))


def _bulletin_review():
    item = factories.submission()
    return coordinator(), reverse("bulletin:review", args=[item.pk])


def _admin_index():
    user = UserFactory(is_staff=True)
    TOTP.activate(user, generate_totp_secret())
    return user, reverse("admin:index")


def _oversight_page(name):
    return lambda: (factories.seat(factories.oversight()).user, reverse(name))


def _administration_page(name):
    return lambda: (factories.administrator(), reverse(name))


PRIVILEGED_PAGES = {
    "review queue": lambda: (decider(), reverse("members:review_queue")),
    "review page": _review(reviewer, "members:review_detail"),
    "due-diligence download": _document_download,
    "new meeting": _new_meeting,
    "edit meeting": _convener_page("committees:meeting_edit"),
    "cancel meeting": _convener_page("committees:meeting_cancel"),
    "record meeting": _convener_page("committees:meeting_record", held=True),
    "join requests": _lead_page,
    "working group decision": _twg_decide,
    "document approvals": _coordinator_page("repository:queue"),
    "bulletin moderation": _coordinator_page("bulletin:queue"),
    "bulletin review": _bulletin_review,
    "bulletin editions": _coordinator_page("bulletin:editions"),
    "discussions moderation": _coordinator_page("discussions:moderation"),
    "reach figures to verify": _administration_page("milestones:reports"),
    "new journal entry": _coordinator_page("monitoring:journal_new"),
    "maturity assessment": _oversight_page("monitoring:maturity_new"),
    "grant a recognition": _oversight_page("monitoring:grant"),
    "participation weights": _administration_page("monitoring:weights"),
}


@pytest.mark.parametrize("page", PRIVILEGED_PAGES)
def test_a_privileged_page_without_a_confirmed_second_factor_goes_to_the_two_factor_step(
    client, page
):
    user, url = PRIVILEGED_PAGES[page]()
    client.force_login(user, second_factor=False)

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == step(url)


@pytest.mark.parametrize("page", PRIVILEGED_PAGES)
def test_the_same_page_opens_once_the_second_factor_is_confirmed(client, page):
    user, url = PRIVILEGED_PAGES[page]()
    client.force_login(user)

    assert client.get(url).status_code == 200


def test_the_admin_without_a_confirmed_second_factor_goes_to_the_two_factor_step(client):
    user, url = _admin_index()
    client.force_login(user, second_factor=False)

    login = client.get(client.get(url)["Location"])

    assert login.status_code == 302
    assert login["Location"] == step(url)


def test_a_decision_posted_without_a_confirmed_second_factor_is_not_applied(client, mailoutbox):
    application = application_under_review()
    client.force_login(decider(), second_factor=False)
    page = reverse("members:review_detail", args=[application.pk])

    response = client.post(
        reverse("members:review_decide", args=[application.pk]),
        {"decision": "approve", "reason": "Strong."},
        headers={"referer": f"http://testserver{page}"},
    )

    assert response["Location"] == step(f"http://testserver{page}")
    application.refresh_from_db()
    assert application.status == MembershipApplication.Status.UNDER_REVIEW
    assert not mailoutbox


def test_a_moderation_post_without_a_confirmed_second_factor_is_not_applied(client):
    item = factories.submission()
    client.force_login(coordinator(), second_factor=False)

    client.post(reverse("bulletin:review", args=[item.pk]), {"decision": "decline", "note": "No."})

    item.refresh_from_db()
    assert item.status == Submission.Status.SUBMITTED


def test_without_an_authenticator_the_step_sends_the_person_to_set_one_up(client):
    client.force_login(decider(), second_factor=False)
    queue = reverse("members:review_queue")

    response = client.get(step(queue))

    assert response["Location"] == reverse("mfa_activate_totp")
    assert client.session["two_factor_next"] == queue


def test_with_an_authenticator_the_step_asks_for_the_code_then_goes_back(client):
    user = decider()
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    client.force_login(user, second_factor=False)
    queue = reverse("members:review_queue")

    response = client.get(step(queue))
    assert response["Location"] == f"{reverse('mfa_reauthenticate')}?{urlencode({'next': queue})}"

    answer = client.post(response["Location"], {"code": totp_code(secret)})

    assert answer.status_code == 302 and answer["Location"] == queue
    assert client.get(queue).status_code == 200


def test_a_wrong_code_is_refused_and_counted_against_the_totp_rate_limit(client, settings):
    user = decider()
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    client.force_login(user, second_factor=False)
    queue = reverse("members:review_queue")
    code_page = f"{reverse('mfa_reauthenticate')}?{urlencode({'next': queue})}"
    wrong = "000000" if totp_code(secret) != "000000" else "111111"
    allowed = int(settings.ACCOUNT_RATE_LIMITS["login_failed"].split(",")[1].split("/")[0])

    for _attempt in range(allowed):
        refused = client.post(code_page, {"code": wrong})
        assert refused.status_code == 200
        assert "Incorrect code." in refused.content.decode()
    # The limit is used up: even the right code is refused now.
    blocked = client.post(code_page, {"code": totp_code(secret)})

    assert blocked.status_code in (200, 429)
    assert client.get(queue)["Location"] == step(queue)


def test_setting_up_an_authenticator_offers_the_way_back(client, password):
    user = UserFactory(password=password)
    factories.grant(user, "members.review_membershipapplication")
    client.force_login(user, second_factor=False)
    queue = reverse("members:review_queue")
    client.get(step(queue))
    # Setting up asks for the password first (allauth's reauthentication).
    client.post(
        f"{reverse('account_reauthenticate')}?{urlencode({'next': reverse('mfa_activate_totp')})}",
        {"password": password},
    )
    client.get(reverse("mfa_activate_totp"))
    secret = client.session["mfa.totp.secret"]

    response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)}, follow=True)

    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    assert f'href="{queue}"' in response.content.decode()


def test_setting_up_an_authenticator_confirms_the_session(rf):
    """allauth announces a new authenticator once it is committed (at once on a live site,
    never inside a test's transaction): the session then counts as confirmed."""
    from django.contrib.sessions.backends.db import SessionStore

    from accounts import two_factor

    user = decider()
    request = rf.get("/")
    request.session = SessionStore()
    request.user = user
    assert not two_factor.second_factor_confirmed(request)

    two_factor.record_set_up(request, user)

    assert two_factor.second_factor_confirmed(request)


def test_a_convener_without_a_confirmed_second_factor_sees_the_meeting_as_a_member(client):
    body = factories.oversight()
    item = meeting(body, audience=Meeting.Audience.PUBLIC)
    client.force_login(convener(body), second_factor=False)

    page = client.get(reverse("committees:meeting", args=[item.pk])).content.decode()

    assert "For the convener" not in page
    assert step(reverse("committees:meeting", args=[item.pk])).replace("&", "&amp;") in page


def test_pages_of_members_need_no_second_factor(client):
    client.force_login(factories.member(), second_factor=False)

    assert client.get(reverse("committees:bodies")).status_code == 200
    assert client.get(reverse("bulletin:submit")).status_code == 200
