"""Threads and answers, made through the services as members make them."""

import itertools

from discussions import services
from discussions.models import Thread
from tests.factories.members import member

_numbers = itertools.count(1)


def thread(*, asked_by=None, title=None, body=None, **kwargs):
    """A members' question in the whole CoP by a new member, unless told otherwise
    (``working_group=``, ``audience=``, ``audience_body=``, ``kind=``...)."""
    number = next(_numbers)
    return services.thread_create(
        acting_user=asked_by or member(),
        title=title or f"Question {number} about cash transfers",
        body=body or f"How do counties handle case {number}?",
        **kwargs,
    )


def answer(the_thread, *, author=None, body=None, documents=()):
    """An answer by a new member (or ``author``)."""
    return services.answer_create(
        thread=the_thread,
        acting_user=author or member(),
        body=body or "Here is what we did in our county.",
        documents=documents,
    )


def accepted_answer(the_thread, *, author=None):
    post = answer(the_thread, author=author)
    services.answer_accept(post=post, acting_user=the_thread.asked_by)
    return post


__all__ = ["Thread", "accepted_answer", "answer", "thread"]
