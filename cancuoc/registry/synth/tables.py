"""Frequency tables behind the synthetic population. Shapes, not statistics to quote.

Each table is (value, weight) pairs; weights are relative. Sources of the shapes:
- surnames: the shares commonly cited for Vietnam (Nguyễn ≈ 38 %, Trần ≈ 11 %, Lê ≈ 9.5 %...),
  Hoàng/Huỳnh and Vũ/Võ split the southern way (Đồng Nai);
- age and sex: Tổng điều tra dân số và nhà ở 2019 (TCTK), 5-year groups, rounded;
- ethnicity and religion: Đồng Nai (with former Bình Phước) and national 2019 census shares,
  rounded; minorities keep the surnames usual in their community.
"""

from __future__ import annotations

# --- surnames -------------------------------------------------------------------------------

SURNAMES_MAIN = [
    ("Nguyễn", 38.0), ("Trần", 11.0), ("Lê", 9.5), ("Phạm", 7.0), ("Huỳnh", 2.7),
    ("Hoàng", 2.3), ("Phan", 4.5), ("Võ", 2.4), ("Vũ", 1.6), ("Đặng", 2.0), ("Bùi", 2.0),
    ("Đỗ", 1.4), ("Hồ", 1.3), ("Ngô", 1.3), ("Dương", 1.0), ("Lý", 0.5),
]  # fmt: skip
# The long tail, scaled to the share the main surnames leave (≈ 11.5 %).
SURNAMES_TAIL = [
    "Trương", "Đinh", "Đào", "Đoàn", "Lâm", "Mai", "Lương", "Cao", "Trịnh", "Hà", "Tạ",
    "Tô", "Châu", "Lưu", "Thái", "Phùng", "Vương", "Tống", "La", "Kiều", "Quách", "Tăng",
    "Chu", "Đàm", "Giang", "Thân", "Từ", "Hứa", "Triệu", "Nông", "Văn", "Kim", "Doãn",
    "Ông", "Ninh", "Âu", "Mã", "Quan", "Tiêu", "Diệp", "Mạc", "Lục", "Nghiêm", "Khúc",
    "Tôn", "Bạch", "Hầu", "Khổng", "Lạc", "Hán",
]  # fmt: skip
SURNAMES_TAIL_SHARE = 100.0 - sum(w for _, w in SURNAMES_MAIN)

SURNAMES_BY_ETHNICITY = {
    "Hoa": ["Lâm", "Lý", "Trần", "Hứa", "Quách", "Tăng", "Diệp", "Lưu", "Châu", "Mã",
            "Trương", "Huỳnh", "Hồng", "Vương", "Phùng"],
    "Khơ-me": ["Thạch", "Sơn", "Danh", "Kim", "Lâm", "Châu", "Trần", "Huỳnh", "Lý"],
    "Tày": ["Hoàng", "Nông", "Lương", "Triệu", "Vi", "Hà", "Lục", "Ma", "Đàm"],
    "Nùng": ["Hoàng", "Nông", "Lục", "Vi", "Lương", "Triệu", "Hà", "Chu", "Mã"],
    "Chơ Ro": ["Điểu", "Thổ", "Lâm", "Nguyễn", "Trần"],
    "Xtiêng": ["Điểu", "Thị", "Lâm", "Hồ", "Nguyễn"],
    "Mạ": ["Điểu", "K'", "Lâm", "Nguyễn"],
    "Mường": ["Bùi", "Đinh", "Quách", "Hà", "Cao", "Phạm"],
    "Thái": ["Lò", "Lường", "Cầm", "Vi", "Hà", "Quàng"],
}  # fmt: skip

# --- middle and given names by sex and birth cohort ----------------------------------------
# Cohorts by year of birth: before 1960, 1960-1984, 1985-2004, from 2005.
COHORT_STARTS = (1960, 1985, 2005)

# Share of the classic middle name (Văn for men, Thị for women) in each cohort.
CLASSIC_MIDDLE = {"male": ("Văn", (0.72, 0.52, 0.26, 0.08)),
                  "female": ("Thị", (0.86, 0.66, 0.36, 0.10))}  # fmt: skip
