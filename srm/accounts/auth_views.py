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

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        if origins := sso.form_action_origins():
            response._csp_update = {"form-action": origins}
        return response


login = LoginView.as_view()
