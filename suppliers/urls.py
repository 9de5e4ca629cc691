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
        actions={"receipts": views.SupplierReceiptsView, "contacts": views.SupplierContactsView},
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
    *model_urls(
        "certificate", detail=views.CertificateDetailView, edit=views.CertificateUpdateView
    ),
    path(
        "suppliers/<str:code>/certificates/new/",
        views.CertificateCreateView.as_view(),
        name="certificate_create",
    ),
    path(
        "suppliers/<str:code>/documents/new/",
        views.SupplierDocumentCreateView.as_view(),
        name="supplier_document_create",
    ),
    path(
        "contracts/<str:number>/documents/new/",
        views.ContractDocumentCreateView.as_view(),
        name="contract_document_create",
    ),
    *model_urls(
        "document",
        actions={
            "new-version": views.DocumentVersionCreateView,
            "download": views.DocumentDownloadView,
        },
    ),
    *model_urls(
        "item",
        key="<str:code>",
        list=views.ItemListView,
        create=views.ItemCreateView,
        detail=views.ItemDetailView,
        edit=views.ItemUpdateView,
    ),
    *model_urls(
        "contact",
        list=views.ContactListView,
        create=views.ContactCreateView,
        edit=views.ContactUpdateView,
        actions={"anonymise": views.ContactAnonymiseView},
    ),
    *model_urls(
        "relationship_owner",
        create=views.RelationshipOwnerCreateView,
        actions={"remove": views.RelationshipOwnerRemoveView},
    ),
    path("imports/", views.ImportView.as_view(), name="import"),
]
