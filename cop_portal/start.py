"""What a signed-in person's start page shows: one card for each kind of work their roles give
them, with how much of it waits and the one page where it is done.

Every count comes from the owning app's selectors, through the same rules as the page the
card links to, so a card never counts what its page would not show (or answers 404 for).
A card whose count is nought is left out: the page lists what waits, not every role."""

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, ngettext_lazy

from bulletin import selectors as bulletin_selectors
from committees import selectors as committee_selectors
from members import selectors as member_selectors
from members.models import MembershipApplication
from repository import selectors as repository_selectors
from twg import selectors as twg_selectors

# How many of a person's coming meetings and open actions the cards name.
CARD_ITEMS = 3


@dataclass
class Item:
    """One line of a card: a thing to open, with when or how it stands."""

    label: str
    url: str
    detail: str = ""
    flag: str = ""
    # Colours the flag as the portal's status badges do (``status-<status>``).
    status: str = ""


@dataclass
class Card:
    key: str  # names the card for the page's styles and the tests
    title: str
    summary: str
    url: str
    link_text: str
    count: int | None = None
    items: list = field(default_factory=list)


def _when(moment):
    """A meeting's start, in the portal's time zone (Nairobi)."""
    return formats.date_format(timezone.localtime(moment), "D j M Y, H:i")


def _counted(key, title, message, count, url, link_text, **names):
    """The card of ``count`` things waiting, or none when nothing waits. ``message`` is a
    plural chosen by its ``count`` (``ngettext_lazy(..., "count")``)."""
    if not count:
        return []
    summary = message % {"count": count, **names}
    return [Card(key=key, title=title, count=count, summary=summary, url=url, link_text=link_text)]


def _review_cards(user):
    url = reverse("members:review_queue")
    cards = []
    if member_selectors.can_review(user):
        cards += _counted(
            "review",
            _("Applications to review"),
            ngettext_lazy(
                "%(count)d membership application waits for your recommendation.",
                "%(count)d membership applications wait for your recommendation.",
                "count",
            ),
            member_selectors.reviews_waiting_for(user),
            url,
            _("Open the review queue"),
        )
    if member_selectors.can_decide(user):
        cards += _counted(
            "decide",
            _("Applications to decide"),
            ngettext_lazy(
                "%(count)d membership application under review waits for a decision.",
                "%(count)d membership applications under review wait for a decision.",
                "count",
            ),
            member_selectors.review_counts().get(MembershipApplication.Status.UNDER_REVIEW, 0),
            url,
            _("Open the review queue"),
        )
    return cards


def _focal_cards(user):
    organisation = member_selectors.focal_organisation(user)
    if organisation is None:
        return []
    return [
        *_counted(
            "nominations",
            _("Nominations to answer"),
            ngettext_lazy(
                "%(count)d applicant named %(organisation)s as nominating member and waits "
                "for your answer.",
                "%(count)d applicants named %(organisation)s as nominating member and wait "
                "for your answer.",
                "count",
            ),
            member_selectors.nominations_awaiting(organisation),
            reverse("members:nominate") + "#nominations",
            _("Answer the nominations"),
            organisation=organisation.name,
        ),
        *_counted(
            "invitations",
            _("Invitations not yet accepted"),
            ngettext_lazy(
                "%(count)d colleague invited to %(organisation)s has not joined yet.",
                "%(count)d colleagues invited to %(organisation)s have not joined yet.",
                "count",
            ),
            member_selectors.open_invitation_count(organisation),
            reverse("members:my_people"),
            _("See your organisation's people"),
            organisation=organisation.name,
        ),
    ]


def _coordinator_cards(user):
    cards = []
    if bulletin_selectors.is_coordinator(user):
        cards += _counted(
            "moderation",
            _("Bulletin submissions to moderate"),
            ngettext_lazy(
                "%(count)d submission waits for a decision.",
                "%(count)d submissions wait for a decision.",
                "count",
            ),
            bulletin_selectors.moderation_queue().count(),
            reverse("bulletin:queue"),
            _("Open the moderation queue"),
        )
    if repository_selectors.is_coordinator(user):
        cards += _counted(
            "approvals",
            _("Documents to approve"),
            ngettext_lazy(
                "%(count)d document waits for approval to be public.",
                "%(count)d documents wait for approval to be public.",
                "count",
            ),
            repository_selectors.approval_queue().count(),
            reverse("repository:queue"),
            _("Open the approvals"),
        )
    if committee_selectors.can_follow_actions(user):
        counts = committee_selectors.action_counts(committee_selectors.open_actions(user=user))
        if counts["open"]:
            cards.append(
                Card(
                    key="follow-up",
                    title=_("Actions to follow up"),
                    count=counts["open"],
                    summary=_overdue_summary(counts),
                    url=reverse("committees:actions"),
                    link_text=_("Open the actions"),
                )
            )
    return cards


