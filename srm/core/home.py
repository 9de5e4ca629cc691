"""The start page: what needs attention today, within the user's reach."""

from django.apps import apps
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db import connection
from django.db.models import Count
from django.http import JsonResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.views.generic import TemplateView

from suppliers import selectors as supplier_selectors

from . import permissions


class HomeView(LoginRequiredMixin, TemplateView):
    template_name = "home.html"

    def get(self, request, *args, **kwargs):
        # A person at a supplier starts in the supplier portal, not on the buyer's desk.
        if getattr(request.user, "supplier_id", None):
            return redirect("collaboration:portal")
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, today = self.request.user, timezone.localdate()
        suppliers = supplier_selectors.supplier_list(user=user)
        context["status_counts"] = dict(
            suppliers.order_by()
            .values_list("status")
            .annotate(n=Count("pk"))
            .values_list("status", "n")
        )
        context["supplier_total"] = sum(context["status_counts"].values())
        context["blocked"] = suppliers.filter(blocked_for_orders=True)[:10]
        # The reason is a standing ("Standing D in 2026-11"): scorecards are management
        # track, so a collaboration member sees that a supplier is blocked, not why.
        context["show_blocked_reason"] = permissions.can(
            user, "view", apps.get_model("scorecards", "Scorecard")
        )
        if permissions.can(user, "view", supplier_selectors.Certificate):
            context["expiring"] = supplier_selectors.certificates_expiring(user=user, today=today)[
                :10
            ]
        if permissions.can(user, "view", supplier_selectors.Contract):
            context["renewing"] = supplier_selectors.contracts_renewing(user=user, today=today)[:10]
        if permissions.can(user, "view", supplier_selectors.ImportBatch):
            context["imports"] = supplier_selectors.import_batch_list(user=user)[:5]
        context["today"] = today
        return context


def healthz(request):
    """Liveness and database reachability, for the container health check."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
