"""Sector milestones in Chromium: a focal person reports a figure, the administration team
verifies it, and the dashboard, the map, the county page, the open data and the home page
all show the new number; each page axe-clean on a 360 px phone and on a desktop."""

import json

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from accounts.roles import ADMINISTRATION_TEAM
from members.models import CodeOfConduct, County, ReachFigure
from milestones.charts import SHADES
from tests.browser.axe import assert_accessible
from tests.browser.nav import main_menu
from tests.browser.two_factor import enter_code_if_asked, give_authenticator
from tests.factories import PersonFactory, ProgrammeFactory, UserFactory, verified_figure

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a-long-pass-phrase-7"
PHONE = {"width": 360, "height": 780}
DESKTOP = {"width": 1280, "height": 900}


def sign_in(page, base, user):
    page.goto(base + "/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    enter_code_if_asked(page, user.email)
    expect(main_menu(page).get_by_role("link", name="My account")).to_be_visible()


def sign_out(page):
    main_menu(page).get_by_role("button", name="Sign out").click()


def accessible_on_phone_and_desktop(page):
    for size in (PHONE, DESKTOP):
        page.set_viewport_size(size)
        assert_accessible(page)


def test_a_reported_figure_once_verified_shows_everywhere(live_server, page, csp_violations):
    base = live_server.url
    programme = ProgrammeFactory(name="Lake Basin cash plus", organisation__name="Ziwa Relief")
    programme.counties.add(County.objects.get(slug="kisumu"))
    focal = PersonFactory(
        organisation=programme.organisation,
        is_focal_person=True,
        user=UserFactory(password=PASSWORD),
    )
    code = CodeOfConduct.objects.create(version="1.0", text="Share in good faith.")
    code.acceptances.create(user=focal.user)
    verified_figure(programme, year=2025, county="siaya", reached=1000)
    team = UserFactory(password=PASSWORD, is_staff=True, full_name="Wanjiku Admin")
    team.groups.add(Group.objects.get(name=ADMINISTRATION_TEAM))
    give_authenticator(team)  # verifying asks for the second factor (decision 0028)
    code.acceptances.create(user=team)

    # 1. The focal person reports 4,321 people reached in Kisumu in 2025.
    sign_in(page, base, focal.user)
    page.goto(base + "/members/my-organisation/programmes/")
    accessible_on_phone_and_desktop(page)
    page.get_by_role("link", name="Edit Lake Basin cash plus").click()
    page.locator("#id_reach-1-year").fill("2025")
    page.locator("#id_reach-1-county").select_option(label="Kisumu")
    page.locator("#id_reach-1-reached").fill("4321")
    page.locator("#id_reach-1-source").fill("Programme MIS, December 2025")
    page.get_by_role("button", name="Save programme").click()
    expect(page.get_by_text("Waiting for verification").first).to_be_visible()
    accessible_on_phone_and_desktop(page)
    figure = ReachFigure.objects.get(county__slug="kisumu")
    assert figure.status == ReachFigure.Status.REPORTED
    sign_out(page)

    # Not yet verified: not in public.
    page.goto(base + "/milestones/")
    expect(page.locator(".headline-figures__total")).to_have_text("1,000")

    # 2. The administration team verifies it.
    sign_in(page, base, team)
    page.goto(base + "/milestones/reports/?year=2025")
    accessible_on_phone_and_desktop(page)
    page.get_by_role("button", name="Verify Lake Basin cash plus").click()
    expect(page.get_by_text("Nothing is waiting.")).to_be_visible()
    figure.refresh_from_db()
    assert (figure.status, figure.decided_by) == (ReachFigure.Status.VERIFIED, team)
    sign_out(page)

    # 3. A visitor sees the new number on the dashboard and the map.
    page.goto(base + "/milestones/")
    expect(page.locator(".headline-figures__total")).to_have_text("5,321")
    tile = page.locator('rect[data-county="kisumu"]')
    assert tile.get_attribute("fill") == SHADES[-1]
    assert page.locator('rect[data-county="nairobi"]').get_attribute("fill") == SHADES[0]
    accessible_on_phone_and_desktop(page)

    # 4. The county page.
    page.get_by_role("link", name="KSM: Kisumu, 4,321 beneficiaries reported").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kisumu County")
    expect(page.locator(".headline-figures__total")).to_have_text("4,321")
    expect(page.get_by_role("link", name="Lake Basin cash plus").first).to_be_visible()
    accessible_on_phone_and_desktop(page)

    # 5. The open data.
    counties = json.loads(page.request.get(base + "/milestones/data/counties.json").text())
    kisumu = next(row for row in counties["rows"] if row["county"] == "kisumu")
    assert kisumu["beneficiaries_reported"] == 4321
    assert counties["licence"] == "CC-BY-4.0"
    csv_text = page.request.get(base + "/milestones/data/counties.csv").text()
    assert "42,kisumu,Kisumu,4321" in csv_text

    # 6. The home page.
    page.goto(base + "/")
    expect(page.locator(".home-figures__total")).to_have_text("5,321")
    accessible_on_phone_and_desktop(page)
    assert csp_violations == []
