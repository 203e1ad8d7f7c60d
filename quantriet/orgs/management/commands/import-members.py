from quantriet.orgs import imports

from . import ImportCommand


class Command(ImportCommand):
    help = (
        "Nhập danh sách đảng viên từ tệp CSV/XLSX (cột member_id, card_no, full_name, "
        "birth_date, gender, unit_code, status, exempt hoặc tiêu đề tiếng Việt). Tất cả hoặc "
        "không: có lỗi thì không ghi gì. Nhập lại cùng tệp thì cập nhật, không nhân đôi; đổi "
        "unit_code là chuyển sinh hoạt."
    )
    runner = staticmethod(imports.import_members)