MIDDLE_NAMES = {
    "male": ["Minh", "Đức", "Quang", "Hoàng", "Hữu", "Công", "Thành", "Ngọc", "Đình", "Xuân",
             "Trọng", "Quốc", "Thanh", "Duy", "Tuấn", "Anh", "Gia", "Bảo", "Nhật", "Hoài",
             "Tấn", "Phước", "Gia Bảo", "Minh Quang", "Hoàng Gia", "Đăng"],
    "female": ["Ngọc", "Thu", "Thanh", "Kim", "Minh", "Bảo", "Khánh", "Phương", "Hồng", "Mỹ",
               "Gia", "Hoàng", "Thùy", "Thảo", "Như", "Diệu", "Quỳnh", "Hải", "Tường",
               "Ngọc Bảo", "Thị Ngọc", "Thị Thu", "Thị Kim", "Thị Mỹ", "Bảo Ngọc", "Khánh"],
}  # fmt: skip
# Names in each list are ordered by how often they are given; weights fall off as 1/(rank+3).
GIVEN_NAMES = {
    ("male", 0): ["Hùng", "Dũng", "Sơn", "Tuấn", "Thành", "Hải", "Minh", "Bình", "Hòa", "Lợi",
                  "Phúc", "Tâm", "Quang", "Thắng", "Hưng", "Cường", "Long", "Nam", "Trung",
                  "Đức", "Tư", "Ba", "Năm", "Sáu", "Bảy", "Tám", "Chín", "Lộc", "Tài",
                  "Thanh", "Vinh", "Chiến", "Thái", "Khoa", "Mười"],
    ("male", 1): ["Hùng", "Dũng", "Tuấn", "Hải", "Minh", "Sơn", "Nam", "Cường", "Hưng",
                  "Long", "Thắng", "Trung", "Phong", "Quân", "Tùng", "Hoàng", "Thành", "Vũ",
                  "Hiếu", "Thịnh", "Khoa", "Tài", "Lộc", "Phương", "Tú", "Việt", "Tiến",
                  "Toàn", "Hòa", "Bình"],
    ("male", 2): ["Minh", "Huy", "Khoa", "Nam", "Long", "Đức", "Hiếu", "Tùng", "Anh", "Tuấn",
                  "Quân", "Phúc", "Duy", "Thắng", "Trí", "Thịnh", "Hoàng", "Tài", "Vinh",
                  "Kiên", "Lâm", "Nhân", "Khải", "Bảo", "Phát", "Tín", "Tân", "Sang", "Toàn",
                  "Thái"],
    ("male", 3): ["Khang", "Bảo", "Phúc", "An", "Minh", "Khôi", "Huy", "Nam", "Đăng", "Khoa",
                  "Lâm", "Quân", "Phong", "Thiện", "Duy", "Tú", "Vinh", "Kiên", "Nguyên",
                  "Tuệ", "Hào", "Hưng", "Đạt", "Trí", "Sơn", "Nhật", "Tín", "Hiếu", "Thành",
                  "Vỹ"],
    ("female", 0): ["Lan", "Hoa", "Hương", "Mai", "Hồng", "Cúc", "Nga", "Thu", "Hà", "Hạnh",
                    "Liên", "Loan", "Tuyết", "Nguyệt", "Phượng", "Yến", "Xuân", "Dung", "Hiền",
                    "Lệ", "Tám", "Sáu", "Bảy", "Út", "Ba", "Năm", "Thủy", "Thanh", "Sen",
                    "Đào", "Nhung", "Oanh"],
    ("female", 1): ["Hương", "Lan", "Hà", "Linh", "Thủy", "Trang", "Hằng", "Nga", "Hạnh",
                    "Dung", "Huyền", "Phương", "Loan", "Thảo", "Hoa", "Mai", "Hiền", "Yến",
                    "Tuyết", "Nhung", "Vân", "Thúy", "Ngọc", "Hồng", "Oanh", "Diễm", "Kiều",
                    "Thu"],
    ("female", 2): ["Linh", "Trang", "Anh", "Ngọc", "Huyền", "Thảo", "Nhung", "Hương", "Vy",
                    "Hân", "Ngân", "Quỳnh", "Trâm", "Nhi", "Uyên", "Thư", "Trinh", "Phương",
                    "Giang", "Mai", "Yến", "Tiên", "Hằng", "Loan", "Thúy", "Diệu", "My", "Hà"],
    ("female", 3): ["Anh", "Vy", "Ngân", "Hân", "Chi", "Như", "An", "Nhi", "My", "Thư",
                    "Linh", "Trâm", "Khuê", "Tâm", "Ngọc", "Hà", "Yến", "Quỳnh", "Diệp",
                    "Uyên", "Nhiên", "Thảo", "Phương", "Tú", "Lam", "Hạ", "Châu", "Trúc"],
}  # fmt: skip
OTHER_NAMES = ["Út", "Tèo", "Bé", "Hai", "Ba", "Tư", "Năm", "Sáu", "Bi", "Bống", "Cu"]

