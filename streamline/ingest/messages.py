"""Importer messages, Vietnamese first. `{v}` is the raw value or a detail."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "not_number": ("Không đọc được số: «{v}»; để trống", "Not a number: «{v}»; left empty"),
    "not_integer": (
        "Không phải số nguyên: «{v}»; để trống",
        "Not a whole number: «{v}»; left empty",
    ),
    "percent_fraction": (
        "Giá trị «{v}» được hiểu là tỷ lệ thập phân và đổi sang phần trăm",
        "«{v}» read as a fraction and converted to a percentage",
    ),
    "date_month_first": (
        "Ngày «{v}» ghi tháng trước ngày; đã đọc theo tháng/ngày/năm",
        "Date «{v}» is month-first; read as month/day/year",
    ),
    "date_year_only": (
        "Chỉ có năm «{v}»: lấy tháng 1 theo quy ước",
        "Only the year «{v}»: January assumed",
    ),
    "date_serial": (
        "Số seri ngày Excel «{v}» đã đổi sang ngày",
        "Excel serial date «{v}» converted to a date",
    ),
    "not_date": ("Không đọc được ngày: «{v}»; để trống", "Not a date: «{v}»; left empty"),
    "code_recovered": (
        "Mã bị Excel đổi thành số, đã khôi phục: {v}",
        "Code turned into a number by Excel, recovered: {v}",
    ),
    "id_padded": (
        "Mã cán bộ mất số 0 đầu, đã khôi phục: {v}",
        "Employee ID lost its leading zeros, recovered: {v}",
    ),
    "bad_sex": ("Giới tính không rõ: «{v}»", "Unknown sex: «{v}»"),
    "bad_staff_type": ("Loại cán bộ không rõ: «{v}»", "Unknown staff type: «{v}»"),
    "bad_rating": ("Xếp loại không rõ: «{v}»", "Unknown rating: «{v}»"),
    "bad_route": ("Hình thức nghỉ không rõ: «{v}»", "Unknown leave route: «{v}»"),
    "bad_bool": ("Không hiểu giá trị có/không: «{v}»", "Not a yes/no value: «{v}»"),
    "bad_category": ("Nhóm vị trí không rõ: «{v}»", "Unknown position category: «{v}»"),
    "bad_funding": ("Nguồn kinh phí không rõ: «{v}»", "Unknown funding: «{v}»"),
    "no_name": (
        "Dòng có dữ liệu nhưng không có họ tên: không phân tích",
        "Row has data but no name: not analysed",
    ),
    "no_record_key": (
        "Dòng có dữ liệu nhưng thiếu {v}: không dùng",
        "Row has data but no {v}: not used",
    ),
    "sex_unknown": (
        "Không xác định được giới tính (không có cột giới tính, ngày sinh không nằm ở cột Nam/Nữ)",
        "Sex unknown (no sex column, birth date in neither the male nor the female column)",
    ),
    "both_birth_columns": (
        "Ngày sinh ghi ở cả cột Nam và cột Nữ; lấy cột Nam",
        "Birth date in both the male and the female column; the male column used",
    ),
    "subtotal_mismatch": (
        "Dòng cộng «{v}» không khớp tổng các dòng phía trên",
        "Subtotal «{v}» does not match the sum of the rows above",
    ),
    "staff_type_inferred": (
        "Không có loại cán bộ; suy từ mã ngạch {v}",
        "No staff type; inferred from grade code {v}",
    ),
    "staff_type_inferred_sheet": (
        "Trang không có cột loại cán bộ: suy từ mã ngạch (V.… → viên chức, 01.… → công chức)",
        "No staff-type column: inferred from grade codes "
        "(V.… → public employee, 01.… → civil servant)",
    ),
    "staff_type_missing": (
        "Không có loại cán bộ và không suy được từ mã ngạch: coi là ngoài biên chế",
        "No staff type and none can be inferred from the grade code: "
        "treated as outside the payroll",
    ),
    "grade_from_name": (
        "Không có mã ngạch; lấy theo tên ngạch: {v}",
        "No grade code; taken from the grade name: {v}",
    ),
    "unit_filled_down": (
        "Ô đơn vị trống (ô gộp): lấy đơn vị của dòng trên «{v}»",
        "Unit cell empty (merged cell): unit of the row above used «{v}»",
    ),
    "duplicate_id": ("Mã cán bộ trùng: «{v}»", "Duplicate employee ID: «{v}»"),
    "sheet_hidden": ("Trang tính ẩn: không đọc", "Hidden sheet: not read"),
    "sheet_ignored": (
        "Không nhận ra bảng nhân sự, vị trí việc làm hay đơn vị: bỏ qua",
        "No staff, job-position or unit table recognised: skipped",
    ),
    "column_override": ("Ánh xạ theo --map", "Mapped by --map"),
    "rating_year": ("Xếp loại năm {v}", "Rating of {v}"),
}


def message(key: str, lang: str, value: object = "") -> str:
    vi, en = MESSAGES[key]
    return (en if lang == "en" else vi).format(v=value)
