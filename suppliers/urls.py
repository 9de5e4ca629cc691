from django.urls import path

from srm.core.views import model_urls

from . import contract_views, views

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
        create=contract_views.ContractCreateView,
        detail=views.ContractDetailView,
        edit=contract_views.ContractUpdateView,
        transition=contract_views.ContractTransitionView,
        actions={
            "renew": contract_views.ContractRenewView,
            "prices": contract_views.ContractPricesView,
            "service-levels": contract_views.ContractServiceLevelsView,
        },
    ),
    *model_urls("receipt", list=views.ReceiptListView),
    path("imports/", views.ImportView.as_view(), name="import"),
]