# --- age and sex (Tổng điều tra 2019, % of population by 5-year group, 85+ last) -------------

AGE_GROUP_SHARES = [8.1, 8.6, 7.5, 6.6, 6.8, 7.9, 8.3, 7.9, 7.2, 6.6, 6.0, 5.3, 4.2, 3.0,
                    1.8, 1.2, 1.0, 0.9]  # fmt: skip
MAX_AGE = 100
# Men per 100 women in each 5-year group (sex ratio at birth ≈ 111, women outlive men).
SEX_RATIOS = [111, 110, 108, 106, 104, 102, 101, 100, 99, 98, 95, 92, 87, 82, 75, 68, 60,
              50]  # fmt: skip

# --- households ----------------------------------------------------------------------------

# Probability that a woman of this age lives with a husband, by 5-year group from 15.
P_WIFE = {15: 0.05, 20: 0.38, 25: 0.70, 30: 0.82, 35: 0.85, 40: 0.85, 45: 0.84, 50: 0.82,
          55: 0.78, 60: 0.70, 65: 0.60, 70: 0.48, 75: 0.35, 80: 0.22, 85: 0.12}  # fmt: skip
HUSBAND_AGE_GAP = [(-2, 2), (-1, 3), (0, 8), (1, 10), (2, 12), (3, 12), (4, 10), (5, 9),
                   (6, 7), (7, 5), (8, 4), (9, 3), (10, 2), (12, 2), (15, 1)]  # fmt: skip
MOTHER_AGE_AT_BIRTH = [(a, w) for a, w in zip(range(17, 46), [
    1, 2, 4, 6, 8, 10, 11, 12, 12, 12, 11, 11, 10, 9, 8, 7, 6, 5, 4, 3, 3, 2, 2, 1, 1, 1, 1,
    1, 1], strict=True)]  # fmt: skip
CHILDREN_WANTED = [(1, 22), (2, 46), (3, 20), (4, 8), (5, 4)]
# Unmarried adults still living with their parents, by age.
P_STAY_WITH_PARENTS = {18: 0.92, 20: 0.80, 23: 0.65, 26: 0.50, 30: 0.35, 35: 0.25,
                       40: 0.15}  # fmt: skip
P_ELDERLY_COUPLE_WITH_SON = 0.30
P_ELDERLY_SINGLE_WITH_CHILD = 0.62
P_HEAD_IS_WIFE = 0.16
# Adults in no couple and not with their parents who live with a brother or sister, by decade.
P_LIVE_WITH_SIBLING = {10: 0.6, 20: 0.45, 30: 0.45, 40: 0.55, 50: 0.55, 60: 0.35}

# --- identity items ------------------------------------------------------------------------

ETHNICITY_PROFILES = {
    "75": [("Kinh", 91.4), ("Hoa", 3.1), ("Nùng", 1.0), ("Tày", 0.9), ("Xtiêng", 1.2),
           ("Khơ-me", 0.9), ("Chơ Ro", 0.4), ("Mường", 0.3), ("Mạ", 0.3), ("Thái", 0.2),
           ("Dao", 0.1), ("Mnông", 0.2)],
    "*": [("Kinh", 85.3), ("Tày", 1.9), ("Thái", 1.9), ("Mường", 1.5), ("H'Mông", 1.5),
          ("Khơ-me", 1.4), ("Nùng", 1.1), ("Dao", 0.9), ("Hoa", 0.8), ("Gia Rai", 0.5),
          ("Ê Đê", 0.4), ("Ba Na", 0.3)],
}  # fmt: skip
RELIGION_PROFILES = {
    "75": [("Không", 52.0), ("Công giáo", 28.0), ("Phật giáo", 15.0), ("Tin lành", 2.0),
           ("Cao Đài", 1.5), ("Phật giáo Hòa Hảo", 1.0), ("Tôn giáo khác", 0.5)],
    "*": [("Không", 86.3), ("Công giáo", 6.1), ("Phật giáo", 4.8), ("Tin lành", 1.0),
          ("Phật giáo Hòa Hảo", 1.0), ("Cao Đài", 0.6), ("Tôn giáo khác", 0.2)],
}  # fmt: skip
# ABO shares in Vietnam (O ≈ 42 %, B ≈ 30 %, A ≈ 21 %, AB ≈ 7 %); most records hold none.
BLOOD_GROUPS = [("O", 41.7), ("B", 30.1), ("A", 21.2), ("AB", 7.0)]
P_BLOOD_GROUP_KNOWN = 0.25

