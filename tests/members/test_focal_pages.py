import re

import pytest
from django.urls import reverse

from members import selectors, services
from members.models import (
    CodeOfConduct,
    County,
    Invitation,
    Organisation,
    Person,
    Pillar,
    Programme,
    ReachFigure,
)
from tests.factories import (
    OrganisationFactory,
    PersonFactory,
    ProgrammeFactory,
    UserFactory,
    focal_person,
    image_upload,
    make_invitation,
    text_upload,
)

pytestmark = pytest.mark.django_db

MY_ORGANISATION = reverse("members:my_organisation")
MY_PROGRAMMES = reverse("members:my_programmes")
MY_PEOPLE = reverse("members:my_people")
PROGRAMME_ADD = reverse("members:programme_add")


@pytest.fixture
def focal(client):
    """A signed-in focal person of an active organisation."""
    person = focal_person()
    client.force_login(person.user)
    return person


def profile_data(organisation, **changes):
    data = {
        "acronym": organisation.acronym,
        "legal_status": organisation.legal_status,
        "registration_number": organisation.registration_number,
        "pillars": [p.pk for p in organisation.pillars.all()],
        "counties": [c.pk for c in organisation.counties.all()],
        "description": organisation.description,
        "website": organisation.website,
        "contact_email": organisation.contact_email,
        "contact_phone": organisation.contact_phone,
    }
    data.update(changes)
    return data


def reach_management(total=0, initial=0):
    return {
        "reach-TOTAL_FORMS": str(total),
        "reach-INITIAL_FORMS": str(initial),
        "reach-MIN_NUM_FORMS": "0",
        "reach-MAX_NUM_FORMS": "1000",
    }


def programme_data(name="Inua Jamii", reach=(), initial=(), **changes):
    """POST data for the programme form: ``initial`` are existing figures (dicts with id),
    ``reach`` new ones."""
    data = {
        "name": name,
        "pillar": Pillar.objects.get(slug="social-assistance").pk,
        "description": "Cash transfers to older persons.",
        "start_year": "2013",
        "url": "",
        **reach_management(len(initial) + len(reach), len(initial)),
    }
    for i, figure in enumerate([*initial, *reach]):
        for key, value in figure.items():
            data[f"reach-{i}-{key}"] = "" if value is None else value
    data.update(changes)
    return data


def figure(year=2024, county=None, unit="people", reached=1000, source="MIS", **extra):
    return {
        "year": year,
        "county": county.pk if county else "",
        "unit": unit,
        "reached": reached,
        "source": source,
        **extra,
    }


# --- Who may open the pages ---------------------------------------------------------------

PAGES = [MY_ORGANISATION, MY_PROGRAMMES, MY_PEOPLE, PROGRAMME_ADD]


@pytest.mark.parametrize("url", PAGES)
def test_focal_person_opens_every_page(client, focal, url):
    response = client.get(url)

    assert response.status_code == 200
    assert focal.organisation.name in response.content.decode()


@pytest.mark.parametrize("url", PAGES)
def test_a_member_who_is_not_focal_person_gets_404(client, url):
    client.force_login(PersonFactory(is_focal_person=False).user)

    assert client.get(url).status_code == 404
    assert client.post(url, {}).status_code == 404


@pytest.mark.parametrize("url", PAGES)
def test_a_user_without_membership_gets_404(client, user, url):
    client.force_login(user)

    assert client.get(url).status_code == 404


@pytest.mark.parametrize("status", [Organisation.Status.SUSPENDED, Organisation.Status.TERMINATED])
@pytest.mark.parametrize("url", PAGES)
def test_focal_person_of_an_inactive_organisation_is_refused(client, url, status):
    person = focal_person(OrganisationFactory(status=status))
    client.force_login(person.user)

    assert client.get(url).status_code == 404


def test_removed_focal_person_is_refused(client):
    person = focal_person()
    Person.objects.filter(pk=person.pk).update(removed_at="2025-01-01T00:00Z")
    client.force_login(person.user)

    assert client.get(MY_ORGANISATION).status_code == 404


