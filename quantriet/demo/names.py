"""Name data for the synthetic province: people, places and Party organisations.

Plain data, NFC, no Django. Family-name shares follow published Vietnamese surveys
(Nguyễn ~38 %, Trần ~11 %, Lê ~9.5 % …), leaning southern (Huỳnh over Hoàng, Võ over Vũ)
because the model province is Tiền Giang.
"""

from __future__ import annotations

# (family name, share in %). The listed shares are kept exactly; the tail after them
# shares what is left up to 100 %.
FAMILY_NAMES_MAIN: list[tuple[str, float]] = [
    ("Nguyễn", 38.0), ("Trần", 11.0), ("Lê", 9.5), ("Phạm", 7.0),
    ("Huỳnh", 3.2), ("Hoàng", 1.8), ("Phan", 4.5), ("Võ", 2.9), ("Vũ", 1.0),
    ("Đặng", 2.0), ("Bùi", 2.0), ("Đỗ", 1.4), ("Hồ", 1.3), ("Ngô", 1.3),
    ("Dương", 1.0), ("Trương", 1.0), ("Lý", 0.5), ("Đinh", 0.6), ("Lâm", 0.6),
    ("Mai", 0.5), ("Châu", 0.4), ("Tạ", 0.3), ("Đoàn", 0.6), ("Cao", 0.4),
]
FAMILY_NAMES_TAIL: list[str] = [
    "Lưu", "Tô", "Thái", "Quách", "La", "Hà", "Lương", "Từ", "Kiều", "Phùng", "Trịnh",
    "Triệu", "Thạch", "Diệp", "Tăng", "Giang", "Lại", "Văn", "Âu", "Kim", "Mạc", "Nghiêm",
]


def family_weights() -> tuple[list[str], list[float]]:
    names = [n for n, _ in FAMILY_NAMES_MAIN] + FAMILY_NAMES_TAIL
    main = [w for _, w in FAMILY_NAMES_MAIN]
    rest = max(0.0, 100.0 - sum(main)) / len(FAMILY_NAMES_TAIL)
    return names, main + [rest] * len(FAMILY_NAMES_TAIL)


# Middle names with rough weights. "Văn" and "Thị" dominate among older members.
MIDDLE_MALE: list[tuple[str, float]] = [
    ("Văn", 40), ("Minh", 7), ("Hữu", 6), ("Thanh", 6), ("Quốc", 5), ("Hoàng", 5),
    ("Tấn", 5), ("Công", 4), ("Đức", 4), ("Ngọc", 3), ("Trung", 3), ("Thành", 3),
    ("Phước", 2), ("Chí", 2), ("Xuân", 2), ("Duy", 1), ("Hồng", 1), ("Kim", 1),
]
MIDDLE_FEMALE: list[tuple[str, float]] = [
    ("Thị", 55), ("Ngọc", 8), ("Thu", 5), ("Kim", 5), ("Thanh", 5), ("Mỹ", 4),
    ("Hồng", 4), ("Bích", 3), ("Thúy", 3), ("Ánh", 2), ("Phương", 2), ("Tuyết", 2),
    ("Cẩm", 2), ("Minh", 2), ("Xuân", 2), ("Diễm", 1), ("Hoài", 1),
]
# Second middle word, for names like "Trần Thị Thu Hà" or "Lê Hoàng Minh Tuấn".
MIDDLE2_MALE: list[str] = [
    "Minh", "Anh", "Quang", "Hoàng", "Thanh", "Trung", "Nhật", "Gia", "Quốc", "Tuấn",
]
MIDDLE2_FEMALE: list[str] = [
    "Thu", "Ngọc", "Kim", "Mỹ", "Thanh", "Hồng", "Bích", "Thúy", "Phương", "Diễm",
    "Cẩm", "Xuân", "Hoài", "Như",
]

