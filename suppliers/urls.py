from django.urls import path

from . import views

app_name = "suppliers"

urlpatterns = [
    path("suppliers/", views.SupplierListView.as_view(), name="supplier_list"),
    path("suppliers/new/", views.SupplierCreateView.as_view(), name="supplier_create"),
    path("suppliers/<str:code>/", views.SupplierDetailView.as_view(), name="supplier_detail"),
    path("suppliers/<str:code>/edit/", views.SupplierUpdateView.as_view(), name="supplier_update"),
    path(
        "suppliers/<str:code>/status/",
        views.SupplierTransitionView.as_view(),
        name="supplier_transition",
    ),
    path(
        "suppliers/<str:code>/receipts/",
        views.SupplierReceiptsView.as_view(),
        name="supplier_receipts",
    ),
    path("contracts/", views.ContractListView.as_view(), name="contract_list"),
    path("contracts/<str:number>/", views.ContractDetailView.as_view(), name="contract_detail"),
    path("receipts/", views.ReceiptListView.as_view(), name="receipt_list"),
    path("imports/", views.ImportView.as_view(), name="import"),
]
