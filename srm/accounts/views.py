"""Pages of one's own account (API tokens), the user administration, and the
invitation link."""

from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, FormView
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from srm.core import permissions
from srm.core.views import GovernedViewMixin, ServiceActionView, ServiceFormView, add_service_error

from . import selectors, services
from .filtersets import UserFilterSet
from .forms import (
    ApiTokenForm,
    CollaboratorInviteForm,
    InvitationAcceptForm,
    InviteForm,
    UserAccessForm,
)
from .models import Role, User
from .roles import RoleCode
from .tables import UserTable


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


# --- user administration ------------------------------------------------------------


class UserListView(GovernedViewMixin, SingleTableMixin, FilterView):
    """Every user, searchable and filtered by role and status (administrators)."""

    model = User
    table_class = UserTable
    filterset_class = UserFilterSet
    template_name = "accounts/user_list.html"
    paginate_by = 50

    def get_queryset(self):
        return selectors.user_list(self.request.user)


class UserDetailView(GovernedViewMixin, DetailView):
    """One user: roles, grants, lockout, live sessions, and the administrator's actions."""

    model = User
    template_name = "accounts/user_detail.html"
    context_object_name = "person"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        person = self.object
        context["roles"] = selectors.user_roles(person)
        context["categories"] = permissions.granted_categories(person)
        context["sessions"] = [
            {"ref": selectors.session_ref(s), "expires": s.expire_date}
            for s in selectors.user_sessions(person)
        ]
        context["locked_out"] = selectors.user_locked_out(person)
        context["invitations"] = person.invitations.all()[:5]
        return context


def _invite_link(request):
    return lambda key: request.build_absolute_uri(reverse("accounts:invitation_accept", args=[key]))


class UserInviteView(ServiceFormView):
    """Invite a person by e-mail with their roles and grants (administrators)."""

    permission_model = User
    permission_action = "add"
    form_class = InviteForm
    title = _("Invite a user")
    submit_label = _("Send the invitation")

    def get_form_kwargs(self):
        return {"user": self.request.user}

    def cancel_url(self):
        return reverse("accounts:user_list")

    def save(self, form):
        data = form.cleaned_data
        issued = services.user_invite(
            actor=self.request.user,
            email=data["email"],
            first_name=data["first_name"],
            last_name=data["last_name"],
            roles=data["roles"],
            categories=data["categories"],
            supplier=data["supplier"],
            link_for=_invite_link(self.request),
        )
        messages.success(
            self.request, _("Invitation sent to %(email)s.") % {"email": issued.invitation.email}
        )
        return reverse("accounts:user_detail", args=[issued.invitation.user_id])


class CollaboratorInviteView(ServiceFormView):
    """A supplier's owner (relationship owner, category manager) invites the supplier's
    collaborators; the choke point's ``owned_suppliers`` says whose."""

    permission_model = User
    form_class = CollaboratorInviteForm
    title = _("Invite a supplier collaborator")
    submit_label = _("Send the invitation")

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not permissions.owned_suppliers(request.user).exists():
            raise PermissionDenied
        # Past GovernedViewMixin's model check: owning a supplier is the permission here.
        return super(GovernedViewMixin, self).dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {"user": self.request.user}

    def save(self, form):
        data = form.cleaned_data
        try:
            issued = services.user_invite(
                actor=self.request.user,
                email=data["email"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                roles=[Role.objects.get(code=RoleCode.SUPPLIER_COLLABORATOR)],
                supplier=data["supplier"],
                link_for=_invite_link(self.request),
            )
        except PermissionDenied as exc:
            raise ValidationError(str(exc)) from exc
        messages.success(
            self.request, _("Invitation sent to %(email)s.") % {"email": issued.invitation.email}
        )
        return data["supplier"].get_absolute_url()


class UserAccessView(ServiceFormView):
    """Set a user's roles and category grants (administrators)."""

    model = User
    permission_action = "change"
    form_class = UserAccessForm
    title = _("Roles and category grants")
    success_message = _("Roles and grants saved.")

    def get_form_kwargs(self):
        return {"user": self.request.user}

    def get_form(self):
        form = super().get_form()
        if self.request.method != "POST":
            form.initial = {
                "roles": selectors.user_roles(self.object),
                "categories": list(permissions.granted_categories(self.object)),
            }
        return form

    def cancel_url(self):
        return reverse("accounts:user_detail", args=[self.object.pk])

    def save(self, form):
        services.user_access_set(
            actor=self.request.user,
            user=self.object,
            roles=form.cleaned_data["roles"],
            categories=form.cleaned_data["categories"],
        )
        return self.cancel_url()


class _UserActionView(ServiceActionView):
    model = User
    permission_action = "change"

    def get_success_url(self):
        return reverse("accounts:user_detail", args=[self.object.pk])


class UserDeactivateView(_UserActionView):
    def perform(self, obj):
        services.user_deactivate(actor=self.request.user, user=obj)
        return _("Deactivated: sessions ended and API tokens revoked.")


class UserUnlockView(_UserActionView):
    def perform(self, obj):
        services.user_unlock(actor=self.request.user, user=obj)
        return _("Sign-in lockout lifted.")


class UserSessionRevokeView(_UserActionView):
    def perform(self, obj):
        services.user_session_revoke(
            actor=self.request.user, user=obj, ref=self.request.POST.get("session", "")
        )
        return _("Session ended.")


class InvitationAcceptView(View):
    """The invitation link: the invitee sets a password, is signed in, and (if a role of
    theirs requires it) is led to set up a second factor by the MFA middleware."""

    template_name = "accounts/invitation_accept.html"

    def render(self, request, form, invitation, status=200):
        context = {"form": form, "invitation": invitation}
        return render(request, self.template_name, context, status=status)

    def get(self, request, key):
        invitation = services.invitation_open(key)
        return self.render(request, InvitationAcceptForm(), invitation, 200 if invitation else 404)

    def post(self, request, key):
        invitation = services.invitation_open(key)
        if invitation is None:
            return self.render(request, InvitationAcceptForm(), None, 404)
        form = InvitationAcceptForm(request.POST)
        if form.is_valid():
            try:
                user = services.invitation_accept(key=key, password=form.cleaned_data["password1"])
            except ValidationError as exc:
                add_service_error(form, exc)
            else:
                auth_login(request, user, backend="srm.accounts.backends.PasswordBackend")
                messages.success(request, _("Welcome. Your password is set."))
                return redirect("home")
        return self.render(request, form, invitation, 400)
