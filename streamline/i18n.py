"""Display labels for the workbook, the HTML report and the console, Vietnamese first.

Result tables keep English snake_case names and codes (a public contract); only what a person
reads is translated here. Keys are namespaced ("col.unit", "sheet.staff", "sex.F") so one
identifier can carry different labels in different places; unknown keys fall back to the key
itself, or to the caller's default, so a new column still shows up rather than disappearing.
"""

from __future__ import annotations

LANGS = ("vi", "en")

# key → (Vietnamese, English)
_LABELS: dict[str, tuple[str, str]] = {
    # Sheet names: at most 31 characters, none of []:*?/\ (Excel limits).
    "sheet.summary": ("Tổng hợp", "Summary"),
    "sheet.staff": ("Nhân sự", "Staff"),
    "sheet.positions": ("Vị trí việc làm", "Job positions"),
    "sheet.positions_by_category": ("Theo nhóm vị trí", "By position category"),
    "sheet.unassigned": ("Chưa có vị trí", "No position"),
    "sheet.targets": ("Chỉ tiêu tinh giản", "Reduction targets"),
    "sheet.fund": ("Quỹ lương", "Salary fund"),
    "sheet.candidates": ("Danh sách đề xuất", "Candidates"),
    "sheet.payouts": ("Kinh phí chi trả", "Payouts"),
    "sheet.deferred": ("Chưa xem xét", "Deferred"),
    "sheet.issues": ("Vấn đề dữ liệu", "Data issues"),
    "sheet.mapping": ("Ánh xạ cột", "Column mapping"),
    "sheet.counts": ("Đếm dòng", "Row counts"),
    "sheet.parameters": ("Tham số", "Parameters"),
    # Columns.
    "col.key": ("Chỉ tiêu", "Item"),
    "col.value": ("Giá trị", "Value"),
    "col.person_id": ("Mã nội bộ", "Person ID"),
    "col.employee_id": ("Mã nhân sự", "Employee ID"),
    "col.full_name": ("Họ và tên", "Full name"),
    "col.unit": ("Đơn vị", "Unit"),
    "col.position": ("Vị trí việc làm", "Job position"),
    "col.title": ("Chức vụ", "Title"),
    "col.staff_type": ("Loại nhân sự", "Staff type"),
    "col.sex": ("Giới tính", "Sex"),
    "col.birth_date": ("Ngày sinh", "Birth date"),
    "col.grade_code": ("Mã ngạch", "Grade code"),
    "col.grade_name": ("Ngạch, chức danh", "Grade"),
    "col.salary_type": ("Loại lương", "Salary type"),
    "col.step": ("Bậc", "Step"),
    "col.coef": ("Hệ số lương", "Salary coefficient"),
    "col.scale_coef": ("Hệ số theo thang", "Scale coefficient"),
    "col.off_scale": ("Lệch thang lương", "Off scale"),
    "col.lead_coef": ("Hệ số PC chức vụ", "Leadership coefficient"),
    "col.tnvk_pct": ("% vượt khung", "Beyond-frame %"),
    "col.salary": ("Lương theo hệ số", "Salary"),
    "col.leadership": ("PC chức vụ", "Leadership allowance"),
    "col.seniority": ("PC thâm niên vượt khung", "Beyond-frame seniority"),
    "col.regional": ("PC khu vực", "Regional allowance"),
    "col.responsibility": ("PC trách nhiệm", "Responsibility allowance"),
    "col.public_service": ("PC công vụ", "Public-service allowance"),
    "col.profession_pref": ("PC ưu đãi nghề", "Professional preference"),
    "col.prof_seniority": ("PC thâm niên nghề", "Professional seniority"),
    "col.party_union": ("PC công tác Đảng, đoàn thể", "Party/union allowance"),
    "col.reserved": ("Chênh lệch bảo lưu", "Reserved difference"),
    "col.monthly_salary": ("Tổng lương tháng", "Monthly salary"),
    "col.insurance_base": ("Tiền lương đóng BH", "Insurance base"),
    "col.employer_contrib": ("Đơn vị đóng BH (tháng)", "Employer contributions (month)"),
    "col.birth_precision": ("Độ chính xác ngày sinh", "Birth date precision"),
    "col.scale": ("Thang lương", "Salary scale"),
    "col.grade_rank": ("Hạng", "Grade rank"),
    "col.coef_date": ("Ngày hưởng hệ số", "Coefficient since"),
    "col.region_coef": ("Hệ số PC khu vực", "Regional coefficient"),
    "col.resp_coef": ("Hệ số PC trách nhiệm", "Responsibility coefficient"),
    "col.prof_seniority_pct": ("% thâm niên nghề", "Professional seniority %"),
    "col.pref_pct": ("% ưu đãi nghề", "Professional preference %"),
    "col.party_pct": ("% PC công tác Đảng, đoàn thể", "Party/union %"),
    "col.reserved_coef": ("Hệ số chênh lệch bảo lưu", "Reserved coefficient"),
    "col.bonus_yearly": ("Tiền thưởng năm", "Yearly bonus"),
    "col.early_retire_years": ("Số năm nghỉ hưu trước tuổi", "Years of early retirement"),
    "col.education": ("Trình độ đào tạo", "Education"),
    "col.join_date": ("Ngày tuyển dụng", "Recruitment date"),
    "col.rating_1": ("Xếp loại năm gần nhất", "Rating, latest year"),
    "col.rating_2": ("Xếp loại năm trước", "Rating, year before"),
    "col.rating_3": ("Xếp loại 2 năm trước", "Rating, two years before"),
    "col.route": ("Hình thức tinh giản", "Streamlining route"),
    "col.leave_date": ("Ngày nghỉ việc", "Leave date"),
    "col.reorg_date": ("Ngày sắp xếp tổ chức", "Reorganisation date"),
    "col.first12": ("Trong 12 tháng đầu", "Within first 12 months"),
    "col.si_years": ("Số năm đóng BHXH", "Social insurance years"),
    "col.si_months": ("Số tháng đóng BHXH", "Social insurance months"),
    "col.si_start": ("Ngày bắt đầu đóng BHXH", "Social insurance since"),
    "col.avg_salary_60m": ("Lương bình quân 60 tháng", "Average salary, 60 months"),
    "col.sick_days": ("Số ngày nghỉ ốm", "Sick days"),
    "col.training_met": ("Đạt chuẩn đào tạo", "Training standard met"),
    "col.volunteer": ("Tự nguyện", "Volunteer"),
    "col.pregnant": ("Đang mang thai", "Pregnant"),
    "col.maternity": ("Nghỉ thai sản", "On maternity leave"),
    "col.child_under_36m": ("Nuôi con dưới 36 tháng", "Child under 36 months"),
    "col.discipline": ("Đang bị kỷ luật", "Under discipline"),
    "col.eval_score": ("Điểm đánh giá", "Evaluation score"),
    "col.age": ("Tuổi", "Age"),
    "col.retirement_month": ("Tháng đủ tuổi nghỉ hưu", "Retirement-age month"),
    "col.pension_start": ("Ngày hưởng lương hưu", "Pension start"),
    "col.months_to_retirement": ("Số tháng đến nghỉ hưu", "Months to retirement"),
    "col.past_retirement": ("Đã quá tuổi nghỉ hưu", "Past retirement age"),
    "col.retiring_by_horizon": ("Nghỉ hưu trước mốc", "Retiring by horizon"),
    "col.in_scope": ("Thuộc phạm vi tinh giản", "In scope"),
    "col.funding": ("Nguồn kinh phí", "Funding"),
    "col.source_file": ("Tệp nguồn", "Source file"),
    "col.source_sheet": ("Trang nguồn", "Source sheet"),
    "col.source_row": ("Dòng nguồn", "Source row"),
    "col.category": ("Nhóm vị trí", "Category"),
    "col.quota": ("Số lượng được giao", "Quota"),
    "col.present": ("Hiện có", "Present"),
    "col.difference": ("Chênh lệch", "Difference"),
    "col.vacancies": ("Còn thiếu", "Vacancies"),
    "col.surplus": ("Dôi dư", "Surplus"),
    "col.below_grade": ("Chưa đạt ngạch", "Below grade"),
    "col.baseline": ("Biên chế làm căn cứ", "Baseline"),
    "col.rate": ("Tỷ lệ", "Rate"),
    "col.target": ("Chỉ tiêu tinh giản", "Target"),
    "col.gap": ("Còn phải tinh giản", "Gap"),
    "col.headcount": ("Số người", "Headcount"),
    "col.monthly_fund": ("Quỹ lương tháng", "Monthly fund"),
    "col.bonus_fund": ("Quỹ thưởng năm", "Yearly bonus fund"),
    "col.yearly_fund": ("Quỹ lương năm", "Yearly fund"),
    "col.yearly_employer_contrib": ("Đơn vị đóng BH (năm)", "Employer contributions (year)"),
    "col.yearly_total": ("Tổng chi năm", "Yearly total"),
    "col.yearly_union_fee": ("Kinh phí công đoàn năm", "Yearly trade-union fee"),
    "col.monthly_fund_newest": ("Quỹ lương tháng (LCS mới)", "Monthly fund (newest base)"),
    "col.yearly_total_newest": ("Tổng chi năm (LCS mới)", "Yearly total (newest base)"),
    "col.yearly_difference": ("Chênh lệch năm", "Yearly difference"),
    "col.proposed": ("Đề xuất", "Proposed"),
    "col.counts_toward_gap": ("Tính vào chỉ tiêu còn thiếu", "Counts toward gap"),
    "col.remaining_gap": ("Còn thiếu sau đề xuất", "Remaining gap"),
    "col.reasons": ("Lý do", "Reasons"),
    "col.reason": ("Lý do", "Reason"),
    "col.reason_codes": ("Mã lý do", "Reason codes"),
    "col.reason_code": ("Mã lý do", "Reason code"),
    "col.notes": ("Ghi chú", "Notes"),
    "col.note_codes": ("Mã ghi chú", "Note codes"),
    "col.score": ("Điểm xếp thứ tự", "Score"),
    "col.rank_in_unit": ("Thứ tự trong đơn vị", "Rank in unit"),
    "col.chosen_route": ("Chính sách áp dụng", "Chosen route"),
    "col.total": ("Tổng kinh phí", "Total payout"),
    "col.one_off_cost": ("Kinh phí một lần", "One-off cost"),
    "col.annual_saving": ("Tiết kiệm quỹ lương/năm", "Annual saving"),
    "col.payback_months": ("Số tháng hoàn vốn", "Payback months"),
    "col.unconfirmed": ("Quy định chưa xác nhận", "Unconfirmed rules"),
    "col.file": ("Tệp", "File"),
    "col.sheet": ("Trang tính", "Sheet"),
    "col.row": ("Dòng", "Row"),
    "col.column": ("Cột", "Column"),
    "col.message": ("Nội dung", "Message"),
    "col.severity": ("Mức độ", "Severity"),
    "col.role": ("Vai trò", "Role"),
    "col.source_label": ("Tiêu đề gốc", "Source label"),
    "col.field": ("Trường", "Field"),
    "col.note": ("Ghi chú", "Note"),
    "col.rows": ("Số dòng", "Rows"),
    "col.people": ("Số người", "People"),
    "col.not_analysed": ("Không phân tích được", "Not analysed"),
    "col.header": ("Dòng tiêu đề", "Header rows"),
    "col.blank": ("Dòng trống", "Blank rows"),
    "col.section": ("Dòng nhóm", "Section rows"),
    "col.subtotal": ("Dòng cộng", "Subtotal rows"),
    "col.footer": ("Dòng chân trang", "Footer rows"),
    "col.records": ("Bản ghi", "Records"),
    "col.name": ("Mã tham số", "Parameter"),
    "col.label": ("Tham số", "Description"),
    "col.valid_from": ("Hiệu lực từ", "Valid from"),
    "col.source": ("Căn cứ", "Source"),
    "col.confirmed": ("Xác nhận", "Confirmed"),
    "col.count": ("Số lượng", "Count"),
    # Summary keys.
    "summary.rows_read": ("Số dòng đã đọc", "Rows read"),
    "summary.people": ("Số người đọc được", "People read"),
    "summary.non_person_rows": ("Dòng không phải người", "Rows that are not people"),
    "summary.not_analysed": ("Không phân tích được (xem Vấn đề dữ liệu)", "Not analysed"),
    "summary.warnings": ("Cảnh báo dữ liệu", "Data warnings"),
    "summary.in_scope": ("Thuộc phạm vi tinh giản", "In scope"),
    "summary.out_of_scope": ("Ngoài phạm vi tinh giản", "Out of scope"),
    "summary.target_total": ("Chỉ tiêu tinh giản", "Reduction target"),
    "summary.target_sum_of_units": (
        "Cộng chỉ tiêu các đơn vị (làm tròn từng đơn vị)",
        "Sum of unit targets (each rounded up)",
    ),
    "summary.retiring_total": ("Nghỉ hưu tự nhiên đến mốc", "Natural retirements by horizon"),
    "summary.gap_total": ("Còn phải tinh giản", "Gap to target"),
    "summary.monthly_fund": ("Quỹ lương tháng (đồng)", "Monthly salary fund (VND)"),
    "summary.yearly_fund": ("Quỹ lương năm (đồng)", "Yearly salary fund (VND)"),
    "summary.yearly_total": ("Tổng chi năm (đồng)", "Yearly total cost (VND)"),
    "summary.yearly_total_newest": (
        "Tổng chi năm theo lương cơ sở mới (đồng)",
        "Yearly total at newest base salary (VND)",
    ),
    "summary.yearly_difference": ("Chênh lệch năm (đồng)", "Yearly difference (VND)"),
    "summary.base_salary": ("Lương cơ sở áp dụng (đồng)", "Base salary applied (VND)"),
    "summary.newest_base_salary": ("Lương cơ sở mới nhất (đồng)", "Newest base salary (VND)"),
    "summary.policy": ("Chế độ chính sách áp dụng", "Policy regime"),
    "summary.policy_name": ("Văn bản", "Instrument"),
    "summary.proposed_total": ("Số người đề xuất", "People proposed"),
    "summary.proposed_toward_gap": ("Đề xuất tính vào chỉ tiêu", "Proposed toward the gap"),
    "summary.remaining_gap_total": ("Còn thiếu sau đề xuất", "Remaining gap after proposals"),
    "summary.deferred_total": ("Chưa xem xét (thai sản, con nhỏ, kỷ luật…)", "Deferred"),
    "summary.one_off_cost": ("Kinh phí chi trả một lần (đồng)", "One-off payouts (VND)"),
    "summary.annual_saving": ("Tiết kiệm quỹ lương mỗi năm (đồng)", "Annual saving (VND)"),
    "summary.payback_months": ("Số tháng hoàn vốn", "Payback (months)"),
    "summary.proposals_note": ("Lưu ý", "Note"),
    "summary.as_of": ("Ngày tính", "As of"),
    "summary.horizon": ("Mốc hoàn thành chỉ tiêu", "Target horizon"),
    "summary.rate": ("Tỷ lệ tinh giản", "Reduction rate"),
    # Coded values.
    "staff_type.cadre": ("Cán bộ", "Cadre"),
    "staff_type.civil_servant": ("Công chức", "Civil servant"),
    "staff_type.public_employee": ("Viên chức", "Public employee"),
    "staff_type.contract": ("Hợp đồng lao động", "Labour contract"),
    "sex.M": ("Nam", "Male"),
    "sex.F": ("Nữ", "Female"),
    "severity.error": ("Lỗi", "Error"),
    "severity.warning": ("Cảnh báo", "Warning"),
    "severity.info": ("Thông tin", "Info"),
    "category.leadership": ("Lãnh đạo, quản lý", "Leadership, management"),
    "category.professional": ("Chuyên môn, nghiệp vụ", "Professional"),
    "category.sector": ("Chuyên môn, nghiệp vụ chuyên ngành", "Sector professional"),
    "category.shared": ("Chuyên môn dùng chung", "Shared professional"),
    "category.support": ("Hỗ trợ, phục vụ", "Support, service"),
    "role.staff": ("Danh sách nhân sự", "Staff list"),
    "role.positions": ("Danh mục vị trí", "Job positions"),
    "role.units": ("Danh mục đơn vị", "Units"),
    "role.ignored": ("Bỏ qua", "Ignored"),
    "bool.true": ("Có", "Yes"),
    "bool.false": ("Không", "No"),
    "confirmed.true": ("Đã xác nhận", "Confirmed"),
    "confirmed.false": ("⚠ chưa xác nhận", "⚠ unconfirmed"),
    # Report text.
    "report.title": ("Kết quả phân tích biên chế", "Staffing analysis"),
    "report.as_of": ("Ngày tính", "As of"),
    "report.horizon": ("Mốc hoàn thành chỉ tiêu", "Target horizon"),
    "report.inputs": ("Tệp đầu vào", "Input files"),
    "report.unconfirmed": (
        "⚠ quy định chưa xác nhận: {n} tham số — xem trang Tham số",
        "⚠ unconfirmed rules: {n} parameters — see Parameters",
    ),
    "report.truncated": (
        "⚠ trang {sheet}: chỉ ghi {kept} / {height} dòng đầu (giới hạn của Excel); "
        "bảng đầy đủ: --tables",
        "⚠ sheet {sheet}: first {kept} of {height} rows (Excel's limit); full table: --tables",
    ),
    "report.masked": ("Bản đã che thông tin cá nhân", "Personal data masked"),
    "report.total": ("Tổng cộng", "Total"),
    "report.default": ("mặc định", "default"),
    "report.key_figures": ("Số liệu chính", "Key figures"),
    "report.issue_counts": ("Vấn đề dữ liệu theo mức độ", "Data issues by severity"),
    "report.no_data": ("Không có dữ liệu để vẽ biểu đồ này.", "No data for this chart."),
    "report.outputs": ("Tệp kết quả", "Output files"),
    "report.past_retirement": ("Đã quá tuổi", "Already past"),
    "report.other_allowances": ("Phụ cấp khác", "Other allowances"),
    "report.top_note": ("{n} mục chênh lệch lớn nhất", "top {n} by size"),
    # Chart titles and axes.
    "chart.positions": (
        "Hiện có so với số lượng được giao, theo vị trí",
        "Present vs quota by position",
    ),
    "chart.targets": (
        "Chỉ tiêu tinh giản và nghỉ hưu tự nhiên, theo đơn vị",
        "Reduction target vs natural retirements by unit",
    ),
    "chart.fund": (
        "Cơ cấu quỹ lương tháng, theo đơn vị",
        "Monthly salary fund composition by unit",
    ),
    "chart.age": ("Tháp tuổi theo giới tính", "Age pyramid by sex"),
    "chart.retirements": ("Số người đến tuổi nghỉ hưu mỗi năm", "Retirements per year"),
    "chart.people": ("Số người", "People"),
    "chart.vnd": ("Đồng / tháng", "VND / month"),
    "chart.age_band": ("Nhóm tuổi", "Age band"),
    "chart.year": ("Năm", "Year"),
}


def label(key: str, lang: str = "vi", default: str | None = None) -> str:
    """The display label of `key`, else `default`, else the key itself."""
    pair = _LABELS.get(key)
    if pair is None:
        return key if default is None else default
    return pair[1] if lang == "en" else pair[0]


def column(name: str, lang: str = "vi") -> str:
    """Header for a result-table column; an unknown column keeps its raw name."""
    return label(f"col.{name}", lang, name)


def sheet(name: str, lang: str = "vi") -> str:
    """Worksheet name for a result table; unknown tables keep their own name."""
    return label(f"sheet.{name}", lang, name)


def coded(kind: str, code: str | None, lang: str = "vi") -> str | None:
    """Label of a coded value (kind "sex", code "F" → "Nữ"); unknown codes pass through."""
    if code is None:
        return None
    return label(f"{kind}.{code}", lang, code)


def codes(kind: str, lang: str = "vi") -> dict[str, str]:
    """All code → label pairs of one kind, for vectorised replacement in a whole column."""
    prefix = f"{kind}."
    i = 1 if lang == "en" else 0
    return {k[len(prefix):]: v[i] for k, v in _LABELS.items() if k.startswith(prefix)}
