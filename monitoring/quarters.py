"""Calendar quarters in Nairobi time: the period every indicator is counted over."""

import datetime
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.utils import timezone

NAIROBI = ZoneInfo("Africa/Nairobi")
_PATTERN = re.compile(r"^(\d{4})-q([1-4])$", re.IGNORECASE)


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    number: int

    def __str__(self):
        return f"{self.year} Q{self.number}"

    @property
    def slug(self):
        return f"{self.year}-q{self.number}"

    @property
    def first_day(self):
        return datetime.date(self.year, 3 * self.number - 2, 1)

    @property
    def last_day(self):
        return self.next().first_day - datetime.timedelta(days=1)

    @property
    def start(self):
        """The first instant of the quarter, in Nairobi."""
        return datetime.datetime.combine(self.first_day, datetime.time(), tzinfo=NAIROBI)

    @property
    def end(self):
        """The first instant after the quarter (the bound is exclusive)."""
        return self.next().start

    def next(self):
        return (
            Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year, self.number + 1)
        )

    def previous(self):
        return (
            Quarter(self.year - 1, 4) if self.number == 1 else Quarter(self.year, self.number - 1)
        )

    def is_current(self, today=None):
        return self == Quarter.of(today or timezone.localdate())

    def is_future(self, today=None):
        return self > Quarter.of(today or timezone.localdate())

    def as_of(self, today=None):
        """The day a state ("open", "overdue") is read on: the day after a closed quarter,
        today for the current one."""
        today = today or timezone.localdate()
        return min(today, self.last_day + datetime.timedelta(days=1))

    def contains(self, day):
        return self.first_day <= day <= self.last_day

    @classmethod
    def of(cls, day):
        return cls(day.year, (day.month - 1) // 3 + 1)

    @classmethod
    def current(cls):
        return cls.of(timezone.localdate())

    @classmethod
    def parse(cls, text):
        """``2026-q3`` → Quarter(2026, 3); ValueError for anything else."""
        match = _PATTERN.match(text or "")
        if not match:
            raise ValueError(text)
        return cls(int(match.group(1)), int(match.group(2)))

    def last(self, count):
        """This quarter and the ``count - 1`` before it, oldest first."""
        quarters = [self]
        while len(quarters) < count:
            quarters.append(quarters[-1].previous())
        return list(reversed(quarters))