@pytest.mark.parametrize("url", PAGES)
def test_visitor_is_sent_to_sign_in(client, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("url", PAGES)
def test_focal_person_must_accept_the_current_code_first(client, focal, url):
    CodeOfConduct.objects.create(version="1.0", text="Be kind.")

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == reverse("members:code_of_conduct") + "?next=" + url


def test_focal_person_who_accepted_the_code_gets_in(client, focal):
    code = CodeOfConduct.objects.create(version="1.0", text="Be kind.")
    code.acceptances.create(user=focal.user)

    assert client.get(MY_ORGANISATION).status_code == 200


def test_account_menu_shows_my_organisation_to_focal_people_only(client):
    focal = focal_person()
    colleague = PersonFactory(organisation=focal.organisation)
    link = f'href="{MY_ORGANISATION}"'

    client.force_login(focal.user)
    assert link in client.get(reverse("accounts:profile")).content.decode()

    client.force_login(colleague.user)
    assert link not in client.get(reverse("accounts:profile")).content.decode()


def test_account_menu_costs_no_extra_query_for_non_members(
    client, user, django_assert_max_num_queries
):
    client.force_login(user)

    # session, user, the profile page's own reads; the menu adds the one person_for query.
    with django_assert_max_num_queries(4):
        response = client.get(reverse("accounts:profile"))
    assert f'href="{MY_ORGANISATION}"' not in response.content.decode()


# --- Profile ------------------------------------------------------------------------------


def test_focal_person_edits_the_profile(client, focal):
    organisation = focal.organisation
    nairobi = County.objects.get(name="Nairobi")
    security = Pillar.objects.get(slug="social-security")

    response = client.post(
        MY_ORGANISATION,
        profile_data(
            organisation,
            acronym="KRCS",
            legal_status="Society established by an Act of Parliament",
            description="Humanitarian work across Kenya.",
            website="https://www.redcross.or.ke",
            pillars=[security.pk],
            counties=[nairobi.pk],
            contact_phone="+254 703 037000",
        ),
    )

    assert response.status_code == 302
    assert response["Location"] == MY_ORGANISATION
    organisation.refresh_from_db()
    assert organisation.acronym == "KRCS"
    assert organisation.website == "https://www.redcross.or.ke"
    assert list(organisation.pillars.all()) == [security]
    assert list(organisation.counties.all()) == [nairobi]
    assert "has been saved" in client.get(MY_ORGANISATION).content.decode()


def test_name_category_and_status_stay_with_the_administration(client, focal):
    organisation = focal.organisation
    before = (organisation.name, organisation.category, organisation.status)

    client.post(
        MY_ORGANISATION,
        profile_data(organisation, name="Renamed", category="media", status="terminated"),
    )

    organisation.refresh_from_db()
    assert (organisation.name, organisation.category, organisation.status) == before


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"website": "not a url"}, "Enter a valid URL"),
        ({"contact_email": "desk@"}, "Enter a valid email address"),
        ({"contact_phone": "call us"}, "Enter a phone number of digits"),
        ({"pillars": ["9999"]}, "Select a valid choice"),
        ({"acronym": "A" * 40}, "at most 32 characters"),
    ],
)
def test_profile_bad_input_is_refused_and_stores_nothing(client, focal, changes, message):
    organisation = focal.organisation
    before = Organisation.objects.values().get(pk=organisation.pk)

    response = client.post(
        MY_ORGANISATION, profile_data(organisation, description="Changed", **changes)
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    assert Organisation.objects.values().get(pk=organisation.pk) == before


def test_logo_is_stored_under_a_new_name_and_shown_on_the_profile(client, focal):
    organisation = focal.organisation

    response = client.post(
        MY_ORGANISATION, {**profile_data(organisation), "logo": image_upload("my logo.png")}
    )

    assert response.status_code == 302
    organisation.refresh_from_db()
    assert re.fullmatch(
        rf"logos/\d{{4}}/{organisation.slug}-[0-9a-f]{{8}}\.png", organisation.logo.name
    )

    logo_url = reverse("members:organisation_logo", kwargs={"slug": organisation.slug})
    served = client.get(logo_url)
    assert served.status_code == 200
    assert served["Content-Type"] == "image/png"
    assert b"".join(served.streaming_content).startswith(b"\x89PNG")

    html = client.get(organisation.get_absolute_url()).content.decode()
    img = re.search(r"<img[^>]*organisation-logo[^>]*>", html).group(0)
    assert logo_url in img
    assert f'alt="Logo of {organisation.name}"' in img
    assert 'width="120"' in img and 'height="120"' in img and 'loading="lazy"' in img


@pytest.mark.parametrize("kind", ["JPEG", "WEBP"])
def test_jpeg_and_webp_logos_are_accepted(client, focal, kind):
    upload = image_upload(f"logo.{kind.lower()}", kind=kind)

    response = client.post(MY_ORGANISATION, {**profile_data(focal.organisation), "logo": upload})

    assert response.status_code == 302
    focal.organisation.refresh_from_db()
    assert focal.organisation.logo


def test_a_renamed_text_file_is_refused_as_logo(client, focal, settings):
    organisation = focal.organisation

    response = client.post(
        MY_ORGANISATION,
        {**profile_data(organisation, acronym="NEW"), "logo": text_upload("logo.png")},
    )

    assert response.status_code == 200
    assert "Upload a valid image" in response.content.decode()
    organisation.refresh_from_db()
    assert not organisation.logo
    assert organisation.acronym != "NEW"
    assert not settings.MEDIA_ROOT.exists() or not list(settings.MEDIA_ROOT.rglob("*.*"))


def test_a_gif_logo_is_refused(client, focal):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (10, 10)).save(buffer, "GIF")
    upload = SimpleUploadedFile("logo.png", buffer.getvalue(), "image/png")

    response = client.post(MY_ORGANISATION, {**profile_data(focal.organisation), "logo": upload})

    assert "This file is not a real PNG file" in response.content.decode()
    focal.organisation.refresh_from_db()
    assert not focal.organisation.logo


