from django.urls import path

from srm.core.views import model_urls

from . import views

app_name = "suppliers"

urlpatterns = [
    *model_urls(
        "supplier",
        key="<str:code>",
        list=views.SupplierListView,
        create=views.SupplierCreateView,
        detail=views.SupplierDetailView,
        edit=views.SupplierUpdateView,
        transition=views.SupplierTransitionView,
        actions={"receipts": views.SupplierReceiptsView},
    ),
    *model_urls(
        "contract",
        key="<str:number>",
        list=views.ContractListView,
        detail=views.ContractDetailView,
    ),
    *model_urls("receipt", list=views.ReceiptListView),
    path("imports/", views.ImportView.as_view(), name="import"),
]
