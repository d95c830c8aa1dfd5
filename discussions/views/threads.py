"""The discussions' pages: the list with its filters and search (``/discussions/``), a
thread (``/discussions/<pk>/``), the ask form (``/discussions/ask/``) with its second step of
suggestions, and the answer form (``/discussions/<pk>/answer/``)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.forms import add_service_error
from members.models import County, Pillar
from twg.models import WorkingGroup

from .. import search, selectors, services, suggestions
from ..forms import AnswerForm, AskForm, FilterForm
from ._common import error_messages, gate, posted, thread_or_404


@login_required
def thread_list(request):
    refused = gate(request)
    if refused:
        return refused
    form = FilterForm(
        request.GET or None,
        working_groups=WorkingGroup.objects.select_related("body").order_by("order", "body__name"),
        pillars=Pillar.objects.only("slug", "name"),
        counties=County.objects.only("slug", "name"),
    )
    filters = form.filters()
    threads, searching = selectors.threads_for_list(request.user, filters=filters)
    page = Paginator(threads, selectors.PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    query = filters.get("q") or ""
    if query:
        search.add_snippets(page.object_list, query)
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "discussions/list.html",
        {
            "form": form,
            "page": page,
            "searching": searching,
            "query": params.urlencode(),
            "can_post": selectors.can_post(request.user),
            "is_moderator": selectors.is_moderator(request.user),
        },
    )


def _thread_page(request, thread, answer_form, *, status=200):
    """A thread's page: its posts (the accepted answer first), the answer form and, for a
    moderator, the history."""
    user = request.user
    posts = selectors.posts_for_page(thread, user)
    moderator = selectors.is_moderator(user)
    return render(
        request,
        "discussions/thread.html",
        {
            "thread": thread,
            "opening": posts[0] if posts and posts[0].is_opening else None,
            "answers": [post for post in posts if not post.is_opening],
            "answer_form": answer_form,
            "can_answer": selectors.can_answer(user, thread),
            "posting_refusal": selectors.posting_refusal(user),
            "can_accept": selectors.can_accept(user, thread),
            "is_moderator": moderator,
            "events": list(thread.events.select_related("actor")) if moderator else [],
            "following": selectors.is_following(user, thread),
        },
        status=status,
    )


@login_required
def thread_detail(request, pk):
    refused = gate(request)
    if refused:
        return refused
    thread = thread_or_404(request, pk)
    return _thread_page(request, thread, AnswerForm(user=request.user))


@login_required
def ask(request):
    refused = gate(request)
    if refused:
        return refused
    refusal = selectors.posting_refusal(request.user)
    if refusal:
        return render(request, "discussions/refused.html", {"refusal": refusal}, status=403)
    initial = {}
    space = request.GET.get("twg")
    if space:
        initial["working_group"] = (
            selectors.spaces_for(request.user).filter(body__slug=space).first()
        )
    form = AskForm(posted(request), user=request.user, initial=initial)
    context = {"form": form}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        # The second step, for those without the script: before the first save, show what
        # the library and the earlier threads already hold.
        if not request.POST.get("confirmed"):
            found = suggestions.for_title(request.user, data["title"])
            if found.documents or found.threads:
                context["suggestions"] = found
                return render(request, "discussions/ask.html", context)
        try:
            thread = services.thread_create(
                acting_user=request.user,
                kind=data["kind"],
                title=data["title"],
                body=data["body"],
                working_group=data["working_group"],
                audience=data["audience"],
                audience_body=data["audience_body"],
                topics=data["topics"],
                pillars=data["pillars"],
                counties=data["counties"],
                tags=data["tags"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Your question is posted."))
            return HttpResponseRedirect(thread.get_absolute_url())
    return render(request, "discussions/ask.html", context)


@login_required
@require_POST
def answer(request, pk):
    refused = gate(request)
    if refused:
        return refused
    thread = thread_or_404(request, pk)
    form = AnswerForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            post = services.answer_create(
                thread=thread,
                acting_user=request.user,
                body=form.cleaned_data["body"],
                documents=form.cleaned_data["documents"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        except PermissionDenied:
            error_messages(request, ValidationError(_("You cannot answer here.")))
        else:
            messages.success(request, _("Your answer is posted."))
            return HttpResponseRedirect(post.get_absolute_url())
    return _thread_page(request, thread, form, status=400)
