"""Monitoring in Chromium and axe-clean: the coordinator writes a journal entry linked to a
meeting and a document; the Oversight chair records the quarter's maturity stage and grants
a recognition that appears on the organisation's profile; the administration team sends the
quarterly report, which arrives in the outbox and is filed in the repository."""

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from playwright.sync_api import expect

from accounts.roles import ADMINISTRATION_TEAM, CONTENT_COORDINATORS
from monitoring.models import JournalEntry, MaturityAssessment, QuarterlyReport, Recognition
from monitoring.quarters import Quarter
from repository.models import Document
from tests.browser.axe import assert_accessible
from tests.browser.nav import main_menu
from tests.browser.two_factor import enter_code_if_asked, give_authenticator
from tests.factories import (
    OrganisationFactory,
    PersonFactory,
    UserFactory,
    document,
    oversight,
    past_meeting,
    seat,
)

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a-long-pass-phrase-7"


def sign_in(page, base, user):
    page.goto(base + "/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    enter_code_if_asked(page, user.email)
    expect(main_menu(page).get_by_role("link", name="My account")).to_be_visible()


def sign_out(page):
    main_menu(page).get_by_role("button", name="Sign out").click()


def staff(group, name):
    user = UserFactory(full_name=name, password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return give_authenticator(user)  # their pages ask for the second factor (decision 0028)


def test_journal_maturity_recognition_and_the_chairs_report(
    live_server, page, csp_violations, mailoutbox
):
    base = live_server.url
    ndma = OrganisationFactory(name="National Drought Management Authority", acronym="NDMA")
    chair = PersonFactory(
        organisation=ndma, user=UserFactory(full_name="Rose Wairimu", password=PASSWORD)
    ).user
    seat(oversight(), chair, role="chair")
    give_authenticator(chair)
    coordinator = staff(CONTENT_COORDINATORS, "Otieno Ochieng")
    team = staff(ADMINISTRATION_TEAM, "Wanjiru Kamau")
    meeting = past_meeting(title="Roundtable on drought response")
    brief = document(title="Drought early-warning brief")
    quarter = Quarter.current()

    # 1. The coordinator writes a journal entry linked to the meeting and the document.
    sign_in(page, base, coordinator)
    main_menu(page).get_by_role("link", name="CoP health").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("How the CoP is doing")
    assert_accessible(page)
    page.get_by_role("link", name="Results journal").click()
    assert_accessible(page)
    page.get_by_role("link", name="Write an entry").click()
    assert_accessible(page)
    page.get_by_label("Kind of entry").select_option(label="Lesson learnt")
    page.get_by_label("Title").fill("Early triggers reach households sooner")
    page.get_by_label("What was found").fill(
        "Top-ups tied to the early-warning phases came weeks earlier."
    )
    page.get_by_label("Date").fill(timezone.localdate(meeting.starts_at).isoformat())
    page.get_by_label("Meetings").select_option(value=str(meeting.pk))
    page.get_by_label("Documents").select_option(label=brief.title)
    page.get_by_role("button", name="Save the entry").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Early triggers reach households sooner"
    )
    expect(page.get_by_role("link", name="Roundtable on drought response")).to_be_visible()
    expect(page.get_by_role("link", name="Drought early-warning brief")).to_be_visible()
    assert_accessible(page)
    entry = JournalEntry.objects.get()
    assert list(entry.meetings.all()) == [meeting]
    assert list(entry.documents.all()) == [brief]
    sign_out(page)

    # 2. The Oversight chair records the quarter's maturity stage.
    sign_in(page, base, chair)
    page.goto(base + "/monitoring/maturity/")
    assert_accessible(page)
    page.get_by_role("link", name="Record this quarter's stage").click()
    assert_accessible(page)
    page.get_by_label("Quarter").select_option(value=quarter.slug)
    for dimension in (
        "Purpose and leadership",
        "Participation",
        "Knowledge sharing",
        "Value to the sector",
    ):
        group = page.get_by_role("group", name=dimension)
        group.get_by_label("Developing").check()
        group.get_by_label(f"{dimension}: why this stage").fill(
            "The working groups meet regularly."
        )
    page.get_by_role("button", name="Record the stage").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(str(quarter))
    assert_accessible(page)
    assert MaturityAssessment.objects.get().ratings.filter(stage=2).count() == 4

    # 3. ... and grants a recognition, which shows on the organisation's profile.
    page.goto(base + "/monitoring/recognition/")
    assert_accessible(page)
    page.get_by_role("link", name="Grant a recognition").click()
    assert_accessible(page)
    page.get_by_label("Award").fill("Sustained participation award")
    page.get_by_label("Organisation").select_option(label=str(ndma))
    page.get_by_label("From").fill(quarter.first_day.isoformat())
    page.get_by_label("Until").fill(quarter.first_day.isoformat())
    page.get_by_label("Citation").fill("For hosting the roundtables of the year.")
    page.get_by_role("button", name="Grant the recognition").click()
    expect(page.get_by_text("Sustained participation award is granted")).to_be_visible()
    assert Recognition.objects.get().organisation == ndma
    page.goto(base + ndma.get_absolute_url())
    expect(page.get_by_role("heading", name="Recognitions")).to_be_visible()
    expect(page.get_by_text("Sustained participation award").first).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Certificate: Sustained participation award").click()
    expect(page.get_by_role("heading", name="Certificate of participation")).to_be_visible()
    assert_accessible(page)
    sign_out(page)

    # 4. The administration team reviews the report, writes the commentary and sends it.
    sign_in(page, base, team)
    page.goto(base + f"/monitoring/reports/{quarter.slug}/")
    assert_accessible(page)
    page.get_by_label("Commentary").fill("The CoP met more often this quarter.")
    page.get_by_role("button", name="Save the commentary").click()
    expect(page.get_by_text("The commentary is saved.")).to_be_visible()
    page.get_by_role("button", name="Send the report").click()
    expect(page.get_by_text("The report was sent to 1 people")).to_be_visible()
    assert_accessible(page)
    report = QuarterlyReport.objects.get()
    assert report.status == QuarterlyReport.Status.SENT
    assert [message.to for message in mailoutbox] == [[chair.email]]
    assert "The CoP met more often this quarter." in mailoutbox[0].alternatives[0][0]
    assert report.document.visibility == Document.Visibility.COMMITTEE
    page.get_by_role("link", name="The filed document").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("The chair's quarterly report")
    assert csp_violations == []
