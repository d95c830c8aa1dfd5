"""The members app's forms, one module for each part of the site, like the views:
``directory`` (the code of conduct), ``applications`` (applying and nominations),
``review`` (the reviewers' page) and ``focal`` (the focal persons' pages and invitations).
The helper they share is here."""

from django.db import models


def https_urls(db_field, **kwargs):
    """Form fields for a ModelForm in which web addresses typed without a scheme get https."""
    if isinstance(db_field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return db_field.formfield(**kwargs)
