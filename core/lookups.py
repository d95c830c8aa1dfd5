"""``in`` on an integer column with a value the column cannot hold.

Django's own ``exact``, ``gt``, ``lt``... lookups on integer fields treat a value out of the
column's range as matching nothing (``IntegerFieldOverflow``); ``in`` passes it to the
database, which refuses it with a server error (SQLite: "Python int too large to convert to
SQLite INTEGER"; PostgreSQL: "out of range"). Every multiple-choice form field runs an ``in``
query on what was typed, so ``topics=9223372036854775808`` on the upload form was a 500
(found by tests/cop_portal/test_every_form.py). This lookup drops such values: no row has
that key."""

from django.db.models import IntegerField
from django.db.models.lookups import In


@IntegerField.register_lookup
class IntegerFieldIn(In):
    def process_rhs(self, compiler, connection):
        if self.rhs_is_direct_value():
            low, high = connection.ops.integer_field_range(
                self.lhs.output_field.get_internal_type()
            )
            self.rhs = [
                value
                for value in self.rhs
                if not isinstance(value, int)
                or (low is None or value >= low)
                and (high is None or value <= high)
            ]
        return super().process_rhs(compiler, connection)
