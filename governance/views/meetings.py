"""Pages of steering groups, meetings, action items and notifications."""

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, ListView, View
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from srm.core.forms import errors_text
from srm.core.models import Notification
from srm.core.views import GovernedViewMixin, ServiceActionView, ServiceFormView

from .. import selectors, services
from ..filtersets import ActionItemFilterSet, MeetingFilterSet
from ..forms import ActionItemForm, ActionStatusForm, LinkDecisionForm, MeetingForm, MinutesForm
from ..models import ActionItem, Meeting, SteeringGroup
from ..review import reviewed_month
from ..tables import ActionItemTable, MeetingTable
from .base import audit_rows


class SteeringGroupListView(GovernedViewMixin, ListView):
    model = SteeringGroup
    template_name = "governance/steering_groups.html"
    context_object_name = "groups"

    def get_queryset(self):
        return selectors.steering_group_list(user=self.request.user).select_related("chair")


class MeetingListView(GovernedViewMixin, SingleTableMixin, FilterView):
    model = Meeting
    table_class = MeetingTable
    filterset_class = MeetingFilterSet
    template_name = "governance/meeting_list.html"
    paginate_by = 25

    def get_queryset(self):
        return selectors.meeting_list(user=self.request.user)


class MeetingCreateView(ServiceFormView):
    permission_model = Meeting
    permission_action = "add"
    form_class = MeetingForm
    title = gettext_lazy("Plan a meeting")
    success_message = gettext_lazy("Meeting planned.")

    def get_form_kwargs(self):
        return {"user": self.request.user}

    def save(self, form):
        return services.meeting_create(actor=self.request.user, **form.cleaned_data)


class MeetingDetailView(GovernedViewMixin, DetailView):
    model = Meeting
    template_name = "governance/meeting_detail.html"

    def get_queryset(self):
        return super().get_queryset().select_related("group")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, meeting = self.request.user, self.object
        if meeting.status == Meeting.Status.HELD and meeting.agenda:
            agenda = selectors.agenda_visible_to(meeting.agenda, user=user)
            agenda_frozen = True
        else:
            on = timezone.localtime(meeting.scheduled_for).date()
            agenda = [g.as_dict() for g in selectors.agenda_build(user=user, on=on)]
            agenda_frozen = False
        context.update(
            {
                "agenda": agenda,
                "agenda_summary": selectors.agenda_summary(agenda),
                "agenda_frozen": agenda_frozen,
                # A meeting reviews the month before the one it is held in.
                "review_period": reviewed_month(timezone.localtime(meeting.scheduled_for).date()),
                "members": meeting.group.members.order_by("first_name"),
                "decisions": selectors.decision_request_list(user=user).filter(meeting=meeting),
                "actions": selectors.action_item_list(user=user).filter(meeting=meeting),
                "disputes": selectors.dispute_list(user=user).filter(meeting=meeting),
                "minutes_form": MinutesForm(initial={"minutes": meeting.minutes}),
                "action_form": ActionItemForm(user=user),
                "link_form": LinkDecisionForm(user=user),
                "today": timezone.localdate(),
            }
        )
        return context


class MeetingHoldView(ServiceActionView):
    model = Meeting

    def perform(self, obj):
        form = MinutesForm(self.request.POST)
        if not form.is_valid():
            raise ValidationError(_("Write the minutes."))
        services.meeting_hold(
            actor=self.request.user, meeting=obj, minutes=form.cleaned_data["minutes"]
        )
        return _("Meeting recorded as held; its agenda is frozen with the minutes.")


class MeetingActionCreateView(ServiceActionView):
    """Adding an action item is the act; the meeting (seen through ``view``) is its context."""

    model = Meeting
    permission_model = ActionItem
    permission_action = "add"

    def perform(self, obj):
        form = ActionItemForm(self.request.POST, user=self.request.user)
        if not form.is_valid():
            raise ValidationError(errors_text(form))
        services.action_item_create(actor=self.request.user, meeting=obj, **form.cleaned_data)
        return _("Action item added.")


class MeetingLinkDecisionView(ServiceActionView):
    model = Meeting

    def perform(self, obj):
        form = LinkDecisionForm(self.request.POST, user=self.request.user)
        if not form.is_valid():
            raise ValidationError(_("Choose a decision that has been taken."))
        services.decision_request_link_meeting(
            actor=self.request.user, request=form.cleaned_data["decision"], meeting=obj
        )
        return _("Decision recorded as taken in this meeting.")


class ActionListView(GovernedViewMixin, SingleTableMixin, FilterView):
    model = ActionItem
    table_class = ActionItemTable
    filterset_class = ActionItemFilterSet
    template_name = "governance/action_list.html"
    paginate_by = 25
    extra_context = {"heading": "Action items", "mine": False}

    def get_queryset(self):
        return selectors.action_item_list(user=self.request.user)


class MyActionListView(ActionListView):
    extra_context = {"heading": "My actions", "mine": True}

    def get_queryset(self):
        return selectors.my_actions(user=self.request.user)

    def get_table_kwargs(self):
        return {"exclude": ("owner",)}


def action_items_in_reach(user):
    """The actions a user sees: those in reach, and always their own (``my_actions``)."""
    return selectors.action_item_list(user=user) | selectors.my_actions(user=user)


class ActionDetailView(GovernedViewMixin, DetailView):
    model = ActionItem
    template_name = "governance/action_detail.html"
    context_object_name = "action"

    def get_queryset(self):
        return action_items_in_reach(self.request.user).select_related(
            "owner", "supplier", "meeting", "decision_request", "dispute", "created_by"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        action = self.object
        context.update(
            {
                "status_form": ActionStatusForm(initial={"status": action.status}),
                "overdue": action.is_overdue(timezone.localdate()),
                "audit": audit_rows(action),
            }
        )
        return context


class ActionStatusView(ServiceActionView):
    """The owner of an action, or anyone who may change it, moves its status (the service
    says who); the action is reached like its page."""

    model = ActionItem
    permission_action = "view"

    def get_queryset(self):
        return action_items_in_reach(self.request.user)

    def perform(self, obj):
        form = ActionStatusForm(self.request.POST)
        # The service answers who may move it before what the move is.
        status = form.cleaned_data["status"] if form.is_valid() else ""
        services.action_item_set_status(actor=self.request.user, item=obj, status=status)
        return _("Status is now %(status)s.") % {"status": obj.get_status_display()}


class NotificationListView(GovernedViewMixin, ListView):
    model = Notification
    template_name = "governance/notifications.html"
    context_object_name = "notifications"
    paginate_by = 30

    def get_queryset(self):
        return selectors.notification_list(user=self.request.user)


class NotificationReadView(GovernedViewMixin, View):
    """Mark one notification (``pk``) or all of them as read, then follow its link."""

    permission_model = Notification
    http_method_names = ["post"]

    def post(self, request, pk=None):
        notification = None
        if pk is not None:
            notification = get_object_or_404(selectors.notification_list(user=request.user), pk=pk)
        services.notification_mark_read(user=request.user, notification=notification)
        link = notification.link if notification is not None else ""
        if url_has_allowed_host_and_scheme(link, allowed_hosts={request.get_host()}):
            return redirect(link)
        return redirect("governance:notifications")
