"""Pages of the focal person (their organisation's profile, programmes and people) and the
acceptance of e-mailed invitations."""

from functools import wraps
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from core import files
from core.forms import add_service_error
from core.ratelimit import over_limit

from .. import selectors, services
from ..forms.focal import (
    AcceptInvitationForm,
    InvitationSignupForm,
    InviteColleagueForm,
    OrganisationProfileForm,
    ProgrammeForm,
    ReachFormSet,
)
from ..models import Invitation, Organisation, Person, Programme
from .conduct import code_of_conduct_url

ALLAUTH_BACKEND = "allauth.account.auth_backends.AuthenticationBackend"

# Invitations one person may send in an hour: each is an e-mail to an address they type.
INVITATIONS_PER_HOUR = 20


def focal_person_required(view):
    """Let through the signed-in focal person of an active organisation, who has accepted the
    current code of conduct; the view gets their organisation. Anyone else signed in gets a
    404 (these pages are theirs only); a visitor is asked to sign in."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        organisation = selectors.focal_organisation(request.user)
        if organisation is None:
            raise Http404
        if not selectors.has_accepted_current_code(request.user):
            next_url = request.path if request.method == "POST" else request.get_full_path()
            return HttpResponseRedirect(code_of_conduct_url(next_url))
        return view(request, organisation, *args, **kwargs)

    return wrapper


# --- Profile ------------------------------------------------------------------------------


@focal_person_required
def my_organisation(request, organisation):
    form = OrganisationProfileForm(
        request.POST or None, request.FILES or None, instance=organisation
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.organisation_profile_update(
                organisation=organisation, acting_user=request.user, **form.service_arguments()
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The profile of your organisation has been saved."))
            return HttpResponseRedirect(reverse("members:my_organisation"))
    if request.method == "POST":
        # The form put the submitted values on the instance: show the saved logo, not those.
        organisation.refresh_from_db()
    return render(
        request,
        "members/focal/organisation.html",
        {"organisation": organisation, "form": form, "section": "profile"},
    )


def organisation_logo(request, slug):
    """An active member's logo, for its public profile."""
    organisation = get_object_or_404(Organisation.objects.active().only("slug", "logo"), slug=slug)
    logo = organisation.logo
    if not logo:
        raise Http404
    try:
        logo.open("rb")
        content_type = files.sniff(logo)
    except FileNotFoundError:
        raise Http404 from None
    finally:
        logo.close()
    if content_type not in services.LOGO_TYPES:
        raise Http404
    response = files.serve(logo, content_type=content_type, filename=logo.name.rsplit("/", 1)[-1])
    # A logo is public: let browsers keep it (its URL changes with the file).
    response["Cache-Control"] = "public, max-age=86400"
    return response


# --- Programmes ---------------------------------------------------------------------------


@focal_person_required
def my_programmes(request, organisation):
    return render(
        request,
        "members/focal/programmes.html",
        {
            "organisation": organisation,
            "programmes": selectors.organisation_programmes(organisation),
            "section": "programmes",
        },
    )


def _programme_or_404(organisation, pk):
    return get_object_or_404(Programme, pk=pk, organisation=organisation)


@focal_person_required
def programme_edit(request, organisation, pk=None):
    programme = _programme_or_404(organisation, pk) if pk else Programme(organisation=organisation)
    data = request.POST if request.method == "POST" else None
    form = ProgrammeForm(data, instance=programme, organisation=organisation)
    formset = ReachFormSet(
        data,
        instance=programme,
        prefix="reach",
        queryset=programme.reach.select_related("county") if programme.pk else None,
    )
    if request.method == "POST":
        if form.is_valid() and formset.is_valid():
            try:
                saved = services.programme_save(
                    programme=programme,
                    acting_user=request.user,
                    figures=formset.figure_changes(),
                    **form.service_arguments(),
                )
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("%(name)s has been saved.") % {"name": saved.name})
                return HttpResponseRedirect(reverse("members:my_programmes"))
        messages.error(request, _("Nothing was saved: correct the errors below."))
    return render(
        request,
        "members/focal/programme_form.html",
        {
            "organisation": organisation,
            "programme": programme,
            "form": form,
            "formset": formset,
            "section": "programmes",
        },
    )


@focal_person_required
def programme_delete(request, organisation, pk):
    programme = _programme_or_404(organisation, pk)
    if request.method == "POST":
        services.programme_delete(programme=programme, acting_user=request.user)
        messages.success(request, _("%(name)s has been deleted.") % {"name": programme.name})
        return HttpResponseRedirect(reverse("members:my_programmes"))
    return render(
        request,
        "members/focal/programme_delete.html",
        {"organisation": organisation, "programme": programme, "section": "programmes"},
    )


# --- People -------------------------------------------------------------------------------


