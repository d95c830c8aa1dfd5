from django.db import transaction

from .models import User


def user_set_language(*, user: User, language: str) -> None:
    """Remember a signed-in person's interface language."""
    if user.preferred_language != language:
        user.preferred_language = language
        user.save(update_fields=["preferred_language"])


PROFILE_FIELDS = ("full_name", "job_title", "phone", "preferred_language")


def user_update_profile(*, user: User, full_name, job_title, phone, preferred_language) -> User:
    """Save a person's own profile from cleaned values (the profile form's)."""
    values = {
        "full_name": full_name,
        "job_title": job_title,
        "phone": phone,
        "preferred_language": preferred_language,
    }
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        for name, value in values.items():
            setattr(user, name, value)
        others = [f.name for f in User._meta.concrete_fields if f.name not in PROFILE_FIELDS]
        user.clean_fields(exclude=others)
        user.save(update_fields=list(PROFILE_FIELDS))
    return user
