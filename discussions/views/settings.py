"""``/discussions/settings/``: which e-mails a person gets from Ask the CoP (linked from the
account page and every such e-mail), and following a thread (``/discussions/<pk>/follow/``)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.forms import add_service_error

from .. import selectors, services
from ..forms import PreferencesForm
from ._common import gate, posted, thread_or_404


@login_required
def preferences(request):
    form = PreferencesForm(posted(request), initial=selectors.preferences_of(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            services.preferences_save(acting_user=request.user, frequencies=form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Your choices are saved."))
            return HttpResponseRedirect(reverse("discussions:settings"))
    return render(request, "discussions/settings.html", {"form": form})


@login_required
@require_POST
def follow(request, pk):
    refused = gate(request)
    if refused:
        return refused
    thread = thread_or_404(request, pk)
    wanted = not request.POST.get("unfollow")
    try:
        services.thread_follow(thread=thread, acting_user=request.user, follow=wanted)
    except PermissionDenied:
        raise Http404 from None
    messages.success(
        request,
        _("You will be told of new answers by e-mail.")
        if wanted
        else _("You no longer follow this thread."),
    )
    return HttpResponseRedirect(thread.get_absolute_url())
