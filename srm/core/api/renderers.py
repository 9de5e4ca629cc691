"""CSV and XLSX renderers for list endpoints that export (``?format=csv|xlsx``).

The view hands them a ``srm.core.exports.Table``; the same writer serves the pages'
export links, so a download from the API and from the page holds the same rows."""

from rest_framework.renderers import BaseRenderer

from ..exports import XLSX_MEDIA_TYPE, Table, to_csv, to_xlsx


class CSVTableRenderer(BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if not isinstance(data, Table):  # an error answer
            return to_csv(Table(["detail"], [[str(data)]]))
        return to_csv(data)


class XLSXTableRenderer(BaseRenderer):
    media_type = XLSX_MEDIA_TYPE
    format = "xlsx"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if not isinstance(data, Table):
            return to_xlsx(Table(["detail"], [[str(data)]]))
        return to_xlsx(data)
