"""A generated national staff list (Parquet) for benchmarks: `write_national(n, path)`.

About n/83 units (communes, schools, hospitals, departments) grouped into agencies (provinces
and ministries), in the importer's canonical column names (streamline/ingest/schema.py). Unit
sizes, staff types, grades, ages and ratings follow the shapes of samples/make_samples.py, whose
grade table and salary scales are reused so the figures stay consistent with the samples.
Every per-person draw is a hash of (seed, row, field) computed by polars, not a Python loop per
row: 2,500,000 people take a few seconds. The same (n, seed) always gives the same file.

`write_national_positions(n, path)` writes the matching job-position list (unit, position,
category, grade_code, quota) for runs that also need positions.
"""

from __future__ import annotations

import importlib.util
import random
import sys
import zlib
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parent.parent
PEOPLE_PER_UNIT = 83


def _samples():
    spec = importlib.util.spec_from_file_location(
        "make_samples", ROOT / "samples" / "make_samples.py"
    )
    module = sys.modules.get(spec.name)
    if module is None:
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module  # dataclasses in the script look their module up
        spec.loader.exec_module(module)
    return module


S = _samples()
PROVINCES = (
    "Hà Nội",
    "Hồ Chí Minh",
    "Hải Phòng",
    "Đà Nẵng",
    "Cần Thơ",
    "Huế",
    "Nghệ An",
    "Thanh Hóa",
    "Hà Tĩnh",
    "Quảng Trị",
    "Quảng Ngãi",
    "Gia Lai",
    "Đắk Lắk",
    "Khánh Hòa",
    "Lâm Đồng",
    "Đồng Nai",
    "Tây Ninh",
    "Vĩnh Long",
    "Đồng Tháp",
    "An Giang",
    "Cà Mau",
    "Lào Cai",
    "Tuyên Quang",
    "Thái Nguyên",
    "Phú Thọ",
    "Bắc Ninh",
    "Hưng Yên",
    "Ninh Bình",
    "Quảng Ninh",
    "Lạng Sơn",
    "Cao Bằng",
    "Điện Biên",
    "Lai Châu",
    "Sơn La",
)
MINISTRIES = (
    "Bộ Nội vụ",
    "Bộ Tài chính",
    "Bộ Y tế",
    "Bộ Giáo dục và Đào tạo",
    "Bộ Xây dựng",
    "Bộ Công Thương",
    "Bộ Nông nghiệp và Môi trường",
    "Bộ Tư pháp",
    "Bộ Khoa học và Công nghệ",
    "Bộ Văn hóa, Thể thao và Du lịch",
    "Bộ Ngoại giao",
    "Bộ Dân tộc và Tôn giáo",
)

