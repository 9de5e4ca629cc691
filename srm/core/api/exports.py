"""List endpoints that export (``?format=csv|xlsx``) through the one builder.

A viewset mixes in ``ExportListMixin`` and declares ``export_columns`` (``exports.Column``
with the ORM path each value is read from): the rows its filters, search and ordering keep
are written unpaginated, under the columns the user may read (``permissions.may_read_path``),
with the keys as headers (tools rely on them)."""

from __future__ import annotations

from collections.abc import Sequence

from drf_spectacular.utils import OpenApiParameter
from rest_framework.response import Response

from .. import exports
from .renderers import CSVTableRenderer, XLSXTableRenderer

# For the list's ``extend_schema(parameters=[EXPORT_FORMAT_PARAMETER])``.
EXPORT_FORMAT_PARAMETER = OpenApiParameter(
    "format", str, enum=["json", "csv", "xlsx"], description="json (default), csv or xlsx"
)


class ExportListMixin:
    export_columns: Sequence[exports.Column] = ()
    export_name = "export"

    def get_renderers(self):
        renderers = super().get_renderers()
        if getattr(self, "action", None) == "list":
            renderers += [CSVTableRenderer(), XLSXTableRenderer()]
        return renderers

    def get_export_columns(self) -> Sequence[exports.Column]:
        return self.export_columns

    def list(self, request, *args, **kwargs):
        fmt = request.accepted_renderer.format
        if fmt not in exports.EXPORT_FORMATS:
            return super().list(request, *args, **kwargs)
        queryset = self.filter_queryset(self.get_queryset())
        table = exports.build_table(
            queryset.iterator(chunk_size=2000),
            self.get_export_columns(),
            user=request.user,
            model=queryset.model,
            title=self.export_name,
            headers="keys",
        )
        response = Response(table)
        response["Content-Disposition"] = f'attachment; filename="{self.export_name}.{fmt}"'
        return response