# Where people who moved to Đồng Nai were born: legacy 3-digit codes of Thông tư 07/2016.
MIGRANT_ORIGINS = [
    ("038", 9), ("040", 9), ("042", 5), ("036", 6), ("034", 5), ("037", 3), ("035", 2),
    ("051", 5), ("052", 5), ("049", 4), ("044", 3), ("046", 3), ("045", 2), ("054", 2),
    ("087", 4), ("089", 4), ("082", 3), ("083", 3), ("086", 3), ("084", 3), ("094", 3),
    ("092", 2), ("080", 3), ("091", 2), ("096", 2), ("095", 2), ("079", 5), ("074", 3),
    ("070", 3), ("068", 2), ("066", 2), ("001", 3), ("030", 2), ("033", 2), ("060", 2),
    ("077", 2), ("072", 2), ("064", 1),
]  # fmt: skip
# First two digits of 9-digit CMND numbers by the legacy province that issued them. Seen on
# real cards, used only to make synthetic numbers look familiar; nothing validates them.
CMND_PREFIX = {
    "001": "01", "079": "02", "031": "03", "022": "10", "038": "17", "040": "18",
    "042": "18", "044": "19", "045": "19", "046": "19", "048": "20", "049": "20",
    "051": "21", "052": "21", "054": "22", "056": "22", "064": "23", "062": "23",
    "066": "24", "068": "25", "060": "26", "058": "26", "075": "27", "077": "27",
    "074": "28", "070": "28", "072": "29", "080": "30", "082": "31", "083": "32",
    "087": "34", "089": "35", "091": "37", "092": "36", "093": "36", "094": "36",
    "086": "33", "084": "33", "095": "38", "096": "38", "036": "16", "034": "15",
    "037": "16", "035": "16", "030": "14", "033": "14",
}  # fmt: skip
# Place codes absent from the Thông tư 07/2016 table, used for the wrong-structure defect.
UNKNOWN_PLACE_CODES = ["003", "005", "007", "009", "013", "016", "018", "021", "023", "028"]

FOREIGN_DESTINATIONS = [("Hàn Quốc", 30), ("Nhật Bản", 35), ("Đài Loan (Trung Quốc)", 20),
                        ("Hoa Kỳ", 6), ("Australia", 4), ("Đức", 3), ("Canada", 2)]  # fmt: skip

# --- addresses ----------------------------------------------------------------------------

STREETS = ["Lê Lợi", "Nguyễn Trãi", "Trần Hưng Đạo", "Hùng Vương", "Nguyễn Văn Cừ",
           "30 Tháng 4", "Phạm Văn Thuận", "Đồng Khởi", "Lý Thái Tổ", "Nguyễn Ái Quốc",
           "Hà Huy Giáp", "Võ Thị Sáu", "Tôn Đức Thắng", "Nguyễn Hữu Cảnh", "Lý Tự Trọng",
           "Phan Chu Trinh", "Huỳnh Văn Nghệ", "Bùi Văn Hòa", "Đặng Văn Trơn", "Trần Phú",
           "Quốc lộ 51", "Quốc lộ 1A", "Tỉnh lộ 25B", "Tỉnh lộ 769"]  # fmt: skip
HAMLETS = ["Ấp 1", "Ấp 2", "Ấp 3", "Ấp 4", "Ấp 5", "Ấp 6", "Ấp Bến Cam", "Ấp Phước Lý",
           "Ấp Xóm Hố", "Ấp Chợ", "Ấp Cát Lái", "Ấp Long Hiệu", "Ấp Bến Sắn",
           "Ấp Vũng Gấm"]  # fmt: skip
CARD_ISSUERS = {
    "cccd": "Cục Cảnh sát quản lý hành chính về trật tự xã hội",
    "can_cuoc": "Bộ Công an",
}
