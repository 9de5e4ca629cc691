"""Pages of one's own account: API tokens."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView

from . import selectors, services
from .forms import ApiTokenForm


class ApiTokenListView(LoginRequiredMixin, FormView):
    """The user's tokens (administrators: everyone's), and a form to create one; the new
    key is shown on the answer page only."""

    template_name = "accounts/token_list.html"
    form_class = ApiTokenForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["tokens"] = selectors.api_tokens_visible_to(self.request.user)
        context["show_owner"] = selectors.can_manage_all_tokens(self.request.user)
        return context

    def form_valid(self, form):
        try:
            issued = services.api_token_create(
                actor=self.request.user,
                user=self.request.user,
                name=form.cleaned_data["name"],
                expires_at=form.expires_at(),
                scope=form.cleaned_data["scope"],
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
            return self.form_invalid(form)
        return self.render_to_response(self.get_context_data(form=self.form_class(), issued=issued))


class ApiTokenRevokeView(LoginRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        token = get_object_or_404(selectors.api_tokens_visible_to(request.user), pk=pk)
        services.api_token_revoke(actor=request.user, token=token)
        messages.success(request, _("Token “%(name)s” revoked.") % {"name": token.name})
        return redirect("accounts:token_list")
