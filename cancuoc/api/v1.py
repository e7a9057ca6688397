"""The API v1 instance: authentication, JSON errors and the routers."""

from __future__ import annotations

from ninja import NinjaAPI
from ninja.renderers import JSONRenderer

from cancuoc.api.auth import OfficerSession, PartnerKey
from cancuoc.api.errors import install_error_handlers
from cancuoc.api.views import people


class Utf8JSONRenderer(JSONRenderer):
    """Vietnamese text stays readable in the body instead of \\u escapes."""

    json_dumps_params = {"ensure_ascii": False}


api = NinjaAPI(
    title="cancuoc API",
    version="1.0",
    description=(
        "API của hệ thống cancuoc. Cán bộ dùng phiên đăng nhập (kèm X-CSRFToken cho thao tác "
        "ghi); đối tác dùng khóa API trong tiêu đề X-API-Key. Mọi lỗi trả về "
        '{"code", "message"}. Xem docs/api/v1.md.'
    ),
    urls_namespace="api-v1",
    docs_url="/docs",
    auth=[PartnerKey(), OfficerSession()],
    renderer=Utf8JSONRenderer(),
)
install_error_handlers(api)
api.add_router("/people", people)