def test_a_logo_over_the_size_limit_is_refused(client, focal, settings):
    settings.LOGO_MAX_SIZE = 100

    response = client.post(
        MY_ORGANISATION, {**profile_data(focal.organisation), "logo": image_upload(size=(300, 300))}
    )

    assert "the limit is 100" in response.content.decode()
    focal.organisation.refresh_from_db()
    assert not focal.organisation.logo


def test_replacing_the_logo_deletes_the_old_file(client, focal, send_on_commit):
    organisation = focal.organisation
    client.post(MY_ORGANISATION, {**profile_data(organisation), "logo": image_upload()})
    organisation.refresh_from_db()
    old = organisation.logo.name

    with send_on_commit():
        client.post(MY_ORGANISATION, {**profile_data(organisation), "logo": image_upload()})

    organisation.refresh_from_db()
    assert organisation.logo.name != old
    assert not organisation.logo.storage.exists(old)
    assert organisation.logo.storage.exists(organisation.logo.name)


def test_logo_of_an_organisation_without_one_or_not_active_is_404(client):
    plain = OrganisationFactory()
    suspended = OrganisationFactory(status=Organisation.Status.SUSPENDED, logo="logos/x.png")

    for organisation in (plain, suspended):
        url = reverse("members:organisation_logo", kwargs={"slug": organisation.slug})
        assert client.get(url).status_code == 404


# --- Programmes ---------------------------------------------------------------------------


