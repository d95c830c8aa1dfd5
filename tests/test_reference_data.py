"""The reference rows tests put back are the ones the migrations made."""

import pytest
from django.apps import apps
from django.contrib.auth.models import Group

from members.models import County, Pillar
from tests.factories import load_reference_data

pytestmark = pytest.mark.django_db


def reference_rows():
    return (
        sorted(County.objects.values_list("code", "name", "slug")),
        sorted(Pillar.objects.values_list("slug", "name", "order")),
        {
            group.name: sorted(group.permissions.values_list("content_type__app_label", "codename"))
            for group in Group.objects.all()
        },
    )


def test_load_reference_data_puts_back_what_the_migrations_made():
    migrated = reference_rows()
    assert len(migrated[0]) == 47 and len(migrated[1]) == 3 and migrated[2]
    County.objects.all().delete()
    Pillar.objects.all().delete()
    Group.objects.all().delete()

    load_reference_data(apps)

    assert reference_rows() == migrated


def test_load_reference_data_twice_changes_nothing():
    migrated = reference_rows()
    load_reference_data(apps)
    load_reference_data(apps)
    assert reference_rows() == migrated
