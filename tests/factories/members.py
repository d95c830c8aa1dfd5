import factory
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Faker("name")
    job_title = "Programme officer"
    password = factory.django.Password("correct-horse-battery")

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        """A verified primary address, as allauth needs for login (pass verified=False to skip)."""
        if create and extracted is not False:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


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
