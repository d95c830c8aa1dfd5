"""The sign-up form: allauth's, made to cost the same whether the address is known or not."""

from allauth.account.forms import SignupForm as AllauthSignupForm
from django.contrib.auth.hashers import make_password


class SignupForm(AllauthSignupForm):
    def try_save(self, request):
        """A new account hashes its password, the slow step of sign-up; an address that
        already has an account gets an e-mail instead and would be answered far sooner,
        telling anyone who measures that the person is registered. Hash the password in both
        cases so both answers take as long."""
        if self.account_already_exists:
            make_password(self.cleaned_data.get("password1"))
        return super().try_save(request)