@pytest.mark.parametrize("count", [1, 4])
def test_programme_list_runs_a_fixed_number_of_queries(
    client, focal, django_assert_num_queries, count
):
    nairobi, kisumu = County.objects.filter(name__in=["Nairobi", "Kisumu"])
    for i in range(count):
        programme = ProgrammeFactory(organisation=focal.organisation, name=f"Programme {i}")
        programme.counties.add(nairobi, kisumu)
        ReachFigure.objects.create(programme=programme, year=2024, reached=10, source="MIS")
        ReachFigure.objects.create(
            programme=programme, year=2024, county=kisumu, reached=5, source="MIS"
        )
    ProgrammeFactory()  # another organisation's: not listed

    # 1 session, 2 user, 3 person with organisation, 4 current code of conduct,
    # 5 programmes with pillars, 6 their counties, 7 their reach figures with counties.
    with django_assert_num_queries(7):
        response = client.get(MY_PROGRAMMES)

    assert len(response.context["programmes"]) == count
    assert "Programme 0" in response.content.decode()


def test_focal_person_adds_a_programme_with_reach_figures(client, focal):
    kisumu = County.objects.get(name="Kisumu")

    response = client.post(
        PROGRAMME_ADD,
        programme_data(
            reach=[
                figure(2024, None, reached=1200000, source="Annual report 2024"),
                figure(2024, kisumu, unit="households", reached=35000),
                figure(year="", reached="", source="", unit="people"),  # empty line: ignored
            ],
            counties=[kisumu.pk],
        ),
    )

    assert response.status_code == 302
    assert response["Location"] == MY_PROGRAMMES
    programme = Programme.objects.get(organisation=focal.organisation)
    assert programme.name == "Inua Jamii"
    assert list(programme.counties.all()) == [kisumu]
    figures = programme.reach.order_by("reached")
    assert list(figures.values_list("year", "county__name", "unit", "reached")) == [
        (2024, "Kisumu", "households", 35000),
        (2024, None, "people", 1200000),
    ]
    html = client.get(MY_PROGRAMMES).content.decode()
    assert "1,200,000" in html and "Annual report 2024" in html


def test_focal_person_edits_and_deletes_reach_figures(client, focal):
    programme = ProgrammeFactory(organisation=focal.organisation, name="Old name")
    keep = ReachFigure.objects.create(programme=programme, year=2023, reached=10, source="MIS")
    drop = ReachFigure.objects.create(programme=programme, year=2022, reached=9, source="MIS")
    url = reverse("members:programme_edit", kwargs={"pk": programme.pk})

    assert client.get(url).status_code == 200
    response = client.post(
        url,
        programme_data(
            name="New name",
            initial=[
                figure(2023, reached=20, id=keep.pk, programme=programme.pk),
                figure(2022, reached=9, id=drop.pk, programme=programme.pk, DELETE="on"),
            ],
            reach=[figure(2024, reached=30)],
        ),
    )

    assert response.status_code == 302
    programme.refresh_from_db()
    assert programme.name == "New name"
    assert sorted(programme.reach.values_list("year", "reached")) == [(2023, 20), (2024, 30)]


@pytest.mark.parametrize(
    ("reach", "changes", "message"),
    [
        ([figure(year=1800)], {}, "Enter a year between 1963 and"),
        ([figure(year=2999)], {}, "Enter a year between 1963 and"),
        ([figure(reached=-5)], {}, "cannot be negative"),
        ([figure(source="")], {}, "This field is required"),
        ([figure(2024), figure(2024)], {}, "There are two figures for 2024, national"),
        ([], {"start_year": "1800"}, "Enter a start year between 1900 and"),
        ([], {"name": ""}, "This field is required"),
        ([], {"pillar": ""}, "This field is required"),
        ([], {"url": "nope"}, "Enter a valid URL"),
    ],
)
def test_programme_bad_input_is_refused_and_stores_nothing(client, focal, reach, changes, message):
    response = client.post(PROGRAMME_ADD, programme_data(reach=[figure(2020), *reach], **changes))

    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert "Nothing was saved" in html
    assert not Programme.objects.exists()
    assert not ReachFigure.objects.exists()


