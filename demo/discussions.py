"""Demo data for Ask the CoP: two dozen questions and discussions across the working groups'
spaces and the whole CoP, for all members or for one group's members; most answered, some
citing a demo document and accepted, some still waiting for an answer, one answer flagged.
All made through the services, by the demo's members and seat holders.

Idempotent: a thread is found by its title, so a second run changes nothing. Citations
need the repository's demo documents (``seed_demo`` without ``--no-documents``); without
them the answers are posted without citing."""

import itertools

from committees.models import Seat
from demo import prose
from discussions import selectors, services
from discussions.models import Thread
from repository import selectors as repository_selectors
from repository.models import Document
from twg.models import WorkingGroup

DATA = prose.load("discussions")


def _posters(users):
    """Demo people who may post, the member account first (not the staff roles)."""
    found = [
        user
        for user in users.values()
        if selectors.can_post(user) and not selectors.is_moderator(user)
    ]
    found.sort(key=lambda user: (user.email != "member@demo.cop.ke", user.email))
    return found


def _group_members(group):
    return [
        seat.user
        for seat in Seat.objects.current().filter(body=group.body).select_related("user")
        if selectors.can_post(seat.user)
    ]


def seed(users):
    """Create the demo threads; returns how many were new."""
    posters = _posters(users)
    if not posters:
        return 0
    rotation = itertools.cycle(posters)
    moderator = users["coordinator@demo.cop.ke"]
    created = 0
    for spec in DATA["threads"]:
        if Thread.objects.filter(title=spec["title"]).exists():
            continue
        group = (
            WorkingGroup.objects.select_related("body").filter(body__name=spec["twg"]).first()
            if spec["twg"]
            else None
        )
        audience = spec.get("audience", Thread.Audience.MEMBERS)
        if group is None and audience == Thread.Audience.TWG:
            continue
        members = _group_members(group) if group else []
        if audience == Thread.Audience.TWG and len(members) < 2:
            continue
        asker = members[0] if members else next(rotation)
        thread = services.thread_create(
            acting_user=asker,
            kind=spec.get("kind", Thread.Kind.QUESTION),
            title=spec["title"],
            body=spec["body"],
            working_group=group,
            audience=audience,
            audience_body=group.body if audience == Thread.Audience.TWG else None,
            topics=[group] if group else [],
        )
        created += 1
        answerers = members[1:] if audience == Thread.Audience.TWG else []
        posts = []
        for number, answer in enumerate(spec["answers"]):
            if answerers:
                author = answerers[number % len(answerers)]
            else:
                author = next(rotation)
                if author == asker:
                    author = next(rotation)
            cited = Document.objects.filter(title=answer.get("cite", "")).first()
            documents = [cited] if cited and _can_cite(author, cited) else []
            posts.append(
                services.answer_create(
                    thread=thread, acting_user=author, body=answer["body"], documents=documents
                )
            )
        if posts and spec.get("accept") and thread.kind == Thread.Kind.QUESTION:
            services.answer_accept(post=posts[0], acting_user=asker)
        if posts and spec.get("flag"):
            flagger = next(p for p in posters if p not in (asker, posts[-1].author))
            services.flag_create(post=posts[-1], acting_user=flagger, reason=spec["flag"])
    pinned = Thread.objects.filter(title=DATA["threads"][15]["title"]).first()
    if pinned and not Thread.objects.filter(pinned_at__isnull=False).exists():
        services.thread_pin(thread=pinned, acting_user=moderator)
    return created


def _can_cite(user, document):
    return repository_selectors.documents_visible_to(user).filter(pk=document.pk).exists()
