"""The sign-in page: allauth's login view (so the second factor and single sign-on
follow it), in the product's own template."""

from allauth.account.views import LoginView as AllauthLoginView

from . import sso


class LoginView(AllauthLoginView):
    template_name = "account/login.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sso_providers"] = sso.login_buttons(self.request)
        context["sso_only"] = sso.sso_only()
        return context


login = LoginView.as_view()
