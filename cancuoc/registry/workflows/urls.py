"""Workflow pages, included in the "registry" namespace (names like registry:dc01-create)."""

from django.urls import path

from cancuoc.registry.workflows import event_views as ev
from cancuoc.registry.workflows import views as v

urlpatterns = [
    path("nghiep-vu/", v.home, name="workflows-home"),
    path("<int:person_id>/nghiep-vu/", ev.person_workflows, name="person-workflows"),
    # DC01: Phiếu thu thập thông tin dân cư, phúc tra
    path("dc01/", v.collection_list, name="dc01-list"),
    path("dc01/them/", v.collection_create, name="dc01-create"),
    path("dc01/ty-le-phuc-tra/", v.collection_coverage, name="dc01-coverage"),
    path("dc01/<int:collection_id>/", v.collection_detail, name="dc01-detail"),
    path("dc01/<int:collection_id>/phuc-tra/", v.collection_verify, name="dc01-verify"),
    # DC02: Phiếu cập nhật, chỉnh sửa thông tin dân cư
    path("dc02/", v.correction_queue, name="dc02-queue"),
    path("<int:person_id>/dc02/", v.correction_create, name="dc02-create"),
    path("dc02/<int:request_id>/", v.correction_detail, name="dc02-detail"),
    path("dc02/<int:request_id>/duyet/", v.correction_review, name="dc02-review"),
    path("dc02/<int:request_id>/cap-nhat/", v.correction_apply, name="dc02-apply"),
    # Số định danh: hủy, xác lập lại
    path("so-dinh-danh/", v.idnumber_list, name="idnumber-list"),
    path("so-dinh-danh/excel/", v.idnumber_export, name="idnumber-export"),
    path("<int:person_id>/xac-lap-lai-so/", v.idnumber_reestablish, name="idnumber-reestablish"),
    # Biến động dân cư
    path("khai-sinh/", ev.birth_create, name="birth-create"),
    path("<int:person_id>/khai-tu/", ev.death_create, name="death-create"),
    path("chuyen-thuong-tru/", ev.move_create, name="move-create"),
    path("chuyen-di/", ev.moves_list, {"direction": "di"}, name="moves-out"),
    path("chuyen-den/", ev.moves_list, {"direction": "den"}, name="moves-in"),
    path("tam-tru/", ev.temporary_list, name="temp-list"),
    path("tam-tru/dang-ky/", ev.temporary_create, name="temp-create"),
    path("tam-tru/<int:residence_id>/gia-han/", ev.temporary_extend, name="temp-extend"),
    path("tam-tru/<int:residence_id>/xoa/", ev.temporary_delete, name="temp-delete"),
    path("tam-vang/", ev.absence_list, name="absence-list"),
    path("<int:person_id>/tam-vang/", ev.absence_create, name="absence-create"),
    path("tam-vang/<int:absence_id>/tro-ve/", ev.absence_return, name="absence-return"),
]