GIVEN_MALE: list[str] = [
    "An", "Anh", "Bảo", "Bình", "Cảnh", "Chiến", "Chính", "Công", "Cường", "Danh",
    "Dũng", "Duy", "Dương", "Đại", "Đạt", "Điền", "Định", "Đông", "Đức", "Giang",
    "Hải", "Hào", "Hậu", "Hiển", "Hiếu", "Hòa", "Hoàng", "Hùng", "Hưng", "Huy",
    "Kha", "Khang", "Khanh", "Khánh", "Khải", "Khoa", "Khôi", "Kiên", "Kiệt", "Lâm",
    "Lễ", "Lộc", "Lợi", "Long", "Luân", "Lực", "Mạnh", "Minh", "Nam", "Nghĩa",
    "Nhân", "Nhật", "Ninh", "Phát", "Phong", "Phú", "Phúc", "Phụng", "Phước", "Quân",
    "Quang", "Quốc", "Quý", "Sang", "Sơn", "Tài", "Tâm", "Tân", "Thắng", "Thanh",
    "Thành", "Thạnh", "Thiện", "Thịnh", "Thọ", "Thông", "Thuận", "Tiến", "Toàn", "Trí",
    "Trọng", "Trung", "Trường", "Tú", "Tuấn", "Tùng", "Tường", "Việt", "Vinh", "Vũ",
    "Xuân", "Hiệp", "Nhựt", "Tín", "Hên", "Mến", "Được", "Bé", "Em", "Út",
]
GIVEN_FEMALE: list[str] = [
    "An", "Anh", "Ánh", "Bích", "Châu", "Cúc", "Diễm", "Diệu", "Dung", "Duyên",
    "Đào", "Giang", "Hà", "Hạnh", "Hằng", "Hân", "Hậu", "Hiền", "Hoa", "Hòa",
    "Hồng", "Huệ", "Hương", "Hường", "Huyền", "Kiều", "Lan", "Liên", "Liễu", "Linh",
    "Loan", "Lụa", "Ly", "Mai", "Mến", "My", "Mỹ", "Nga", "Ngân", "Ngọc",
    "Nguyệt", "Nhàn", "Nhi", "Nhung", "Như", "Nương", "Oanh", "Phượng", "Phương", "Quyên",
    "Quỳnh", "Sen", "Sương", "Tâm", "Thảo", "Thắm", "Thanh", "Thơ", "Thoa", "Thu",
    "Thủy", "Thúy", "Thư", "Thương", "Tiên", "Trang", "Trâm", "Trinh", "Trúc", "Tuyền",
    "Tuyết", "Uyên", "Vân", "Vi", "Xuân", "Yến", "Lệ", "Lài", "Hoàng", "Nhạn",
    "Đẹp", "Gấm", "Lành", "Nhiên", "Ngoan", "Phúc", "Tươi", "Út", "Ngà", "Kim",
]

EXEMPT_REASON_AGE = "Tuổi cao, sức yếu"
EXEMPT_REASON_ILL = "Bệnh hiểm nghèo"

# The real district-level units of Tiền Giang in 2016-2017: (prefix, name, committee).
# "committee" is how the unit's own Party committee is called in agency names.
REAL_DISTRICTS: list[tuple[str, str]] = [
    ("thành phố", "Mỹ Tho"), ("thị xã", "Gò Công"), ("thị xã", "Cai Lậy"),
    ("huyện", "Cái Bè"), ("huyện", "Cai Lậy"), ("huyện", "Tân Phước"),
    ("huyện", "Châu Thành"), ("huyện", "Chợ Gạo"), ("huyện", "Gò Công Tây"),
    ("huyện", "Gò Công Đông"), ("huyện", "Tân Phú Đông"),
]
COMMITTEE_WORD = {"thành phố": "Thành ủy", "thị xã": "Thị ủy", "huyện": "Huyện ủy"}

BLOCS: list[str] = [
    "Đảng bộ Khối Cơ quan - Doanh nghiệp tỉnh",
    "Đảng bộ Khối Các cơ quan tỉnh",
    "Đảng bộ Khối Doanh nghiệp tỉnh",
]