def test_duplicate_county_figure_on_edit_leaves_the_programme_unchanged(client, focal):
    kisumu = County.objects.get(name="Kisumu")
    programme = ProgrammeFactory(organisation=focal.organisation, name="Kept")
    existing = ReachFigure.objects.create(
        programme=programme, year=2024, county=kisumu, reached=10, source="MIS"
    )
    url = reverse("members:programme_edit", kwargs={"pk": programme.pk})

    response = client.post(
        url,
        programme_data(
            name="Changed",
            initial=[figure(2024, kisumu, reached=10, id=existing.pk, programme=programme.pk)],
            reach=[figure(2024, kisumu, reached=99)],
        ),
    )

    assert "There are two figures for 2024, Kisumu" in response.content.decode()
    programme.refresh_from_db()
    assert programme.name == "Kept"
    assert list(programme.reach.values_list("reached", flat=True)) == [10]


def test_a_programme_name_is_unique_within_the_organisation(client, focal):
    ProgrammeFactory(organisation=focal.organisation, name="Inua Jamii")
    ProgrammeFactory(name="Elsewhere")  # another organisation may use any name

    response = client.post(PROGRAMME_ADD, programme_data(name="inua jamii"))
    assert "already has a programme called inua jamii" in response.content.decode()
    assert Programme.objects.filter(organisation=focal.organisation).count() == 1

    assert client.post(PROGRAMME_ADD, programme_data(name="Elsewhere")).status_code == 302


def test_programme_delete_asks_then_deletes(client, focal):
    programme = ProgrammeFactory(organisation=focal.organisation, name="Ending")
    ReachFigure.objects.create(programme=programme, year=2023, reached=10, source="MIS")
    url = reverse("members:programme_delete", kwargs={"pk": programme.pk})

    confirm = client.get(url)
    assert confirm.status_code == 200
    assert "Delete Ending?" in confirm.content.decode()
    assert Programme.objects.filter(pk=programme.pk).exists()

    response = client.post(url)
    assert response["Location"] == MY_PROGRAMMES
    assert not Programme.objects.filter(pk=programme.pk).exists()
    assert not ReachFigure.objects.exists()


def test_programme_of_another_organisation_answers_404(client, focal):
    other = ProgrammeFactory(name="Not yours")
    edit = reverse("members:programme_edit", kwargs={"pk": other.pk})
    delete = reverse("members:programme_delete", kwargs={"pk": other.pk})

    assert client.get(edit).status_code == 404
    assert client.post(edit, programme_data(name="Hijacked")).status_code == 404
    assert client.get(delete).status_code == 404
    assert client.post(delete).status_code == 404
    other.refresh_from_db()
    assert other.name == "Not yours"


def test_non_focal_colleague_cannot_delete_a_programme(client):
    colleague = PersonFactory()
    programme = ProgrammeFactory(organisation=colleague.organisation)
    client.force_login(colleague.user)

    url = reverse("members:programme_delete", kwargs={"pk": programme.pk})
    assert client.post(url).status_code == 404
    assert Programme.objects.filter(pk=programme.pk).exists()


# --- People -------------------------------------------------------------------------------


@pytest.mark.parametrize("count", [1, 5])
def test_people_page_runs_a_fixed_number_of_queries(
    client, focal, django_assert_num_queries, count
):
    for i in range(count):
        PersonFactory(organisation=focal.organisation)
        make_invitation(
            token=f"token-{i}", organisation=focal.organisation, email=f"guest{i}@example.org"
        )
    PersonFactory()  # another organisation's

    # 1 session, 2 user, 3 person with organisation, 4 current code of conduct,
    # 5 people with their users, 6 open invitations.
    with django_assert_num_queries(6):
        response = client.get(MY_PEOPLE)

    html = response.content.decode()
    assert len(response.context["people"]) == count + 1
    assert len(response.context["invitations"]) == count
    assert "guest0@example.org" in html


def test_people_page_shows_name_title_email_and_focal(client, focal):
    colleague = PersonFactory(
        organisation=focal.organisation, user=UserFactory(full_name="Achieng Otieno")
    )

    html = client.get(MY_PEOPLE).content.decode()

    assert "Achieng Otieno" in html
    assert colleague.user.email in html
    assert colleague.user.job_title in html
    assert reverse("members:person_remove", kwargs={"pk": colleague.pk}) in html
    # No button to remove oneself.
    assert reverse("members:person_remove", kwargs={"pk": focal.pk}) not in html


