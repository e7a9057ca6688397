"""A people list in the layout agencies send, imported for the export tests."""

from __future__ import annotations

import csv

from cancuoc.accounts.actor import Actor, Channel
from cancuoc.registry.imports.services import create_import_job, run_import_job

CLI = Actor.system("test", channel=Channel.CLI)
SOURCE_HEADER = [
    "Mã hồ sơ", "Họ, chữ đệm và tên", "Ngày sinh", "Giới tính", "Số định danh cá nhân",
    "Số CMND", "Dân tộc", "Tôn giáo", "Nhóm máu", "Tình trạng hôn nhân", "Mã xã thường trú",
    "Nơi thường trú", "Mã xã tạm trú", "Nơi tạm trú", "Thời hạn tạm trú", "Số hộ",
    "Quan hệ với chủ hộ", "Họ tên cha", "Số định danh của cha", "Số thẻ", "Loại thẻ",
    "Ngày cấp", "Có giá trị đến", "Mức định danh điện tử", "Số điện thoại",
]  # fmt: skip
SOURCE_ROWS = [
    ["HS-1", "Nguyễn Văn An", "15/05/1990", "Nam", "075090012345", "", "Kinh", "Không", "O+",
     "Đã kết hôn", "26041", "Số 5, tổ 3", "26068", "Số 9, khu phố 2", "31/12/2027", "HK-1",
     "Chủ hộ", "Nguyễn Văn Ba", "075060000001", "075090012345", "CCCD", "01/02/2021",
     "15/05/2030", "Mức 2", "0912345678"],
    ["HS-2", "Trần Thị Lan", "03/1975", "Nữ", "075175000456", "271234567", "Hoa", "Phật giáo",
     "", "", "26041", "Ấp 1", "", "", "", "HK-1", "Vợ", "", "", "", "", "", "", "", ""],
    ["HS-3", "Lê Văn Cường", "1975", "Nam", "", "", "Kinh", "", "", "", "26068", "Tổ 7", "",
     "", "", "", "", "", "", "", "", "", "", "Mức 1", ""],
]  # fmt: skip


def write_source(tmp_path) -> object:
    path = tmp_path / "nguon.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([SOURCE_HEADER, *SOURCE_ROWS])
    return path


def run(path):
    job, _ = create_import_job(path, actor=CLI, source_name=path.name)
    return run_import_job(job)
