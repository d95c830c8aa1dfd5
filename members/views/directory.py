"""The public side of the members app: the member directory, an organisation's profile,
the code of conduct to accept, and a person's own membership page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from core.page_cache import cache_public_page

from .. import selectors, services
from ..filters import DirectoryFilter
from ..forms.directory import AcceptCodeForm
from ..models import Organisation
from ..signals import sections_for_organisation_page

DIRECTORY_PAGE_SIZE = 24


@cache_public_page
def directory(request):
    filterset = DirectoryFilter(request.GET or None, queryset=Organisation.objects.for_directory())
    page = Paginator(filterset.qs, DIRECTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "members/directory.html",
        {"filter": filterset, "page": page, "query": query.urlencode()},
    )


@cache_public_page
def organisation_detail(request, slug):
    try:
        organisation = selectors.organisation_profile(slug=slug, user=request.user)
    except Organisation.DoesNotExist:
        raise Http404 from None
    has_access = selectors.has_member_access(request.user)
    is_member = has_access and selectors.has_accepted_current_code(request.user)
    return render(
        request,
        "members/organisation_detail.html",
        {
            "organisation": organisation,
            "is_member": is_member,
            "must_accept_code": has_access and not is_member,
            "focal_people": selectors.focal_people(organisation) if is_member else [],
            "sections": sections_for_organisation_page(
                organisation=organisation, user=request.user
            ),
        },
    )


@login_required
def code_of_conduct(request):
    code = selectors.current_code_of_conduct()
    if code is None:
        raise Http404
    next_url = request.POST.get("next") or request.GET.get("next") or reverse("home")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = reverse("home")
    accepted = code.acceptances.filter(user=request.user).first()
    form = AcceptCodeForm(request.POST or None, initial={"next": next_url})
    if request.method == "POST" and not accepted and form.is_valid():
        services.code_of_conduct_accept(user=request.user, code=code)
        messages.success(request, _("Thank you: you have accepted the code of conduct."))
        return HttpResponseRedirect(next_url)
    return render(
        request,
        "members/code_of_conduct.html",
        {"code": code, "form": form, "accepted": accepted},
    )


@login_required
def membership(request):
    """A person's own membership: how they belong, what they accepted, what they applied for."""
    person = selectors.person_for(request.user)
    code = selectors.current_code_of_conduct()
    accepted = code.acceptances.filter(user=request.user).first() if code else None
    return render(
        request,
        "members/membership.html",
        {
            "person": person,
            "has_access": person is not None and person.has_member_access(),
            "code": code,
            "accepted": accepted,
            "applications": selectors.applications_of(request.user),
            "can_review": selectors.can_review(request.user) or selectors.can_decide(request.user),
        },
    )
