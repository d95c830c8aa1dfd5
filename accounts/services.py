from django.db import transaction

from .models import User


def user_set_language(*, user: User, language: str) -> None:
    """Remember a signed-in person's interface language."""
    if user.preferred_language != language:
        user.preferred_language = language
        user.save(update_fields=["preferred_language"])


@transaction.atomic
def user_update_profile(*, user: User, form) -> User:
    """Save the profile form for the person it belongs to."""
    form.instance = user
    return form.save()
