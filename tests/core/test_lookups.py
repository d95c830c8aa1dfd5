import pytest
from django import forms

from members.models import County

TOO_BIG = 2**63  # one more than the largest 64-bit key


@pytest.mark.django_db
def test_in_on_a_key_ignores_values_no_column_can_hold():
    nairobi = County.objects.get(slug="nairobi")

    assert list(County.objects.filter(pk__in=[TOO_BIG, nairobi.pk])) == [nairobi]
    assert list(County.objects.filter(pk__in=[TOO_BIG, -TOO_BIG - 1])) == []


@pytest.mark.django_db
def test_a_multiple_choice_of_an_impossible_key_is_a_form_error_not_a_server_error():
    field = forms.ModelMultipleChoiceField(queryset=County.objects.all())

    with pytest.raises(forms.ValidationError) as refused:
        field.clean([str(TOO_BIG)])

    assert refused.value.code == "invalid_choice"
