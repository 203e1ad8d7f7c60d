from quantriet.orgs import imports

from . import ImportCommand


class Command(ImportCommand):
    help = (
        "Nhập cây tổ chức đảng từ tệp CSV/XLSX (cột code, name, parent_code, kind hoặc "
        "mã, tên, mã cấp trên, loại). Tất cả hoặc không: có lỗi thì không ghi gì. Nhập lại "
        "cùng tệp thì cập nhật, không nhân đôi; đổi parent_code là chuyển đơn vị sang cấp trên mới."
    )
    runner = staticmethod(imports.import_units)