# Role: position, title, category, grade codes (most senior first; "" none), leadership
# coefficient, female share, age range, staff type ("" = the unit's default).
ROLES = {
    "head": ("Thủ trưởng đơn vị", "Trưởng", S.LDQL, ("01.002",), 0.7, 0.25, (42, 58), ""),
    "deputy": (
        "Cấp phó của người đứng đầu",
        "Phó",
        S.LDQL,
        ("01.002", "01.003"),
        0.5,
        0.35,
        (36, 57),
        "",
    ),
    "chair": ("Chủ tịch UBND xã", "Chủ tịch", S.LDQL, ("01.003",), 0.3, 0.15, (35, 58), "CB"),
    "vice": (
        "Phó Chủ tịch UBND xã",
        "Phó Chủ tịch",
        S.LDQL,
        ("01.003",),
        0.2,
        0.25,
        (32, 56),
        "CB",
    ),
    "cvc": ("Chuyên viên chính", "", S.CMCN, ("01.002",), None, 0.45, (38, 60), ""),
    "cv": ("Chuyên viên", "", S.CMCN, ("01.003",), None, 0.5, (24, 60), ""),
    "cs": ("Cán sự", "", S.CMCN, ("01.004",), None, 0.5, (24, 50), ""),
    "kt": ("Kế toán viên", "", S.CMDC, ("06.031",), None, 0.7, (26, 56), ""),
    "vt": ("Văn thư viên", "", S.CMDC, ("02.007",), None, 0.7, (25, 55), ""),
    "tq": ("Thủ quỹ", "", S.CMDC, ("06.035",), None, 0.9, (30, 55), ""),
    "teacher": ("Giáo viên", "", S.CMCN, ("01.003", "01.004"), None, 0.75, (23, 58), ""),
    "bs": ("Bác sĩ điều trị", "", S.CMCN, ("V.08.01.02", "V.08.01.03"), None, 0.45, (26, 58), ""),
    "dd": (
        "Điều dưỡng lâm sàng",
        "",
        S.CMCN,
        ("V.08.05.12", "V.08.05.13"),
        None,
        0.8,
        (23, 55),
        "",
    ),
    "ds": ("Dược sĩ", "", S.CMCN, ("V.08.08.22",), None, 0.7, (25, 55), ""),
    "nv": ("Nhân viên", "", S.HTPV, ("01.005",), None, 0.5, (25, 55), ""),
    "lx": ("Lái xe", "", S.HTPV, ("01.011",), None, 0.0, (28, 58), "HĐ111"),
    "pv": ("Phục vụ", "", S.HTPV, ("",), None, 0.9, (30, 55), "HĐ111"),
}
# Unit kind: name, size range, default staff type, leaders, body roles with weights.
KINDS = {
    "commune": (
        "UBND xã",
        (18, 40),
        "CC",
        ("chair", "vice", "vice"),
        {"cv": 60, "cs": 15, "kt": 8, "vt": 7, "nv": 10},
    ),
    "school": (
        "Trường THCS",
        (30, 90),
        "VC",
        ("head", "deputy"),
        {"teacher": 85, "kt": 4, "vt": 4, "nv": 4, "pv": 3},
    ),
    "hospital": (
        "Bệnh viện",
        (150, 600),
        "VC",
        ("head", "deputy", "deputy", "deputy"),
        {"bs": 25, "dd": 45, "ds": 6, "kt": 5, "cv": 8, "lx": 3, "pv": 8},
    ),
    "department": (
        "Phòng",
        (20, 120),
        "CC",
        ("head", "deputy", "deputy"),
        {"cvc": 15, "cv": 60, "kt": 8, "vt": 6, "tq": 3, "lx": 4, "pv": 4},
    ),
}
KIND_WEIGHTS = {"commune": 45, "school": 35, "hospital": 3, "department": 17}


