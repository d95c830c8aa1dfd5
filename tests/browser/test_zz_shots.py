import pytest
from django.contrib.auth.models import Group

from accounts.roles import CONTENT_COORDINATORS
from discussions import services
from tests import factories
from tests.factories import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "a-long-pass-phrase-7"
OUT = "/tmp/shots-discussions"


def sign_in(page, base, user):
    page.goto(base + "/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_load_state("load")


def test_shots(live_server, page):
    import os

    os.makedirs(OUT, exist_ok=True)
    base = live_server.url
    group = factories.working_group(name="Disability inclusion")
    asker = PersonFactory(user=UserFactory(full_name="Amani Otieno", password=PASSWORD)).user
    coordinator = UserFactory(full_name="Achieng Odhiambo", password=PASSWORD)
    coordinator.groups.add(Group.objects.get(name=CONTENT_COORDINATORS))
    doc = factories.document(title="Caregiver verification guideline for the disability grant")
    t = services.thread_create(
        acting_user=asker,
        title="How do counties verify caregivers for the disability grant?",
        body="We use the chief's list.\n\n- one\n- two\n\nIs there a **better** way?",
        working_group=group,
        tags=["caregivers"],
    )
    t.topics.add(group)
    for i in range(3):
        p = services.answer_create(
            thread=t,
            acting_user=coordinator,
            body=f"Answer {i}: use the county verification form. " * 3,
            documents=[doc],
        )
    services.answer_accept(post=p, acting_user=asker)
    services.flag_create(
        post=t.posts.filter(is_opening=False).first(),
        acting_user=PersonFactory().user,
        reason="Off topic",
    )
    services.thread_create(
        acting_user=asker, title="Payment schedules for Inua Jamii in Turkana", body="When?"
    )
    sign_in(page, base, asker)
    for width in (360, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(base + "/discussions/")
        page.screenshot(path=f"{OUT}/list-{width}.png", full_page=True)
        page.goto(base + "/discussions/?q=caregivers")
        page.screenshot(path=f"{OUT}/search-{width}.png", full_page=True)
        page.goto(base + t.get_absolute_url())
        page.screenshot(path=f"{OUT}/thread-{width}.png", full_page=True)
        page.goto(base + "/discussions/ask/")
        page.get_by_label("Your question in one sentence").press_sequentially(
            "verify caregivers disability", delay=5
        )
        page.wait_for_selector("#title-suggestions .suggestions")
        page.screenshot(path=f"{OUT}/ask-{width}.png", full_page=True)
    page.context.clear_cookies()
    sign_in(page, base, coordinator)
    for width in (360, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(base + "/discussions/moderation/")
        page.screenshot(path=f"{OUT}/moderation-{width}.png", full_page=True)
        page.goto(base + t.get_absolute_url())
        page.screenshot(path=f"{OUT}/thread-mod-{width}.png", full_page=True)