def test_focal_person_invites_a_colleague_by_email(
    client, focal, mailoutbox, send_on_commit, settings
):
    with send_on_commit():
        response = client.post(
            MY_PEOPLE, {"full_name": "Wanjiru Kamau", "email": "Wanjiru@Example.org"}
        )

    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.organisation) == (
        "wanjiru@example.org",
        focal.organisation,
    )
    assert invitation.purpose == Invitation.Purpose.JOIN
    [message] = mailoutbox
    assert message.to == ["wanjiru@example.org"]
    assert focal.organisation.name in message.subject
    assert "Invitation to join" in message.subject
    link = re.search(re.escape(settings.SITE_URL) + r"/members/invitations/(\S+)/", message.body)
    assert link is not None
    assert focal.user.full_name in message.body
    assert "Dear Wanjiru Kamau" in message.body
    # The link's token is the one stored (hashed) on the invitation.
    assert services.invitation_for_token(link.group(1)) == invitation


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"full_name": "Wanjiru Kamau", "email": "not-an-address"}, "Enter a valid email"),
        ({"full_name": "", "email": "a@example.org"}, "This field is required"),
        ({"full_name": "W", "email": "a@example.org"}, "Enter the colleague"),
    ],
)
def test_invite_bad_input_is_refused_and_sends_nothing(
    client, focal, mailoutbox, send_on_commit, data, message
):
    with send_on_commit():
        response = client.post(MY_PEOPLE, data)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Invitation.objects.exists()
    assert mailoutbox == []


def test_inviting_a_member_or_someone_already_invited_is_refused(client, focal, mailoutbox):
    member = PersonFactory()
    make_invitation(organisation=focal.organisation, email="waiting@example.org")

    first = client.post(MY_PEOPLE, {"full_name": "Some One", "email": member.user.email})
    second = client.post(MY_PEOPLE, {"full_name": "Some One", "email": "waiting@example.org"})

    assert "already belongs to a member organisation" in first.content.decode()
    assert "already waiting" in second.content.decode()
    assert Invitation.objects.count() == 1


def test_focal_person_withdraws_an_invitation(client, focal):
    invitation = make_invitation(organisation=focal.organisation)

    response = client.post(
        reverse("members:invitation_revoke", kwargs={"pk": invitation.pk}), follow=True
    )

    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    assert "has been withdrawn" in response.content.decode()
    assert response.context["invitations"] == []


def test_invitation_of_another_organisation_cannot_be_withdrawn(client, focal):
    invitation = make_invitation()
    url = reverse("members:invitation_revoke", kwargs={"pk": invitation.pk})

    assert client.post(url).status_code == 404
    assert client.get(url).status_code == 405
    invitation.refresh_from_db()
    assert invitation.revoked_at is None


def test_removing_a_person_asks_first_then_ends_their_access(
    client, focal, mailoutbox, send_on_commit
):
    colleague = PersonFactory(organisation=focal.organisation)
    url = reverse("members:person_remove", kwargs={"pk": colleague.pk})
    assert selectors.has_member_access(colleague.user)

    confirm = client.get(url)
    assert confirm.status_code == 200
    assert "loses access" in confirm.content.decode()
    colleague.refresh_from_db()
    assert colleague.removed_at is None

    with send_on_commit():
        response = client.post(url)

    assert response["Location"] == MY_PEOPLE
    colleague.refresh_from_db()
    assert colleague.removed_at is not None
    user = type(colleague.user).objects.get(pk=colleague.user.pk)
    assert not selectors.has_member_access(user)
    [message] = mailoutbox
    assert message.to == [colleague.user.email]
    assert focal.organisation.name in message.subject
    assert focal.user.full_name in message.body
    html = client.get(MY_PEOPLE).content.decode()
    assert colleague.user.email not in html