@focal_person_required
def my_people(request, organisation):
    form = InviteColleagueForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if over_limit(f"invite:{request.user.pk}", limit=INVITATIONS_PER_HOUR, window=3600):
            form.add_error(
                None,
                ngettext(
                    "You have sent %(limit)s invitation in the last hour. Try again later.",
                    "You have sent %(limit)s invitations in the last hour. Try again later.",
                    INVITATIONS_PER_HOUR,
                )
                % {"limit": INVITATIONS_PER_HOUR},
            )
            return _people_page(request, organisation, form)
        try:
            invitation = services.colleague_invite(
                organisation=organisation,
                email=form.cleaned_data["email"],
                full_name=form.cleaned_data["full_name"],
                acting_user=request.user,
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _("An invitation has been sent to %(email)s.") % {"email": invitation.email},
            )
            return HttpResponseRedirect(reverse("members:my_people"))
    return _people_page(request, organisation, form)


def _people_page(request, organisation, form):
    return render(
        request,
        "members/focal/people.html",
        {
            "organisation": organisation,
            "people": selectors.organisation_people(organisation),
            "invitations": selectors.open_invitations(organisation),
            "form": form,
            "section": "people",
        },
    )


def _colleague_or_404(organisation, pk):
    return get_object_or_404(
        Person.objects.select_related("user", "organisation"),
        pk=pk,
        organisation=organisation,
        removed_at=None,
    )


@require_POST
@focal_person_required
def invitation_revoke(request, organisation, pk):
    invitation = get_object_or_404(
        Invitation.objects.open().select_related("organisation"),
        pk=pk,
        organisation=organisation,
        purpose=Invitation.Purpose.JOIN,
    )
    services.invitation_revoke(invitation=invitation, acting_user=request.user)
    messages.success(
        request,
        _("The invitation to %(email)s has been withdrawn.") % {"email": invitation.email},
    )
    return HttpResponseRedirect(reverse("members:my_people"))


@focal_person_required
def person_remove(request, organisation, pk):
    person = _colleague_or_404(organisation, pk)
    if request.method == "POST":
        try:
            services.person_remove(person=person, acting_user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("%(name)s no longer belongs to %(organisation)s.")
                % {"name": person.user.full_name, "organisation": organisation.name},
            )
        return HttpResponseRedirect(reverse("members:my_people"))
    return render(
        request,
        "members/focal/person_remove.html",
        {"organisation": organisation, "person": person, "section": "people"},
    )


@require_POST
@focal_person_required
def person_set_focal(request, organisation, pk):
    person = _colleague_or_404(organisation, pk)
    is_focal = request.POST.get("is_focal") == "1"
    try:
        services.person_set_focal(person=person, is_focal=is_focal, acting_user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if is_focal:
            message = _("%(name)s is now a focal person.")
        else:
            message = _("%(name)s is no longer a focal person.")
        messages.success(request, message % {"name": person.user.full_name})
    return HttpResponseRedirect(reverse("members:my_people"))


# --- Invitations --------------------------------------------------------------------------


def _after_acceptance(request, invitation, result):
    """Where a person goes once the invitation is accepted."""
    if invitation.purpose == Invitation.Purpose.APPLY:
        return reverse("members:application_edit", kwargs={"pk": result.pk})
    profile = invitation.organisation.get_absolute_url()
    if selectors.has_accepted_current_code(request.user):
        return profile
    return code_of_conduct_url(profile)


def invitation(request, token):
    invitation = services.invitation_for_token(token)
    if invitation is None:
        raise Http404
    context = {"invitation": invitation}
    if not invitation.is_open:
        return render(request, "members/invitation_closed.html", context)

    if not request.user.is_authenticated:
        if get_user_model().objects.filter(email__iexact=invitation.email).exists():
            context["login_url"] = reverse("account_login") + "?next=" + quote(request.path)
            return render(request, "members/invitation_sign_in.html", context)
        return _invitation_signup(request, invitation, context)

    form = AcceptInvitationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            result = services.invitation_accept(invitation=invitation, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Welcome: you have accepted the invitation."))
            return HttpResponseRedirect(_after_acceptance(request, invitation, result))
    context.update(
        form=form,
        wrong_account=request.user.email.lower() != invitation.email.lower(),
    )
    return render(request, "members/invitation.html", context)


def _invitation_signup(request, invitation, context):
    form = InvitationSignupForm(
        request.POST or None,
        email=invitation.email,
        initial={"full_name": invitation.full_name},
    )
    if request.method == "POST" and form.is_valid():
        try:
            user, result = services.invitation_signup(
                invitation=invitation,
                full_name=form.cleaned_data["full_name"],
                job_title=form.cleaned_data["job_title"],
                password=form.cleaned_data["password1"],
                language=getattr(request, "LANGUAGE_CODE", None),
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            login(request, user, backend=ALLAUTH_BACKEND)
            messages.success(request, _("Welcome: your account is ready."))
            return HttpResponseRedirect(_after_acceptance(request, invitation, result))
    context["form"] = form
    return render(request, "members/invitation_signup.html", context)
