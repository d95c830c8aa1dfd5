"""A working group's meeting, in Chromium and axe-clean: the lead schedules it, a member
registers and downloads the .ics, the lead records attendance, minutes and an action item,
and once the due date has passed the content coordinator sees the action overdue."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Group
from icalendar import Calendar
from playwright.sync_api import expect

from accounts.roles import CONTENT_COORDINATORS
from committees.models import ActionItem, Meeting, Registration
from tests.browser.axe import assert_accessible
from tests.browser.nav import main_menu
from tests.browser.two_factor import enter_code_if_asked, give_authenticator
from tests.factories import OrganisationFactory, PersonFactory, UserFactory, seat, working_group

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a-long-pass-phrase-7"
NAIROBI = ZoneInfo("Africa/Nairobi")


def sign_in(page, base, user):
    page.goto(base + "/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    enter_code_if_asked(page, user.email)
    expect(main_menu(page).get_by_role("link", name="My account")).to_be_visible()


def sign_out(page):
    main_menu(page).get_by_role("button", name="Sign out").click()


def test_lead_schedules_member_registers_lead_records_coordinator_follows_up(
    live_server, page, csp_violations
):
    base = live_server.url
    host = OrganisationFactory(name="National Drought Management Authority", acronym="NDMA")
    group = working_group(name="Shock-responsive social protection", lead_agency=host)
    lead = give_authenticator(
        PersonFactory(organisation=host, user=UserFactory(password=PASSWORD)).user
    )
    seat(group.body, lead, role="chair")
    member = PersonFactory(user=UserFactory(full_name="Amani Otieno", password=PASSWORD)).user
    coordinator = give_authenticator(UserFactory(password=PASSWORD, is_staff=True))
    coordinator.groups.add(Group.objects.get(name=CONTENT_COORDINATORS))
    starts = (datetime.datetime.now(NAIROBI) + datetime.timedelta(days=7)).replace(
        hour=10, minute=0, second=0, microsecond=0
    )

    # 1. The lead schedules a meeting from the working group's page.
    sign_in(page, base, lead)
    page.goto(base + group.get_absolute_url())
    assert_accessible(page)
    page.get_by_role("link", name="Schedule a meeting").click()
    assert_accessible(page)
    page.get_by_label("Title").fill("Scalability of cash transfers in drought")
    page.get_by_label("Kind").select_option(label="TWG meeting")
    page.get_by_label("Host organisation").select_option(
        label="National Drought Management Authority (NDMA)"
    )
    page.get_by_label("Starts").fill(starts.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Ends").fill(
        (starts + datetime.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
    )
    page.get_by_label("Venue").fill("NDMA boardroom, Nairobi")
    page.get_by_label("Agenda").fill("1. Triggers\n2. Financing the scale-up")
    page.get_by_label("Who may see it").select_option(label="Members of the CoP")
    page.get_by_label("Places").fill("20")
    page.get_by_role("button", name="Schedule").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Scalability of cash transfers in drought"
    )
    assert_accessible(page)
    meeting = Meeting.objects.get()
    assert meeting.body == group.body
    sign_out(page)

    # 2. A member finds it on the events page, registers and downloads the .ics.
    sign_in(page, base, member)
    main_menu(page).get_by_role("link", name="Events").click()
    assert_accessible(page)
    page.get_by_role("link", name="Scalability of cash transfers in drought").first.click()
    page.get_by_role("button", name="Register").click()
    assert_accessible(page)
    assert Registration.objects.get(meeting=meeting, user=member).status == "confirmed"
    with page.expect_download() as download:
        page.get_by_role("link", name="Add to my calendar (.ics)").click()
    calendar = Calendar.from_ical(open(download.value.path(), "rb").read())  # noqa: SIM115
    (event,) = calendar.events
    assert event["DTSTART"].dt.astimezone(NAIROBI) == starts
    assert str(event["SUMMARY"]) == "Scalability of cash transfers in drought"
    sign_out(page)

    # 3. The meeting takes place (moved into the past), the lead records it.
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=meeting.starts_at - datetime.timedelta(days=8),
        ends_at=meeting.ends_at - datetime.timedelta(days=8),
    )
    sign_in(page, base, lead)
    page.goto(base + meeting.get_absolute_url())
    page.get_by_role("link", name="Record attendance, minutes and recording").click()
    assert_accessible(page)
    page.get_by_label("Amani Otieno").check()
    page.get_by_label("Minutes").fill("Agreed to draft scale-up triggers for four counties.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Agreed to draft scale-up triggers")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Add an action item").click()
    assert_accessible(page)
    page.locator("#id_title").fill("Circulate draft triggers")
    page.get_by_label("Owner (a person)").fill(member.email)
    page.get_by_label("Due").fill((datetime.date.today() + datetime.timedelta(days=5)).isoformat())
    page.get_by_role("button", name="Add").click()
    expect(page.get_by_text("Circulate draft triggers").first).to_be_visible()
    assert_accessible(page)
    assert Registration.objects.get(meeting=meeting, user=member).attended is True
    sign_out(page)

    # 4. The due date passes; the content coordinator sees the action overdue.
    ActionItem.objects.update(due_on=datetime.date.today() - datetime.timedelta(days=1))
    sign_in(page, base, coordinator)
    main_menu(page).get_by_role("link", name="Committees").click()
    page.get_by_role("link", name="Open and overdue actions of every body").click()
    assert_accessible(page)
    row = page.get_by_role("row").filter(has_text="Circulate draft triggers")
    expect(row.get_by_text("Overdue")).to_be_visible()
    assert csp_violations == []