def test_removed_person_loses_member_pages(client, focal):
    CodeOfConduct.objects.create(version="1.0", text="Be kind.")
    colleague = PersonFactory(organisation=focal.organisation, is_focal_person=True)
    colleague.user.conduct_acceptances.create(code=CodeOfConduct.objects.get())
    focal.user.conduct_acceptances.create(code=CodeOfConduct.objects.get())

    client.post(reverse("members:person_remove", kwargs={"pk": colleague.pk}))

    client.force_login(colleague.user)
    assert client.get(MY_ORGANISATION).status_code == 404


def test_focal_person_cannot_remove_themselves(client, focal):
    response = client.post(reverse("members:person_remove", kwargs={"pk": focal.pk}), follow=True)

    assert "You cannot remove yourself" in response.content.decode()
    focal.refresh_from_db()
    assert focal.removed_at is None


def test_person_of_another_organisation_cannot_be_removed_or_promoted(client, focal):
    stranger = PersonFactory()

    remove = reverse("members:person_remove", kwargs={"pk": stranger.pk})
    promote = reverse("members:person_focal", kwargs={"pk": stranger.pk})
    assert client.get(remove).status_code == 404
    assert client.post(remove).status_code == 404
    assert client.post(promote, {"is_focal": "1"}).status_code == 404
    stranger.refresh_from_db()
    assert stranger.removed_at is None and not stranger.is_focal_person


def test_focal_person_makes_and_unmakes_a_focal_person(client, focal):
    colleague = PersonFactory(organisation=focal.organisation)
    url = reverse("members:person_focal", kwargs={"pk": colleague.pk})

    made = client.post(url, {"is_focal": "1"}, follow=True)
    colleague.refresh_from_db()
    assert colleague.is_focal_person
    assert "is now a focal person" in made.content.decode()

    client.post(url, {"is_focal": "0"})
    colleague.refresh_from_db()
    assert not colleague.is_focal_person


def test_focal_person_cannot_step_down_themselves(client, focal):
    url = reverse("members:person_focal", kwargs={"pk": focal.pk})

    response = client.post(url, {"is_focal": "0"}, follow=True)

    assert "You cannot step down yourself" in response.content.decode()
    focal.refresh_from_db()
    assert focal.is_focal_person


def test_person_focal_only_answers_post(client, focal):
    colleague = PersonFactory(organisation=focal.organisation)

    response = client.get(reverse("members:person_focal", kwargs={"pk": colleague.pk}))

    assert response.status_code == 405


@pytest.mark.parametrize("count", [1, 5])
def test_programme_form_reads_the_county_menu_once(client, focal, django_assert_num_queries, count):
    kisumu = County.objects.get(name="Kisumu")
    programme = ProgrammeFactory(organisation=focal.organisation)
    for year in range(2020, 2020 + count):
        ReachFigure.objects.create(
            programme=programme, year=year, county=kisumu, reached=5, source="MIS"
        )
    url = reverse("members:programme_edit", kwargs={"pk": programme.pk})

    # 1 session, 2 user, 3 person with organisation, 4 current code of conduct,
    # 5 the programme, 6 its counties (initial), 7 its figures with counties,
    # 8 pillar menu, 9 programme county menu, 10 the figures' county menu (shared).
    with django_assert_num_queries(10):
        response = client.get(url)
    assert response.status_code == 200


def test_invitations_are_limited_per_hour_and_the_one_over_sends_nothing(
    client, focal, mailoutbox, send_on_commit, monkeypatch
):
    from members.views import focal as focal_views

    monkeypatch.setattr(focal_views, "INVITATIONS_PER_HOUR", 2)
    for number in range(2):
        with send_on_commit():
            response = client.post(
                MY_PEOPLE, {"full_name": "Wanjiru Kamau", "email": f"w{number}@example.org"}
            )
        assert response.status_code == 302

    with send_on_commit():
        response = client.post(
            MY_PEOPLE, {"full_name": "Wanjiru Kamau", "email": "third@example.org"}
        )

    assert response.status_code == 200
    assert "You have sent 2 invitations in the last hour" in response.content.decode()
    assert not Invitation.objects.filter(email="third@example.org").exists()
    assert len(mailoutbox) == 2
