"""Test factories (factory_boy) and builders of state, made through the services."""

from tests.factories.members import (
    OrganisationFactory,
    PersonFactory,
    ProgrammeFactory,
    UserFactory,
)

__all__ = ["OrganisationFactory", "PersonFactory", "ProgrammeFactory", "UserFactory"]
