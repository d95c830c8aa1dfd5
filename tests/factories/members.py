"""Organisations, their people and programmes, members in a role, and invitations."""

from datetime import timedelta

import factory
from django.utils import timezone

from members import services
from members.models import Invitation
from tests.factories.accounts import UserFactory, grant


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "members.Organisation"
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Organisation {n}")
    slug = factory.Sequence(lambda n: f"organisation-{n}")
    acronym = factory.Sequence(lambda n: f"ORG{n}")
    category = "national-ngo"
    contact_email = factory.Sequence(lambda n: f"info{n}@org.example")
    contact_phone = "+254 700 000000"

    @factory.post_generation
    def pillars(self, create, extracted, **kwargs):
        from members.models import Pillar

        if create:
            self.pillars.set(Pillar.objects.filter(slug__in=extracted or ["social-assistance"]))


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "members.Person"

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    kind = "staff"


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "members.Programme"

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Programme {n}")
    pillar = factory.LazyFunction(
        lambda: __import__("members.models", fromlist=["Pillar"]).Pillar.objects.first()
    )


def member(**kwargs):
    """A user who may use member features: staff of an active organisation (no code of
    conduct is published in tests, so there is none to accept). ``kwargs`` go to
    PersonFactory: ``organisation=...``, ``user__email=...``, ``organisation__status=...``."""
    return PersonFactory(**kwargs).user


def focal_person(organisation=None, **kwargs):
    """The focal person (a Person row) of ``organisation``, a new active one by default."""
    return PersonFactory(
        organisation=organisation or OrganisationFactory(), is_focal_person=True, **kwargs
    )


def reviewer():
    """A user who may review membership applications."""
    return grant(UserFactory(), "members.review_membershipapplication")


def decider():
    """A user who may review and decide on membership applications."""
    return grant(
        UserFactory(),
        "members.review_membershipapplication",
        "members.decide_membershipapplication",
    )


def make_invitation(*, token="a-secret-token", days=14, **fields):
    """An invitation whose link carries ``token`` (only its hash is stored)."""
    fields.setdefault("purpose", Invitation.Purpose.JOIN)
    if fields["purpose"] == Invitation.Purpose.JOIN and "organisation" not in fields:
        fields["organisation"] = OrganisationFactory()
    fields.setdefault("email", "new.colleague@example.org")
    fields.setdefault("full_name", "Wanjiru Kamau")
    return Invitation.objects.create(
        token_hash=services._token_hash(token),
        expires_at=timezone.now() + timedelta(days=days),
        **fields,
    )


def reported_figure(programme=None, *, year=2024, county=None, reached=1000, **fields):
    """A reach figure reported through the service by the focal person of its organisation
    (waiting for verification). ``county`` is a County or a county slug."""
    from members import services
    from members.models import County

    programme = programme or ProgrammeFactory()
    if isinstance(county, str):
        county = County.objects.get(slug=county)
    focal = programme.organisation.people.filter(
        is_focal_person=True, removed_at=None
    ).first() or focal_person(programme.organisation)
    services.programme_save(
        programme=programme,
        acting_user=focal.user,
        name=programme.name,
        pillar=programme.pillar,
        counties=list(programme.counties.all()),
        figures=[
            {
                "pk": None,
                "year": year,
                "county": county,
                "unit": fields.pop("unit", "people"),
                "reached": reached,
                "source": fields.pop("source", "Programme MIS"),
            }
        ],
    )
    return programme.reach.get(year=year, county=county)


def verified_figure(programme=None, *, verifier=None, **kwargs):
    """A reach figure reported by its focal person and verified by the administration team."""
    from members import services
    from tests.factories.accounts import administrator

    figure = reported_figure(programme, **kwargs)
    return services.reach_figure_verify(figure=figure, acting_user=verifier or administrator())
