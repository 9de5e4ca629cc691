"""Pages that change a contract: create and edit, activate, renew, and the price-list and
service-level tables of a draft (a formset posted with htmx, or plainly without script).
Declarations on the page kit; every write goes to ``contract_services``."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from srm.core.views import ServiceActionView, ServiceFormView, TransitionView

from . import contract_services, selectors
from .forms import ContractForm, PriceLineFormSet, ServiceLevelFormSet
from .models import Contract, ContractPrice, ServiceLevel


class ContractCreateView(ServiceFormView):
    permission_model = Contract
    permission_action = "add"
    form_class = ContractForm
    title = _("New contract")
    success_message = _("Contract saved as a draft.")

    def get_form_kwargs(self):
        return {"user": self.request.user}

    def save(self, form):
        data = {
            k: v for k, v in form.cleaned_data.items() if k in contract_services.CONTRACT_FIELDS
        }
        data["title"] = form.cleaned_data["title"]
        return contract_services.contract_create(
            actor=self.request.user,
            supplier=form.cleaned_data["supplier"],
            number=form.cleaned_data["number"],
            **data,
        )


class ContractUpdateView(ServiceFormView):
    model = Contract
    permission_action = "change"
    slug_field = slug_url_kwarg = "number"
    form_class = ContractForm
    title = _("Edit contract")
    success_message = _("Contract saved.")

    def get_form_kwargs(self):
        return {"user": self.request.user, "instance": self.object}

    def save(self, form):
        fields = contract_services.CONTRACT_FIELDS
        if not self.object.is_draft:
            fields = contract_services.ACTIVE_CONTRACT_FIELDS
        data = {k: v for k, v in form.cleaned_data.items() if k in fields}
        # A fresh copy: the ModelForm wrote the new values onto self.object already.
        return contract_services.contract_update(
            actor=self.request.user, contract=self.get_object(), data=data
        )


class ContractTransitionView(TransitionView):
    model = Contract
    slug_field = slug_url_kwarg = "number"
    service = staticmethod(contract_services.contract_transition)
    object_arg = "contract"

    def perform(self, obj) -> str:
        super().perform(obj)
        # The service moved a locked copy: say the status it has now.
        obj.refresh_from_db(fields=["status"])
        return str(self.done_message).format(status=obj.get_status_display())


class ContractRenewView(ServiceActionView):
    model = Contract
    slug_field = slug_url_kwarg = "number"
    permission_action = "add"

    def perform(self, obj):
        self.renewed = contract_services.contract_renew(actor=self.request.user, contract=obj)
        return gettext("Next term %(number)s drafted.") % {"number": self.renewed.number}

    def get_success_url(self):
        renewed = getattr(self, "renewed", None)
        return (renewed or self.object).get_absolute_url()


class ContractLinesView(ServiceFormView):
    """The table of a draft's price lines (or service levels), saved as one: every row goes
    through the service, in one transaction; a row the service refuses carries the error
    and nothing is written. With htmx the table answers itself; without, the page."""

    model = Contract
    slug_field = slug_url_kwarg = "number"
    permission_action = "change"
    template_name = "suppliers/_contract_lines.html"
    formset_class = PriceLineFormSet
    kind = "prices"

    def rows(self):
        raise NotImplementedError

    @staticmethod
    def initial_row(row) -> dict:
        raise NotImplementedError

    def get_form(self):
        if self.request.method == "POST":
            return self.formset_class(self.request.POST, user=self.request.user, prefix=self.kind)
        initial = [self.initial_row(row) for row in self.rows()]
        return self.formset_class(initial=initial, user=self.request.user, prefix=self.kind)

    def get(self, request, *args, **kwargs):
        self.load()
        if not request.headers.get("HX-Request"):
            return redirect(self.object.get_absolute_url())
        return self.render_form(self.get_form())

    def render_form(self, form, status: int = 200):
        context = {"formset": form, "contract": self.object, "kind": self.kind}
        if self.request.headers.get("HX-Request"):
            # A refused table answers 400 with its errors in place (app.js swaps a 400).
            return render(self.request, self.template_name, context, status=status)
        if status != 200:
            return render(self.request, "suppliers/contract_lines_page.html", context, status=400)
        return redirect(self.object.get_absolute_url())

    def save_row(self, row: dict, existing):
        raise NotImplementedError

    def delete_row(self, existing) -> None:
        raise NotImplementedError

    def save(self, formset):
        rows = {row.pk: row for row in self.rows()}
        failed = False
        with transaction.atomic():
            for form in formset.forms:
                if not form.has_changed() and not form.cleaned_data.get("id"):
                    continue
                data = form.cleaned_data
                existing = rows.get(data.get("id")) if data.get("id") else None
                if data.get("id") and existing is None:
                    form.add_error(None, gettext("That row is not on this contract."))
                    failed = True
                    continue
                try:
                    if data.get("DELETE"):
                        if existing is not None:
                            self.delete_row(existing)
                    elif form.has_changed():
                        self.save_row(data, existing)
                except ValidationError as exc:
                    _row_error(form, exc)
                    failed = True
            if failed:
                transaction.set_rollback(True)
        if failed:
            raise ValidationError(gettext("Nothing was saved: correct the rows marked."))
        if not self.request.headers.get("HX-Request"):
            messages.success(self.request, gettext("Saved."))
        self.object = self.get_object()
        return self.object.get_absolute_url()

    def post(self, request, *args, **kwargs):
        self.load()
        formset = self.get_form()
        if formset.is_valid():
            try:
                self.save(formset)
            except ValidationError as exc:
                formset.add_error(None, exc)
            else:
                if request.headers.get("HX-Request"):
                    return self.render_form(self.get_fresh_form())
                return redirect(self.object.get_absolute_url())
        return self.render_form(formset, status=400)

    def get_fresh_form(self):
        initial = [self.initial_row(row) for row in self.rows()]
        return self.formset_class(initial=initial, user=self.request.user, prefix=self.kind)


def _row_error(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


class ContractPricesView(ContractLinesView):
    formset_class = PriceLineFormSet
    kind = "prices"

    def rows(self):
        return list(selectors.contract_prices(user=self.request.user, contract=self.object))

    @staticmethod
    def initial_row(row: ContractPrice) -> dict:
        return {
            "id": row.pk,
            "item": row.item.code,
            "unit_price": row.unit_price,
            "currency": row.currency,
            "valid_from": row.effective_from,
            "valid_to": row.valid_to,
        }

    def save_row(self, row, existing):
        contract_services.price_line_save(
            actor=self.request.user,
            contract=self.object,
            item=row["item"],
            unit_price=row["unit_price"],
            currency=row["currency"].upper(),
            valid_from=row["valid_from"],
            valid_to=row["valid_to"],
            line=existing,
        )

    def delete_row(self, existing):
        contract_services.price_line_delete(actor=self.request.user, line=existing)


class ContractServiceLevelsView(ContractLinesView):
    formset_class = ServiceLevelFormSet
    kind = "service_levels"

    def rows(self):
        return list(selectors.contract_service_levels(user=self.request.user, contract=self.object))

    @staticmethod
    def initial_row(row: ServiceLevel) -> dict:
        return {
            "id": row.pk,
            "metric": row.metric,
            "target": row.target,
            "valid_from": row.effective_from,
            "valid_to": row.valid_to,
        }

    def save_row(self, row, existing):
        contract_services.service_level_save(
            actor=self.request.user,
            contract=self.object,
            metric=row["metric"],
            target=row["target"],
            valid_from=row["valid_from"],
            valid_to=row["valid_to"],
            level=existing,
        )

    def delete_row(self, existing):
        contract_services.service_level_delete(actor=self.request.user, level=existing)
