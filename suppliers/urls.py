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
        actions={"receipts": views.SupplierReceiptsView, "contacts": views.SupplierContactsView},
    ),
    *model_urls(
        "contract",
        key="<str:number>",
        list=views.ContractListView,
        detail=views.ContractDetailView,
    ),
    *model_urls("receipt", list=views.ReceiptListView),
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
