from django.urls import re_path
from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("decision-types", views.DecisionTypeViewSet)
router.register("decision-requests", views.DecisionRequestViewSet)
router.register("delegations", views.DelegationViewSet)
router.register("disputes", views.DisputeViewSet)
router.register("supplier-requests", views.SupplierRequestViewSet)
router.register("steering-groups", views.SteeringGroupViewSet)
router.register("meetings", views.MeetingViewSet)
router.register("action-items", views.ActionItemViewSet)

urlpatterns = [
    *router.urls,
    re_path(
        r"^reviews/(?P<period>\d{4}-\d{2})/$",
        views.ReviewViewSet.as_view({"get": "retrieve"}),
        name="review-detail",
    ),
]
