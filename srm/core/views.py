"""The page kit: every page is a declaration on one of these views (NetBox's generic views).

* ``GovernedViewMixin`` — the page side of the permission choke point: login, 403 for an
  action the user may not take on the model at all, 404 for a row outside their reach.
* ``ServiceFormView`` — a create or edit page whose valid input goes to one service; the
  service's ``ValidationError`` is mapped onto the form (``add_service_error``).
* ``ServiceActionView`` — a POST that calls one service on one row, then goes back.
* ``TransitionView`` — a ``ServiceActionView`` that moves a row to a chosen status.
* ``TableExportMixin`` — a list page that exports what it shows (``?export=csv|xlsx``).
* ``model_urls`` — the URL patterns of the list / create / detail / edit / transition shapes.

Templates ask the same choke point with ``{% can "change" obj as may_change %}``
(``srm/core/templatetags/srm.py``); no view hand-rolls a permission flag.
"""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db.models import Model
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView, View
from django.views.generic.detail import SingleObjectMixin

from . import exports, permissions


def add_service_error(form, exc: ValidationError) -> None:
    """Show a service's validation error on the form field it names, else on the form.

    The one error mapper of the kit: a service raises ``ValidationError({"field": ...})``
    for a field the user can fix and a plain ``ValidationError`` for the whole input."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def error_text(exc: ValidationError) -> str:
    """A service's validation error as one sentence, for a message after a redirect."""
    if hasattr(exc, "error_dict"):
        return " ".join(
            str(m) if field == NON_FIELD_ERRORS else f"{m}"
            for field, msgs in exc.message_dict.items()
            for m in msgs
        )
    return " ".join(exc.messages)


class GovernedViewMixin(LoginRequiredMixin):
    """Login, then a 403 when the user may not take ``permission_action`` on the
    model at all, and a 404 (through ``restrict``) for a row outside their reach.

    ``permission_model`` defaults to the view's ``model``/``queryset`` model;
    a view that shows no model rows (a form page, a report) sets it explicitly.
    """

    permission_action = "view"
    permission_model: type[Model] | None = None

    def get_permission_model(self) -> type[Model]:
        if self.permission_model is not None:
            return self.permission_model
        model = getattr(self, "model", None)
        if model is None and getattr(self, "queryset", None) is not None:
            model = self.queryset.model
        if model is None:
            raise TypeError(f"{type(self).__name__} must name its permission_model")
        return model

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not permissions.can(request.user, self.permission_action, self.get_permission_model()):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return permissions.restrict(super().get_queryset(), self.request.user, "view")

    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        # The action applies to the object itself only when it is of the permission model;
        # otherwise the object is the context the action happens in (a meeting an action
        # item is added to), and seeing it is enough.
        if (
            self.permission_action != "view"
            and isinstance(obj, self.get_permission_model())
            and not permissions.can_object(self.request.user, self.permission_action, obj)
        ):
            raise PermissionDenied
        return obj


class TableExportMixin:
    """A list page (``SingleTableMixin`` + ``FilterView``) that exports what it shows:
    ``?export=csv`` or ``?export=xlsx`` answers the rows its filters keep, in the order its
    sort gives, under the columns the user sees, unpaginated, through the one builder
    (``srm.core.exports.page_table``). The template shows the links with
    ``{% include "includes/table_region.html" with exports=True %}``."""

    export_name = "export"

    def export_format(self) -> str | None:
        fmt = self.request.GET.get("export")
        return fmt if fmt in exports.EXPORT_FORMATS else None

    def get_table_pagination(self, table):
        if self.export_format():
            return False
        return super().get_table_pagination(table)

    def export_response(self, table, fmt: str):
        name = f"{self.export_name}-{timezone.localdate():%Y-%m-%d}"
        built = exports.page_table(table, user=self.request.user, title=str(self.export_name))
        return exports.file_response(built, fmt, name)

    def render_to_response(self, context, **kwargs):
        fmt = self.export_format()
        if fmt and "table" in context:
            return self.export_response(context["table"], fmt)
        return super().render_to_response(context, **kwargs)


class ServiceFormView(GovernedViewMixin, SingleObjectMixin, TemplateView):
    """A create or edit page whose valid input goes to one service.

    Declare ``form_class``, ``permission_action`` (``"add"`` or ``"change"``), ``title``
    and ``save(form)``, which calls the service and returns what to redirect to (a row
    with ``get_absolute_url`` or a URL). An edit page's URL names its row (``pk`` or
    ``slug_url_kwarg``); ``load`` then fetches it into ``self.object`` (404 outside
    reach, 403 without the action on it). A ``ValidationError`` from the service is shown
    on the form with a 400; a ``PermissionDenied`` answers 403.
    """

    template_name = "form.html"
    form_class: type[forms.BaseForm] | None = None
    title = ""
    submit_label = _("Save")
    success_message = ""
    # A page that shows its row to every reader and saves it for fewer: posting asks for
    # this action on the row once it is found (a row out of sight stays a 404).
    post_permission_action: str | None = None
    object = None

    def load(self) -> None:
        """Fetch the rows the page works on before the form is built."""
        if self.request.method == "POST" and self.post_permission_action:
            self.permission_action = self.post_permission_action
        if self.pk_url_kwarg in self.kwargs or self.slug_url_kwarg in self.kwargs:
            self.object = self.get_object()

    def get_form_kwargs(self) -> dict:
        return {}

    def get_form(self):
        data = self.request.POST if self.request.method == "POST" else None
        files = self.request.FILES if self.request.method == "POST" else None
        return self.form_class(data, files=files, **self.get_form_kwargs())

    def save(self, form):
        raise NotImplementedError

    def extra_context_data(self) -> dict:
        return {}

    def get_success_message(self, result) -> str:
        return str(self.success_message)

    def cancel_url(self) -> str:
        if self.object is not None and hasattr(self.object, "get_absolute_url"):
            return self.object.get_absolute_url()
        return self.request.META.get("HTTP_REFERER", "/")

    def render_form(self, form, status: int = 200):
        context = {
            "form": form,
            "object": self.object,
            "title": self.title,
            "submit_label": self.submit_label,
            "cancel_url": self.cancel_url(),
            **self.extra_context_data(),
        }
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, *args, **kwargs):
        self.load()
        return self.render_form(self.get_form())

    def post(self, request, *args, **kwargs):
        self.load()
        form = self.get_form()
        if form.is_valid():
            try:
                result = self.save(form)
            except ValidationError as exc:
                add_service_error(form, exc)
            else:
                message = self.get_success_message(result)
                if message:
                    messages.success(request, message)
                return redirect(result)
        return self.render_form(form, status=400)


