"""The start page: what needs attention today, within the user's reach. The panels are
the apps' own (``srm.core.panels``)."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.views.generic import TemplateView

from .panels import home_panels_for


class HomeView(LoginRequiredMixin, TemplateView):
    template_name = "home.html"

    def get(self, request, *args, **kwargs):
        # A person at a supplier starts in the supplier portal, not on the buyer's desk.
        if getattr(request.user, "supplier_id", None):
            return redirect("collaboration:portal")
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["panels"] = home_panels_for(self.request.user)
        context["today"] = timezone.localdate()
        return context


def healthz(request):
    """Liveness and database reachability, for the container health check."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