# Syllables of southern place names ("Mỹ Phong", "Tân Mỹ Chánh", "Long Hưng").
PLACE_FIRST: list[str] = [
    "An", "Bình", "Long", "Mỹ", "Tân", "Phú", "Hòa", "Thạnh", "Vĩnh", "Phước", "Hậu",
    "Hưng", "Đông", "Tây", "Trung", "Hội", "Điềm", "Thới", "Đạo", "Tam", "Song",
    "Nhị", "Kim", "Tăng", "Hiệp", "Lương", "Xuân", "Thiện", "Quơn", "Bàn", "Vàm",
    "Hữu", "Lợi", "Thanh", "Phong", "Khánh", "Ngũ", "Đồng", "Bến",
]
PLACE_SECOND: list[str] = [
    "An", "Bình", "Long", "Mỹ", "Phú", "Hòa", "Thạnh", "Phước", "Hưng", "Lợi",
    "Định", "Thuận", "Điền", "Hiệp", "Lương", "Xuân", "Thành", "Khánh", "Kiểng", "Quới",
    "Sơn", "Nhuận", "Phong", "Đức", "Hảo", "Chánh", "Nghĩa", "Lạc", "Thiện", "Tường",
    "Trung", "Đông", "Tây", "Hội", "Thới", "Tân", "Trinh", "Lãng", "Cang", "Luông",
    "Nhơn", "Hựu", "Qui", "Phát", "Tịnh", "Thủy", "Sen",
]

# Names of people streets and schools are named after.
NOTABLE_PEOPLE: list[str] = [
    "Nguyễn Đình Chiểu", "Trương Định", "Thủ Khoa Huân", "Lê Quý Đôn", "Nguyễn Văn Tiếp",
    "Phan Bội Châu", "Trần Hưng Đạo", "Nguyễn Trãi", "Lê Lợi", "Võ Thị Sáu",
    "Nguyễn Thị Minh Khai", "Lý Tự Trọng", "Chu Văn An", "Trần Quốc Toản", "Ngô Quyền",
    "Lê Văn Phẩm", "Nguyễn Huệ", "Hoàng Hoa Thám", "Lê Thị Hồng Gấm", "Phan Châu Trinh",
]

# Cells of a commune besides its hamlets / neighbourhoods (suffix: "xã Mỹ Phong").
COMMUNE_AGENCY_CELLS: list[str] = [
    "Chi bộ Quân sự {c}", "Chi bộ Công an {c}", "Chi bộ Cơ quan {c}",
    "Chi bộ Trường Tiểu học {p}", "Chi bộ Trường THCS {p}", "Chi bộ Trạm Y tế {c}",
    "Chi bộ Trường Mầm non {p}",
]

