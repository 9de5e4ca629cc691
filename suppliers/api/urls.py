from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("categories", views.CategoryViewSet)
router.register("suppliers", views.SupplierViewSet)
router.register("items", views.ItemViewSet)
router.register("contracts", views.ContractViewSet)
router.register("contract-prices", views.ContractPriceViewSet)
router.register("service-levels", views.ServiceLevelViewSet)
router.register("receipts", views.ReceiptViewSet)
router.register("contacts", views.ContactViewSet, basename="contact")
router.register("relationship-owners", views.RelationshipOwnerViewSet)
router.register("imports", views.ImportViewSet, basename="importbatch")
router.register("certificates", views.CertificateViewSet)
router.register("documents", views.DocumentViewSet)

urlpatterns = router.urls