def _units(n: int, seed: int) -> pl.DataFrame:
    """One row per (unit, role): agency, unit, kind, role and head count (sum = n)."""
    rng = random.Random(f"national/{seed}")
    n_units = max(1, round(n / PEOPLE_PER_UNIT))
    n_agencies = max(1, round(n_units / 300))
    agencies = [
        f"UBND tỉnh {PROVINCES[a % len(PROVINCES)]}"
        if a % 4 != 3
        else MINISTRIES[a % len(MINISTRIES)]
        for a in range(n_agencies)
    ]
    agencies = [
        a if k < len(set(agencies)) or agencies.count(a) == 1 else f"{a} {k}"
        for k, a in enumerate(agencies)
    ]
    kinds = rng.choices(list(KIND_WEIGHTS), list(KIND_WEIGHTS.values()), k=n_units)
    sizes = [rng.randint(*KINDS[k][1]) for k in kinds]
    scale = n / sum(sizes)
    sizes = [max(len(KINDS[k][3]) + 1, round(s * scale)) for k, s in zip(kinds, sizes, strict=True)]
    sizes[-1] += n - sum(sizes)  # the last unit absorbs rounding so the total is exactly n
    while sizes[-1] < 1:  # tiny n: take from the largest units
        big = max(range(n_units - 1), key=sizes.__getitem__)
        sizes[big] -= 1
        sizes[-1] += 1
    rows = []
    for u, (kind, size) in enumerate(zip(kinds, sizes, strict=True)):
        name, _, default_type, leaders, body = KINDS[kind]
        agency = agencies[u * n_agencies // n_units]
        unit = f"{name} số {u + 1}"
        counts: dict[str, int] = {}
        for role in leaders[: max(0, size - 1)]:
            counts[role] = counts.get(role, 0) + 1
        rest = size - sum(counts.values())
        drawn = rng.choices(list(body), list(body.values()), k=rest)
        for role in body:
            if drawn.count(role):
                counts[role] = counts.get(role, 0) + drawn.count(role)
        for role, count in counts.items():
            rows.append((agency, unit, kind, default_type, role, count))
    return pl.DataFrame(
        rows, schema=["agency", "unit", "kind", "default_type", "role", "count"], orient="row"
    )


def _roles() -> pl.DataFrame:
    rows = []
    for role, (pos, title, cat, codes, lead, female, ages, stype) in ROLES.items():
        rows.append((role, pos, title, cat, list(codes), lead, female, ages[0], ages[1], stype))
    return pl.DataFrame(
        rows,
        schema=[
            "role",
            "position",
            "title",
            "category",
            "codes",
            "lead",
            "female",
            "age_lo",
            "age_hi",
            "role_type",
        ],
        orient="row",
    )


def _grades() -> pl.DataFrame:
    rows = [
        (code, name, *S.SCALES[scale], S.ENTRY_AGE[scale])
        for code, (name, scale) in {**S.GRADES, "": ("", "NV")}.items()
    ]
    return pl.DataFrame(
        rows,
        schema=["grade_code", "grade_name", "first", "inc", "steps", "years", "entry"],
        orient="row",
    )


def _u(seed: int, salt: str) -> pl.Expr:
    """A uniform draw in [0, 1) per row: a hash of (seed, salt, row number)."""
    return (pl.col("row").hash(zlib.crc32(f"{seed}/{salt}".encode())) % 1_000_003) / 1_000_003


def people(n: int, seed: int = 0) -> pl.DataFrame:
    """The national staff list as a frame in canonical field names (see module docstring)."""
    as_of = S.AS_OF
    units = _units(n, seed)
    base = (
        units.with_columns(pl.int_ranges(0, pl.col("count")).alias("k"))
        .explode("k")
        .with_row_index("row")
        .join(_roles(), on="role", how="left")
    )
    u = lambda salt: _u(seed, salt)  # noqa: E731
    frame = base.with_columns(
        male=u("sex") >= pl.col("female"),
        age=(
            pl.col("age_lo") + (u("age") * (pl.col("age_hi") - pl.col("age_lo") + 1)).floor()
        ).cast(pl.Int32),
        code_pick=(u("grade") * pl.col("codes").list.len()).floor().cast(pl.Int32),
    ).with_columns(
        # Men work to 61, women to 56 on the as-of date (samples' rule): cap the age.
        age=pl.min_horizontal("age", pl.when("male").then(61).otherwise(56)),
        grade_code=pl.col("codes").list.get(pl.col("code_pick")),
    )
    frame = (
        frame.join(_grades(), on="grade_code", how="left")
        .with_columns(
            birth_date=pl.date(
                as_of.year - pl.col("age") - 1,
                (u("month") * 12).floor().cast(pl.Int32) + 1,
                (u("day") * 28).floor().cast(pl.Int32) + 1,
            ),
            served=(pl.col("age") - pl.col("entry")).clip(lower_bound=0),
        )
        .with_columns(
            step=(1 + pl.col("served") // pl.col("years") - (u("step") < 0.3).cast(pl.Int32))
            .clip(1, pl.col("steps"))
            .cast(pl.Int32),
        )
    )
    over = pl.col("served") - (pl.col("steps") - 1) * pl.col("years")
    ratings = ("HTXSNV", "HTTNV", "HTTNV", "HTTNV", "HTTNV", "HTNV", "HTNV")
    rating_list = pl.lit(pl.Series(ratings).implode())
    join_age = 23 + (u("join") * 5).floor().cast(pl.Int32)

    def rating(k: int) -> pl.Expr:
        picked = rating_list.list.get((u(f"rating{k}") * len(ratings)).floor().cast(pl.Int32))
        return pl.when(pl.col("age") - join_age >= k).then(picked)

    frame = frame.with_columns(
        employee_id=pl.format("NV{}", (pl.col("row") + 1).cast(pl.String).str.zfill(8)),
        full_name=pl.concat_str(
            _choice(S.SURNAMES, u("surname")),
            pl.when("male")
            .then(_choice(S.MIDDLE[True], u("middle")))
            .otherwise(_choice(S.MIDDLE[False], u("middle"))),
            pl.when("male")
            .then(_choice(S.GIVEN[True], u("given")))
            .otherwise(_choice(S.GIVEN[False], u("given"))),
            separator=" ",
        ),
        unit_path=pl.concat_str("agency", "unit", separator=" > "),
        title=pl.when(pl.col("title") != "").then("title"),
        staff_type=pl.when(pl.col("role_type") != "").then("role_type").otherwise("default_type"),
        sex=pl.when("male").then(pl.lit("Nam")).otherwise(pl.lit("Nữ")),
        grade_code=pl.when(pl.col("grade_code") != "").then("grade_code"),
        grade_name=pl.when(pl.col("grade_name") != "").then("grade_name"),
        coef=(pl.col("first") + (pl.col("step") - 1) * pl.col("inc"))
        .round(2)
        .cast(pl.Decimal(12, 4)),
        coef_date=pl.lit(as_of).dt.offset_by(
            pl.format("-{}mo", 1 + (u("since") * 35).floor().cast(pl.Int32))
        ),
        lead_coef=pl.col("lead").cast(pl.Decimal(12, 4)),
        tnvk_pct=pl.when((pl.col("step") == pl.col("steps")) & (over >= pl.col("years")))
        .then(pl.min_horizontal(15, 5 + over - pl.col("years")))
        .cast(pl.Decimal(12, 4)),
        join_date=pl.date(
            pl.col("birth_date").dt.year() + join_age, 1 + (u("jm") * 12).floor().cast(pl.Int32), 1
        ),
        rating_1=rating(1),
        rating_2=rating(2),
        rating_3=rating(3),
        surplus=u("surplus") < 0.01,
        training_met=u("training") >= 0.005,
        sick_days=pl.when(u("sick") < 0.002)
        .then(300 + (u("sickd") * 40).floor())
        .when(u("sick") < 0.6)
        .then(0)
        .otherwise(1 + (u("sickd") * 14).floor())
        .cast(pl.Int32),
        volunteer=u("volunteer") < 0.005,
        child_under_36m=~pl.col("male") & (pl.col("age") < 40) & (u("child") < 0.02),
        discipline=u("discipline") < 0.003,
    ).with_columns(
        si_years=(
            (
                (as_of.year - pl.col("join_date").dt.year()) * 12
                + as_of.month
                - pl.col("join_date").dt.month()
            )
            / 6
        )
        .round(0)
        .truediv(2)
        .clip(lower_bound=0.5)
        .cast(pl.Decimal(12, 4)),
    )
    return frame.select(
        "employee_id",
        "full_name",
        "unit",
        "unit_path",
        "position",
        "title",
        "staff_type",
        "sex",
        "birth_date",
        "grade_code",
        "grade_name",
        "step",
        "coef",
        "coef_date",
        "lead_coef",
        "tnvk_pct",
        "join_date",
        "si_years",
        "rating_1",
        "rating_2",
        "rating_3",
        "sick_days",
        "surplus",
        "training_met",
        "volunteer",
        "child_under_36m",
        "discipline",
    )


def _choice(values, u: pl.Expr) -> pl.Expr:
    values = list(values)
    return pl.lit(pl.Series(values).implode()).list.get((u * len(values)).floor().cast(pl.Int32))


def write_national(n: int, path: Path, seed: int = 0) -> Path:
    """Write n generated people to `path` (Parquet), via a temporary file then rename."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    people(n, seed).write_parquet(tmp, statistics=False, row_group_size=250_000)
    tmp.replace(path)
    return path


def write_national_positions(n: int, path: Path, seed: int = 0) -> Path:
    """The job positions of the same units: quota = head count ± 1 (≥ 0)."""
    rng = random.Random(f"national-positions/{seed}")
    units = _units(n, seed).join(_roles(), on="role", how="left")
    jitter = pl.Series([rng.choice((-1, 0, 0, 1)) for _ in range(units.height)])
    frame = units.select(
        "unit",
        "position",
        "category",
        grade_code=pl.col("codes").list.last().replace("", None),
        quota=(pl.col("count") + jitter).clip(lower_bound=0).cast(pl.Int32),
    )
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    frame.write_parquet(tmp)
    tmp.replace(path)
    return path


if __name__ == "__main__":
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    out = Path(sys.argv[2]) if len(sys.argv) > 2 else ROOT / "benchmarks/data/national.parquet"
    print(write_national(count, out))