# Grassroots organisations (đảng bộ cơ sở) of a district, with their cells.
# "{d}" = "huyện Cái Bè", "{cm}" = "Huyện ủy".
DISTRICT_GRASSROOTS: list[tuple[str, list[str]]] = [
    ("Đảng bộ Công an {d}", [
        "Chi bộ Đội Cảnh sát giao thông - trật tự", "Chi bộ Đội An ninh",
        "Chi bộ Đội Cảnh sát điều tra tội phạm về trật tự xã hội",
        "Chi bộ Đội Tham mưu - Tổng hợp", "Chi bộ Đội Cảnh sát kinh tế - môi trường",
        "Chi bộ Đội Cảnh sát quản lý hành chính về trật tự xã hội",
        "Chi bộ Đội Cảnh sát thi hành án hình sự và hỗ trợ tư pháp",
        "Chi bộ Đội Cảnh sát điều tra tội phạm về ma túy",
    ]),
    ("Đảng bộ Quân sự {d}", [
        "Chi bộ Ban Chỉ huy", "Chi bộ Cơ quan Quân sự", "Chi bộ Đại đội bộ binh",
        "Chi bộ Hậu cần - Kỹ thuật", "Chi bộ Trung đội cơ động",
    ]),
    ("Đảng bộ Cơ quan Chính quyền {d}", [
        "Chi bộ Văn phòng HĐND và UBND", "Chi bộ Phòng Tài chính - Kế hoạch",
        "Chi bộ Phòng Nội vụ", "Chi bộ Phòng Tài nguyên và Môi trường",
        "Chi bộ Phòng Nông nghiệp và Phát triển nông thôn",
        "Chi bộ Phòng Lao động - Thương binh và Xã hội", "Chi bộ Phòng Kinh tế - Hạ tầng",
        "Chi bộ Phòng Văn hóa và Thông tin", "Chi bộ Phòng Tư pháp", "Chi bộ Thanh tra",
        "Chi bộ Phòng Giáo dục và Đào tạo", "Chi bộ Ban Quản lý dự án đầu tư xây dựng",
    ]),
    ("Đảng bộ Các cơ quan Đảng {d}", [
        "Chi bộ Văn phòng {cm}", "Chi bộ Ban Tổ chức {cm}", "Chi bộ Ban Tuyên giáo {cm}",
        "Chi bộ Ủy ban Kiểm tra {cm}", "Chi bộ Ban Dân vận {cm}",
        "Chi bộ Trung tâm Bồi dưỡng chính trị", "Chi bộ Mặt trận Tổ quốc và các đoàn thể",
    ]),
    ("Đảng bộ Trung tâm Y tế {d}", [
        "Chi bộ Khoa Nội", "Chi bộ Khoa Ngoại", "Chi bộ Khoa Sản", "Chi bộ Khoa Nhi",
        "Chi bộ Khoa Dược", "Chi bộ Phòng Kế hoạch - Tổng hợp", "Chi bộ Khoa Y tế dự phòng",
    ]),
]

# Grassroots cells (chi bộ cơ sở) of a district.
DISTRICT_GRASSROOTS_CELLS: list[str] = [
    "Chi bộ Ngân hàng Chính sách xã hội {d}", "Chi bộ Chi cục Thuế {d}",
    "Chi bộ Kho bạc Nhà nước {d}", "Chi bộ Bảo hiểm xã hội {d}",
    "Chi bộ Viện Kiểm sát nhân dân {d}", "Chi bộ Tòa án nhân dân {d}",
    "Chi bộ Chi cục Thi hành án dân sự {d}", "Chi bộ Chi cục Thống kê {d}",
    "Chi bộ Trung tâm Văn hóa - Thể thao {d}", "Chi bộ Bưu điện {d}",
    "Chi bộ Điện lực {n}", "Chi bộ Trung tâm Giáo dục nghề nghiệp - Giáo dục thường xuyên {d}",
    "Chi bộ Ngân hàng Nông nghiệp và Phát triển nông thôn chi nhánh {d}",
    "Chi bộ Hạt Kiểm lâm {d}", "Chi bộ Trạm Khuyến nông {d}",
]
# Schools: "{p}" is a place name or a notable person.
SCHOOLS: list[str] = [
    "Chi bộ Trường THPT {p}", "Chi bộ Trường THCS {p}", "Chi bộ Trường Tiểu học {p}",
    "Chi bộ Trường Mầm non {p}",
]

