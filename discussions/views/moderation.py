"""The moderators' pages: the queue of flags and new members' first posts
(``/discussions/moderation/``), dismissing a flag, keeping a first post, locking, unlocking
and moving a thread. Anyone but a moderator gets a 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import two_factor
from core.forms import add_service_error

from .. import selectors, services
from ..forms import MoveForm, ReasonForm
from ..models import Flag, Post
from ._common import error_messages, posted, thread_or_404


def _moderator_only(request):
    if not selectors.is_moderator(request.user):
        raise Http404
    two_factor.require_second_factor(request)


def _queue_url():
    return HttpResponseRedirect(reverse("discussions:moderation"))


@login_required
def queue(request):
    _moderator_only(request)
    return render(
        request,
        "discussions/moderation.html",
        {
            "flags": list(selectors.open_flags()),
            "first_posts": list(selectors.first_posts_to_review()),
        },
    )


@login_required
@require_POST
def flag_dismiss(request, pk):
    _moderator_only(request)
    flag = get_object_or_404(Flag, pk=pk)
    try:
        services.flag_dismiss(flag=flag, acting_user=request.user)
    except ValidationError as error:
        error_messages(request, error)
    else:
        messages.success(request, _("The flag is dismissed: the post stays."))
    return _queue_url()


@login_required
@require_POST
def review(request, pk):
    _moderator_only(request)
    post = get_object_or_404(Post, pk=pk)
    try:
        services.post_review(post=post, acting_user=request.user)
    except ValidationError as error:
        error_messages(request, error)
    else:
        messages.success(request, _("The post is kept."))
    return _queue_url()


@login_required
def lock(request, pk):
    _moderator_only(request)
    thread = thread_or_404(request, pk)
    form = ReasonForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.thread_lock(
                thread=thread, acting_user=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The thread is locked."))
            return HttpResponseRedirect(thread.get_absolute_url())
    return render(
        request,
        "discussions/reason.html",
        {
            "form": form,
            "thread": thread,
            "title": _("Lock this thread"),
            "submit": _("Lock the thread"),
            "question": _("A locked thread stays readable but takes no more answers. Say why."),
        },
    )


@login_required
@require_POST
def unlock(request, pk):
    _moderator_only(request)
    thread = thread_or_404(request, pk)
    try:
        services.thread_unlock(thread=thread, acting_user=request.user)
    except ValidationError as error:
        error_messages(request, error)
    else:
        messages.success(request, _("The thread is open to answers again."))
    return HttpResponseRedirect(thread.get_absolute_url())


@login_required
def move(request, pk):
    _moderator_only(request)
    thread = thread_or_404(request, pk)
    initial = {
        "working_group": thread.working_group,
        "audience": thread.audience,
        "audience_body": thread.audience_body,
    }
    form = MoveForm(posted(request), user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.thread_move(
                thread=thread,
                acting_user=request.user,
                working_group=data["working_group"],
                audience=data["audience"],
                audience_body=data["audience_body"],
                reason=data["reason"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.success(request, _("The thread is moved."))
            return HttpResponseRedirect(thread.get_absolute_url())
    return render(
        request,
        "discussions/reason.html",
        {
            "form": form,
            "thread": thread,
            "title": _("Move this thread"),
            "submit": _("Move the thread"),
            "question": _("Choose its new space and audience, and say why."),
        },
    )


@login_required
@require_POST
def pin(request, pk):
    _moderator_only(request)
    thread = thread_or_404(request, pk)
    try:
        if request.POST.get("unpin"):
            services.thread_unpin(thread=thread, acting_user=request.user)
            messages.success(request, _("This is no longer the question of the month."))
        else:
            services.thread_pin(thread=thread, acting_user=request.user)
            messages.success(request, _("This is now the question of the month."))
    except ValidationError as error:
        error_messages(request, error)
    return HttpResponseRedirect(thread.get_absolute_url())
