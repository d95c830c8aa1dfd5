"""What a reader does to a post from its thread's page, each a POST that calls one service
and comes back to the thread: edit (``/discussions/posts/<pk>/edit/``, a form), hide with a
reason, restore, accept or take back the acceptance, mark helpful, flag with a reason."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.forms import add_service_error

from .. import selectors, services
from ..forms import EditForm, ReasonForm
from ._common import error_messages, gate, post_or_404, posted, thread_or_404


def _back(post):
    return HttpResponseRedirect(post.get_absolute_url())


def _call(request, service, target, success, **kwargs):
    """Call ``service``; a refusal becomes a message, a permission refusal a 404."""
    try:
        service(acting_user=request.user, **kwargs)
    except ValidationError as error:
        error_messages(request, error)
    except PermissionDenied:
        raise Http404 from None
    else:
        messages.success(request, success)
    return _back(target)


@login_required
def edit(request, pk):
    refused = gate(request)
    if refused:
        return refused
    post = post_or_404(request, pk)
    if not selectors.can_edit(request.user, post):
        raise Http404
    initial = {
        "title": post.thread.title,
        "body": post.body,
        "documents": "\n".join(f"/documents/{d.slug}/" for d in post.documents.all()),
    }
    form = EditForm(posted(request), user=request.user, opening=post.is_opening, initial=initial)
    moderating = selectors.is_moderator(request.user) and post.author_id != request.user.pk
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.post_edit(
                post=post,
                acting_user=request.user,
                body=data["body"],
                title=data.get("title") if post.is_opening else None,
                reason=data["reason"],
                documents=data["documents"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.success(request, _("Your changes are saved; the previous text is kept."))
            return _back(post)
    return render(
        request,
        "discussions/edit.html",
        {"form": form, "post": post, "thread": post.thread, "moderating": moderating},
    )


@login_required
def hide(request, pk):
    refused = gate(request)
    if refused:
        return refused
    post = post_or_404(request, pk)
    if not (selectors.is_moderator(request.user) or post.author_id == request.user.pk):
        raise Http404
    form = ReasonForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.post_hide(
                post=post, acting_user=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_service_error(form, error)
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.success(request, _("The post is hidden."))
            if post.is_opening:
                return HttpResponseRedirect(post.thread.get_absolute_url())
            return _back(post)
    return render(
        request,
        "discussions/reason.html",
        {
            "form": form,
            "post": post,
            "thread": post.thread,
            "title": _("Hide this post"),
            "submit": _("Hide the post"),
            "question": _(
                "A hidden post stays on record but nobody but the moderators sees it. Say why."
            ),
        },
    )


@login_required
@require_POST
def restore(request, pk):
    post = post_or_404(request, pk)
    return _call(request, services.post_restore, post, _("The post is shown again."), post=post)


@login_required
@require_POST
def accept(request, pk):
    post = post_or_404(request, pk)
    return _call(request, services.answer_accept, post, _("The answer is accepted."), post=post)


@login_required
@require_POST
def unaccept(request, pk):
    thread = thread_or_404(request, pk)
    try:
        services.answer_unaccept(thread=thread, acting_user=request.user)
    except ValidationError as error:
        error_messages(request, error)
    except PermissionDenied:
        raise Http404 from None
    else:
        messages.success(request, _("The acceptance is taken back: the question is open again."))
    return HttpResponseRedirect(thread.get_absolute_url())


@login_required
@require_POST
def helpful(request, pk):
    post = post_or_404(request, pk)
    try:
        marked = services.helpful_toggle(post=post, acting_user=request.user)
    except ValidationError as error:
        error_messages(request, error)
    except PermissionDenied:
        raise Http404 from None
    else:
        messages.success(
            request, _("Marked helpful.") if marked else _("Your helpful mark is taken back.")
        )
    return _back(post)


@login_required
def flag(request, pk):
    refused = gate(request)
    if refused:
        return refused
    post = post_or_404(request, pk)
    form = ReasonForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.flag_create(
                post=post, acting_user=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_service_error(form, error)
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.success(request, _("Thank you: a moderator will read the post."))
            return _back(post)
    return render(
        request,
        "discussions/reason.html",
        {
            "form": form,
            "post": post,
            "thread": post.thread,
            "title": _("Flag this post for the moderators"),
            "submit": _("Flag the post"),
            "question": _(
                "Say what is wrong: off topic, disrespectful, personal data, wrong information…"
            ),
        },
    )
