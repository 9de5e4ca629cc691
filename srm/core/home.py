"""The start page is the user's own work (``srm.core.work``); the portfolio dashboard
(what needs attention today, within the user's reach, from the apps' panels in
``srm.core.panels``) is one click away."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.views.generic import TemplateView

from .panels import home_panels_for
from .search import MIN_CHARS, clean_query, search
from .work import work_count, work_for_request


class InternalOnlyMixin(LoginRequiredMixin):
    def get(self, request, *args, **kwargs):
        # A person at a supplier starts in the supplier portal, not on the buyer's desk.
        if getattr(request.user, "supplier_id", None):
            return redirect("collaboration:portal")
        return super().get(request, *args, **kwargs)


class HomeView(InternalOnlyMixin, TemplateView):
    """My work: what waits for the user, section by section."""

    template_name = "home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        sections = work_for_request(self.request)
        context.update(
            sections=sections, work_count=work_count(sections), today=timezone.localdate()
        )
        return context


def work_count_badge(request):
    """The navigation's count of what waits for the user, loaded after the page (htmx) so
    no page pays for the inbox's queries."""
    if not request.user.is_authenticated or getattr(request.user, "supplier_id", None):
        return HttpResponse("")
    n = work_count(work_for_request(request))
    if not n:
        return HttpResponse("")
    return HttpResponse(
        f'<span class="badge rounded-pill text-bg-info" data-testid="work-count">{n}</span>'
    )


class DashboardView(InternalOnlyMixin, TemplateView):
    template_name = "dashboard.html"

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


class SearchView(LoginRequiredMixin, TemplateView):
    """Find anything: the search box's results, grouped by kind. Every kind asks the
    permission choke point itself (``srm.core.search``), so the page needs only a person."""

    template_name = "search.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = clean_query(self.request.GET.get("q"))
        context.update(
            search_query=query,
            groups=search(self.request.user, query),
            too_short=0 < len(query) < MIN_CHARS,
            min_chars=MIN_CHARS,
        )
        return context
