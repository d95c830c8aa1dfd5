"""Contact persons an applicant types into an application are told, once, that they were
named (notice at collection, s. 29 of the Data Protection Act: their data came from
someone else): by whom, why, and how to object."""

from django.utils import timezone

from core import mail
from core.personal_data import contact

from ..models import ApplicationContact


def contacts_tell_named(*, application, now=None):
    """E-mail each contact person of ``application`` not yet told (the applicant, who typed
    their own details, is not). Called inside the submitting transaction: mail goes after
    the commit, and a rolled-back submission tells no one."""
    now = now or timezone.now()
    applicant = application.applicant
    untold = ApplicationContact.objects.filter(application=application, told_at__isnull=True)
    if applicant is not None:
        untold = untold.exclude(email__iexact=applicant.email)
    for named in untold.select_for_update():
        mail.send_email(
            "members/email/contact_named",
            named.email,
            {
                "contact": named,
                "application": application,
                "applicant": applicant,
                "dpo_email": contact("PRIVACY_DPO_EMAIL"),
            },
        )
        named.told_at = now
        named.save(update_fields=["told_at"])