def _overdue_summary(counts):
    opened = ngettext(
        "%(count)d action item is open", "%(count)d action items are open", counts["open"]
    ) % {"count": counts["open"]}
    if not counts["overdue"]:
        return _("%(open)s, none overdue.") % {"open": opened}
    return ngettext(
        "%(open)s, %(count)d of them overdue.",
        "%(open)s, %(count)d of them overdue.",
        counts["overdue"],
    ) % {"open": opened, "count": counts["overdue"]}


def _join_request_cards(user):
    cards = []
    for group in twg_selectors.join_requests_awaiting(user):
        cards += _counted(
            "join-requests",
            _("Join requests: %(group)s") % {"group": group.name},
            ngettext_lazy(
                "%(count)d person asks to join the working group.",
                "%(count)d people ask to join the working group.",
                "count",
            ),
            group.pending_count,
            reverse("twg:requests", kwargs={"slug": group.body.slug}),
            _("Answer the requests"),
        )
    return cards


def _action_cards(user):
    owned = committee_selectors.actions_owned_by(user)
    counts = committee_selectors.action_counts(owned)
    if not counts["open"]:
        return []
    items = [
        Item(
            label=action.title,
            url=reverse("committees:action", kwargs={"pk": action.pk}),
            detail=_("Due %(day)s") % {"day": formats.date_format(action.due_on, "j M Y")},
            flag=_("Overdue") if action.is_overdue() else "",
            status="declined" if action.is_overdue() else "",
        )
        for action in owned[:CARD_ITEMS]
    ]
    # Each action links its own page: only the staff roles have the actions page, and they
    # have it on the card of the actions they follow up.
    return [
        Card(
            key="actions",
            title=_("Your action items"),
            count=counts["open"],
            summary=_overdue_summary(counts),
            items=items,
            url="",
            link_text="",
        )
    ]


def _registration_cards(user):
    registrations, count = committee_selectors.upcoming_registrations_of(user, limit=CARD_ITEMS)
    if not count:
        return []
    return [
        Card(
            key="registrations",
            title=_("Your coming meetings"),
            count=count,
            summary=ngettext(
                "You are registered for %(count)d coming meeting.",
                "You are registered for %(count)d coming meetings.",
                count,
            )
            % {"count": count},
            items=[
                Item(
                    label=registration.meeting.title,
                    url=registration.meeting.get_absolute_url(),
                    detail=_when(registration.meeting.starts_at),
                    flag=registration.get_status_display()
                    if registration.status == registration.Status.WAITLISTED
                    else "",
                    status="submitted",
                )
                for registration in registrations
            ],
            url=reverse("calendar:events"),
            link_text=_("See all events"),
        )
    ]


def _group_cards(user):
    groups = twg_selectors.groups_of(user)
    if not groups:
        return []
    items = []
    for group in groups:
        if group.next_meeting_pk:
            detail = _("Next meeting %(when)s: %(title)s") % {
                "when": _when(group.next_meeting_starts_at),
                "title": group.next_meeting_title,
            }
        else:
            detail = _("No meeting planned")
        items.append(Item(label=group.name, url=group.get_absolute_url(), detail=detail))
    return [
        Card(
            key="groups",
            title=_("Your working groups"),
            count=len(groups),
            summary=ngettext(
                "You sit on %(count)d working group.",
                "You sit on %(count)d working groups.",
                len(groups),
            )
            % {"count": len(groups)},
            items=items,
            url=reverse("twg:list"),
            link_text=_("See all working groups"),
        )
    ]


APPLICATION_SUMMARIES = {
    MembershipApplication.Status.DRAFT: gettext_lazy("It is a draft: finish it and submit it."),
    MembershipApplication.Status.SUBMITTED: gettext_lazy(
        "It waits for the nominating member's answer."
    ),
    MembershipApplication.Status.UNDER_REVIEW: gettext_lazy(
        "The Oversight Committee is reviewing it."
    ),
    MembershipApplication.Status.MORE_INFORMATION: gettext_lazy(
        "The committee asked for more information: answer it and resubmit."
    ),
}


def _application_cards(user):
    application = member_selectors.application_in_progress(user)
    if application is None:
        return []
    return [
        Card(
            key="application",
            title=_("Your membership application"),
            summary=str(APPLICATION_SUMMARIES[application.status]),
            url=application.get_absolute_url(),
            link_text=_("Open your application"),
            items=[
                Item(
                    label=application.organisation_name or application.get_kind_display(),
                    url="",
                    flag=application.get_status_display(),
                    status=application.status,
                )
            ],
        )
    ]


def start_page(user):
    """What ``user``'s start page shows: its cards, the work that waits for them first, and
    whether to point them to joining the CoP (someone signed in who is neither a member nor a
    staff role and has no application under way)."""
    cards = [
        *_application_cards(user),
        *_review_cards(user),
        *_focal_cards(user),
        *_coordinator_cards(user),
        *_join_request_cards(user),
        *_action_cards(user),
        *_registration_cards(user),
        *_group_cards(user),
    ]
    may_apply = not (
        member_selectors.has_member_access(user)
        or committee_selectors.is_staff_role(user)
        or any(card.key == "application" for card in cards)
    )
    return {"cards": cards, "may_apply": may_apply}