class PrefillSupplierMixin:
    """For a create form of a supplier's row: the form takes ``user``, and ``?supplier=CODE``
    pre-selects that supplier when the choke point lets the user add the row for it (else the
    choice stays open). Put it before ``ServiceFormView`` and write ``create(form)``: a
    service refusing the supplier (out of reach) is the supplier field's error."""

    def get_form_kwargs(self):
        return {"user": self.request.user}

    def get_form(self):
        form = super().get_form()
        code = self.request.GET.get("supplier")
        if code and not form.is_bound:
            form.initial["supplier"] = permissions.supplier_for_new_row(
                self.request.user, self.model, code
            )
        return form

    def create(self, form):
        raise NotImplementedError

    def save(self, form):
        try:
            return self.create(form)
        except PermissionDenied as exc:
            raise ValidationError({"supplier": str(exc)}) from exc


class ServiceActionView(GovernedViewMixin, SingleObjectMixin, View):
    """A POST that calls one service on one row, then goes back to the row's page.

    Declare ``model`` (or ``queryset``), ``permission_action`` and ``perform(obj)``, which
    calls the service and returns the success message (or ""). The choke point has
    already answered 403/404; a rule the service enforces (``PermissionDenied``) is a 403
    too, and a ``ValidationError`` is shown as an error message.
    """

    http_method_names = ["post"]
    permission_action = "change"

    def perform(self, obj) -> str:
        raise NotImplementedError

    def get_success_url(self) -> str:
        return self.object.get_absolute_url()

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        try:
            message = self.perform(self.object)
        except ValidationError as exc:
            messages.error(request, error_text(exc))
        else:
            if message:
                messages.success(request, message)
        return redirect(self.get_success_url())


class TransitionForm(forms.Form):
    """The target status of a move, and why (kept on the row's history)."""

    target = forms.CharField(max_length=30)
    reason = forms.CharField(max_length=500, required=False)


class TransitionView(ServiceActionView):
    """Move one row to the status the form names, through one service.

    Declare ``model``, ``service`` (called as ``service(actor=..., <object_arg>=row,
    target=..., reason=...)``; wrap it in ``staticmethod``) and ``object_arg``, the
    service's name for the row. ``done_message`` is formatted with ``status``, the row's
    status after the move.
    """

    form_class = TransitionForm
    service: Callable | None = None
    object_arg = "obj"
    done_message = _("Status is now {status}.")

    def perform(self, obj) -> str:
        form = self.form_class(self.request.POST)
        if not form.is_valid():
            raise ValidationError(_("Choose a status."))
        self.service(actor=self.request.user, **{self.object_arg: obj}, **form.cleaned_data)
        status = obj.get_status_display() if hasattr(obj, "get_status_display") else ""
        return str(self.done_message).format(status=status)


def model_urls(
    noun: str,
    *,
    plural: str | None = None,
    key: str = "<int:pk>",
    list: type[View] | None = None,
    create: type[View] | None = None,
    detail: type[View] | None = None,
    edit: type[View] | None = None,
    transition: type[View] | None = None,
    actions: dict[str, type[View]] | None = None,
) -> list[URLPattern]:
    """The URL patterns of one model's pages in the house shapes::

        <plural>/                      <noun>_list
        <plural>/new/                  <noun>_create
        <plural>/<key>/                <noun>_detail
        <plural>/<key>/edit/           <noun>_update
        <plural>/<key>/status/         <noun>_transition
        <plural>/<key>/<action>/       <noun>_<action>   (``actions``; dashes become "_")

    ``plural`` defaults to the noun with an "s" and dashes for underscores.
    """
    base = plural or f"{noun.replace('_', '-')}s"
    shapes = [
        ("", list, "list"),
        ("new/", create, "create"),
        (f"{key}/", detail, "detail"),
        (f"{key}/edit/", edit, "update"),
        (f"{key}/status/", transition, "transition"),
    ]
    shapes += [
        (f"{key}/{name}/", view, name.replace("-", "_")) for name, view in (actions or {}).items()
    ]
    return [
        path(f"{base}/{route}", view.as_view(), name=f"{noun}_{suffix}")
        for route, view, suffix in shapes
        if view is not None
    ]
