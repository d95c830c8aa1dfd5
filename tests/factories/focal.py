"""Helpers for the focal-person and invitation tests."""

import io
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from members import services
from members.models import Invitation
from tests.factories import OrganisationFactory, PersonFactory


def focal_person(organisation=None, **kwargs):
    """A focal person (a Person row) of ``organisation`` (a new active one by default)."""
    return PersonFactory(
        organisation=organisation or OrganisationFactory(), is_focal_person=True, **kwargs
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


def image_upload(name="logo.png", kind="PNG", size=(40, 30)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (11, 93, 59)).save(buffer, kind)
    content_type = {"PNG": "image/png", "JPEG": "image/jpeg", "WEBP": "image/webp"}[kind]
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=content_type)


def text_upload(name="logo.png"):
    """A text file renamed to look like an image."""
    return SimpleUploadedFile(name, b"just some text, not an image\n" * 20, "image/png")
