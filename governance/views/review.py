"""The monthly steering review page and its PDF (``/review/YYYY-MM/``)."""

from datetime import timedelta

from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.generic import TemplateView, View

from srm.audit.selectors import audit_head_hash
from srm.core.views import GovernedViewMixin

from ..models import Meeting
from ..pdf import pdf_bytes
from ..review import (
    default_period,
    month_end,
    parse_period,
    review_build,
    review_render_sections,
    review_summary,
)


def review_page_context(*, user, period, for_pdf: bool) -> dict:
    """What the page and the PDF frame render: the same sections from the same build."""
    built = review_build(user=user, period=period)
    previous = (period - timedelta(days=1)).replace(day=1)
    following = month_end(period) + timedelta(days=1)
    return {
        "period": period,
        "sections": review_render_sections(built, period=period, for_pdf=for_pdf),
        "summary": review_summary(built),
        "previous": previous,
        "next": following if following <= timezone.localdate() else None,
        "head_hash": audit_head_hash(),
        "generated_at": timezone.now(),
        "for_pdf": for_pdf,
    }


def review_pdf_html(*, user, period) -> str:
    """The HTML that goes into WeasyPrint: no scripts, our print stylesheet only."""
    return render_to_string(
        "governance/review_pdf.html", review_page_context(user=user, period=period, for_pdf=True)
    )


class ReviewMixin(GovernedViewMixin):
    permission_model = Meeting
    permission_action = "review"


class ReviewLatestView(ReviewMixin, View):
    def get(self, request):
        return redirect("governance:review", period=f"{default_period():%Y-%m}")


class ReviewView(ReviewMixin, TemplateView):
    template_name = "governance/review.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        period = parse_period(self.kwargs["period"])
        context.update(review_page_context(user=self.request.user, period=period, for_pdf=False))
        return context


class ReviewPdfView(ReviewMixin, View):
    def get(self, request, period):
        month = parse_period(period)
        content = pdf_bytes(review_pdf_html(user=request.user, period=month))
        response = HttpResponse(content, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="steering-review-{month:%Y-%m}.pdf"'
        return response