# Grassroots organisations of a provincial bloc; "{P}" = the province's short name.
BLOC_GRASSROOTS: list[tuple[str, list[str]]] = [
    ("Đảng bộ Sở Y tế", [
        "Chi bộ Văn phòng Sở", "Chi bộ Thanh tra Sở", "Chi bộ Phòng Nghiệp vụ Y",
        "Chi bộ Chi cục An toàn vệ sinh thực phẩm", "Chi bộ Trung tâm Kiểm soát bệnh tật",
    ]),
    ("Đảng bộ Sở Giáo dục và Đào tạo", [
        "Chi bộ Văn phòng Sở", "Chi bộ Phòng Giáo dục trung học",
        "Chi bộ Phòng Khảo thí và Kiểm định chất lượng", "Chi bộ Phòng Tổ chức cán bộ",
    ]),
    ("Đảng bộ Bệnh viện Đa khoa Trung tâm {P}", [
        "Chi bộ Khoa Nội tổng hợp", "Chi bộ Khoa Ngoại tổng hợp", "Chi bộ Khoa Hồi sức cấp cứu",
        "Chi bộ Khoa Sản", "Chi bộ Khoa Nhi", "Chi bộ Phòng Điều dưỡng",
    ]),
    ("Đảng bộ Sở Nông nghiệp và Phát triển nông thôn", [
        "Chi bộ Văn phòng Sở", "Chi bộ Chi cục Thủy lợi",
        "Chi bộ Chi cục Trồng trọt và Bảo vệ thực vật", "Chi bộ Chi cục Chăn nuôi và Thú y",
    ]),
    ("Đảng bộ Văn phòng UBND tỉnh", [
        "Chi bộ Phòng Tổng hợp", "Chi bộ Phòng Kinh tế", "Chi bộ Phòng Văn xã",
        "Chi bộ Phòng Hành chính - Tổ chức",
    ]),
    ("Đảng bộ Trường Đại học {P}", [
        "Chi bộ Khoa Sư phạm", "Chi bộ Khoa Kinh tế", "Chi bộ Khoa Kỹ thuật - Công nghệ",
        "Chi bộ Phòng Đào tạo", "Chi bộ Khoa Nông nghiệp và Thực phẩm",
    ]),
    ("Đảng bộ Công ty Điện lực {P}", [
        "Chi bộ Văn phòng Công ty", "Chi bộ Phòng Kỹ thuật", "Chi bộ Phòng Kinh doanh",
        "Chi bộ Đội Quản lý vận hành lưới điện",
    ]),
    ("Đảng bộ Sở Giao thông vận tải", [
        "Chi bộ Văn phòng Sở", "Chi bộ Thanh tra Sở", "Chi bộ Ban Quản lý dự án giao thông",
    ]),
]
BLOC_GRASSROOTS_CELLS: list[str] = [
    "Chi bộ Sở Tư pháp", "Chi bộ Sở Khoa học và Công nghệ", "Chi bộ Sở Công Thương",
    "Chi bộ Sở Xây dựng", "Chi bộ Sở Tài chính", "Chi bộ Sở Kế hoạch và Đầu tư",
    "Chi bộ Sở Nội vụ", "Chi bộ Sở Lao động - Thương binh và Xã hội",
    "Chi bộ Sở Văn hóa, Thể thao và Du lịch", "Chi bộ Sở Thông tin và Truyền thông",
    "Chi bộ Sở Tài nguyên và Môi trường", "Chi bộ Thanh tra tỉnh",
    "Chi bộ Đài Phát thanh và Truyền hình {P}", "Chi bộ Báo {P}",
    "Chi bộ Công ty TNHH MTV Xổ số kiến thiết {P}", "Chi bộ Công ty Cổ phần Cấp nước {P}",
    "Chi bộ Công ty Cổ phần Dược phẩm {P}", "Chi bộ Trường Chính trị {P}",
    "Chi bộ Cục Thống kê tỉnh", "Chi bộ Kho bạc Nhà nước tỉnh",
    "Chi bộ Liên minh Hợp tác xã tỉnh", "Chi bộ Hội Nông dân tỉnh",
    "Chi bộ Tỉnh đoàn", "Chi bộ Hội Liên hiệp Phụ nữ tỉnh", "Chi bộ Liên đoàn Lao động tỉnh",
]
# Companies for when a large (national-size) bloc runs out of named agencies.
COMPANY_KINDS: list[str] = [
    "Công ty Cổ phần", "Công ty TNHH MTV", "Công ty TNHH", "Hợp tác xã",
]
COMPANY_TRADES: list[str] = [
    "Xây dựng", "Thủy sản", "Lương thực", "Vận tải", "Cơ khí", "Nông sản", "Dược phẩm",
    "Du lịch", "Thương mại", "Đầu tư", "Môi trường đô thị", "Công trình giao thông",
]
