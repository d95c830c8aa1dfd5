"""Services of the code of conduct page: a person accepts the current version."""

from ..models import CodeOfConductAcceptance


def code_of_conduct_accept(*, user, code):
    acceptance, _created = CodeOfConductAcceptance.objects.get_or_create(user=user, code=code)
    user.__dict__.pop("_cop_accepted_code", None)  # the cached answer is out of date
    return acceptance
