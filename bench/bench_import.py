"""Benchmark of `cancuoc import people`: prints one JSON object.

    .venv/bin/python bench/bench_import.py [--rows 1000000] [--xlsx-rows 50000]
        [--naive-rows 10000] [--kills 10] [--kill-rows 20000] [--db sqlite|postgresql]

Each database gets a fresh, empty database of its own (SQLite in bench/out/, PostgreSQL
`cancuoc_bench_import` on DATABASE_URL's server), 40 communes, then:
- import: a CSV of --rows people through the real command (`cancuoc import people FILE
  --json`, a child process: wall time and its peak memory), validation included;
- ceiling: the same CSV loaded with no validation at all (PostgreSQL COPY into a staging table;
  SQLite executemany into one);
- stages: validation alone (CPU time over the whole file, nothing written) and the bulk writer
  alone (--writer-rows already-validated records through registry.bulk.write_people);
- naive: --naive-rows people saved one by one through the ORM (Person + Residence);
- xlsx: --xlsx-rows people in an .xlsx file through the same command;
- kills: the reliability drill, SIGKILL at random points --kills times, then a final run; checks
  that every valid row is in the register exactly once.
Figures are noisy on a shared 2-core machine; say so when quoting them.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
sys.path.insert(0, str(ROOT))

SURNAMES = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
]
MIDDLE = {
    True: ["Thị", "Ngọc", "Thu", "Thanh", "Kim"],
    False: ["Văn", "Hữu", "Đức", "Minh", "Quốc"],
}
GIVEN = [
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Hà",
    "Lan",
    "Minh",
    "Ngọc",
    "Phúc",
    "Quỳnh",
    "Sơn",
    "Thảo",
    "Tuấn",
    "Hùng",
    "Hương",
    "Mai",
    "Linh",
    "Trang",
    "Nam",
    "Long",
    "Huy",
    "Khánh",
    "Yến",
]
HEADER = [
    "record_id",
    "full_name",
    "birth_date",
    "sex",
    "personal_id",
    "ethnicity",
    "religion",
    "nationality",
    "permanent_unit_code",
    "permanent_address",
    "phone",
]
COMMUNES = [f"{26001 + i}" for i in range(40)]


def people(n: int, seed: int = 1, place: str = "075"):
    from cancuoc.rules.idnumber import Sex, generate_id_number

    rng = random.Random(seed)
    for i in range(n):
        female, year = rng.random() < 0.5, rng.randint(1940, 2024)
        pid = generate_id_number(
            place_code=place,
            sex=Sex.FEMALE if female else Sex.MALE,
            birth_year=year,
            serial_int=i % 1_000_000,
        )
        name = f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE[female])} {rng.choice(GIVEN)}"
        born = (
            f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{year}"
            if rng.random() < 0.9
            else str(year)
        )
        yield [
            f"{place}-{i}",
            name,
            born,
            "Nữ" if female else "Nam",
            pid,
            "Kinh",
            "Không",
            "Việt Nam",
            COMMUNES[i % 40],
            f"Số {i % 500}, tổ {i % 40}",
            f"09{i % 10**8:08d}",
        ]


def write_csv(path: Path, n: int) -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(HEADER)
        writer.writerows(people(n))
    return path


def synth_csv(path: Path, n: int, env: dict) -> Path:
    """The synth engineer's generator: every import column, households, planted defects."""
    subprocess.run(
        [
            sys.executable,
            "-m",
            "cancuoc.cli",
            "synth",
            "--people",
            str(n),
            "--seed",
            "1",
            "--communes",
            ",".join(COMMUNES),
            "--out",
            str(path),
        ],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    return path


def write_xlsx(path: Path, n: int) -> Path:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Danh sách")
    sheet.append(HEADER)
    for row in people(n, seed=2, place="079"):  # other people than the CSV's
        sheet.append(row)
    book.save(path)
    return path


def prepare_database(kind: str, env: dict) -> dict:
    """A fresh empty database for `kind`; returns the environment for child processes."""
    env = {k: v for k, v in env.items() if k != "DATABASE_URL"}
    if kind == "postgresql":
        base = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
        server, _, _ = base.rpartition("/")
        subprocess.run(
            [
                "psql",
                f"{server}/postgres",
                "-qc",
                "DROP DATABASE IF EXISTS cancuoc_bench_import",
                "-c",
                "CREATE DATABASE cancuoc_bench_import",
            ],
            check=True,
            capture_output=True,
        )
        env["DATABASE_URL"] = f"{server}/cancuoc_bench_import"
    else:
        data = OUT / "sqlite"
        for name in ("cancuoc.sqlite3", "cancuoc.sqlite3-wal", "cancuoc.sqlite3-shm"):
            (data / name).unlink(missing_ok=True)
        data.mkdir(parents=True, exist_ok=True)
        env["CANCUOC_DATA_DIR"] = str(data)
    setup = (
        "from django.core.management import call_command; call_command('migrate', verbosity=0);"
        "from cancuoc.testing import make_province, make_unit; p = make_province();"
        f"[make_unit(code=c, name=f'Số {{c}}', kind='Phường', parent=p) for c in {COMMUNES!r}]"
    )
    django_python(setup, env)
    return env


def django_python(code: str, env: dict) -> str:
    prelude = "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'cancuoc.settings'); django.setup();"
    done = subprocess.run(
        [sys.executable, "-c", prelude + code],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def timed_import(path: Path, env: dict) -> dict:
    argv = [sys.executable, "-m", "cancuoc.cli", "import", "people", str(path), "--json"]
    out = OUT / "import-stdout.txt"
    started = time.perf_counter()
    with out.open("w") as stdout:
        child = subprocess.Popen(argv, env=env, cwd=ROOT, stdout=stdout, stderr=subprocess.DEVNULL)
        _, _, usage = os.wait4(child.pid, 0)  # this child's own peak memory and CPU
    seconds = time.perf_counter() - started
    text = out.read_text().strip()
    result = json.loads(text.splitlines()[-1]) if text else {}
    rows = result.get("rows_read", 0)
    return {
        "rows": rows,
        "imported": result.get("rows_imported"),
        "status": result.get("status"),
        "seconds": round(seconds, 2),
        "rows_per_second": round(rows / seconds),
        "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 2),
        "peak_rss_mb": round(usage.ru_maxrss / 1024),
    }


STAGES = """
import time, itertools, datetime as dt
from pathlib import Path
from cancuoc.accounts.actor import Actor
from cancuoc.registry.imports.columns import match_headers
from cancuoc.registry.imports.convert import converted_rows
from cancuoc.registry.imports.models import ImportJob
from cancuoc.registry.imports.runner import row_context
from cancuoc.registry.imports.sources import open_source
from cancuoc.registry.bulk import write_people
source = open_source(Path({path!r}))
ctx = row_context(ImportJob(unit=None), match_headers(source.headers), dt.date.today())
started = time.process_time()
converted = [r for _, _, r, _ in converted_rows(source.rows(), ctx)]
validate = time.process_time() - started
from dataclasses import replace
from cancuoc.registry.imports.rows import convert_row, read_cells
subset = []  # the same people again, without the numbers that are now taken
for _, cells in itertools.islice(source.rows(), {writer_rows}):
    record, _problems = convert_row(read_cells(cells, ctx.layout), ctx)
    if record:
        subset.append(replace(record, personal_id=None, record_id=""))
started = time.perf_counter()
write_people(subset, actor=Actor.system("bench"), source="bench", batch_size=10000)
print(len(converted), validate, len(subset), time.perf_counter() - started)
"""


def stages(path: Path, env: dict, writer_rows: int) -> dict:
    """Validation alone (CPU time, no database writes) and the bulk writer alone."""
    n, validate, w, write = django_python(
        STAGES.format(path=str(path), writer_rows=writer_rows), env
    ).split()
    return {
        "validation_only": {
            "rows": int(n),
            "cpu_seconds": round(float(validate), 2),
            "rows_per_cpu_second": round(int(n) / float(validate)),
        },
        "bulk_writer_only": {
            "rows": int(w),
            "seconds": round(float(write), 2),
            "rows_per_second": round(int(w) / float(write)),
        },
    }


CEILING = """
import csv, time
from django.db import connection
with open({path!r}, encoding="utf-8", newline="") as f:
    cols = next(csv.reader(f))
started = time.perf_counter()
with connection.cursor() as c:
    c.execute("CREATE TABLE bench_staging (" + ", ".join(f"{{n}} text" for n in cols) + ")")
    if connection.vendor == "postgresql":
        with open({path!r}, "rb") as f, c.cursor.copy("COPY bench_staging FROM STDIN WITH (FORMAT csv, HEADER true)") as copy:
            while chunk := f.read(1 << 20):
                copy.write(chunk)
    else:
        with open({path!r}, encoding="utf-8", newline="") as f:
            rows = csv.reader(f); next(rows)
            c.executemany("INSERT INTO bench_staging VALUES (" + ", ".join(["%s"] * len(cols)) + ")", rows)
    c.execute("SELECT count(*) FROM bench_staging"); n = c.fetchone()[0]
    c.execute("DROP TABLE bench_staging")
print(n, time.perf_counter() - started)
"""

NAIVE = """
import time, datetime as dt
from cancuoc.areas.models import Unit
from cancuoc.registry.models import Person, Residence
from cancuoc.rules.names import fold
units = {{u.code: u for u in Unit.objects.filter(level="commune")}}
started = time.perf_counter()
for i in range({n}):
    unit = units[{communes!r}[i % 40]]
    name = "Lê Văn Naive"
    p = Person.objects.create(full_name=name, birth_date=dt.date(1990, 1, 1), sex="male", unit=unit,
                              province_id=unit.province_id, name_folded=fold(name), given_folded="naive",
                              record_id=f"N{{i}}")
    Residence.objects.create(person=p, kind="permanent", unit=unit)
print({n}, time.perf_counter() - started)
"""


def ceiling(path: Path, env: dict) -> dict:
    n, seconds = django_python(CEILING.format(path=str(path)), env).split()
    return {
        "rows": int(n),
        "seconds": round(float(seconds), 2),
        "rows_per_second": round(int(n) / float(seconds)),
    }


def naive(n: int, env: dict) -> dict:
    rows, seconds = django_python(NAIVE.format(n=n, communes=COMMUNES), env).split()
    return {
        "rows": int(rows),
        "seconds": round(float(seconds), 2),
        "rows_per_second": round(int(rows) / float(seconds)),
    }


def kill_drill(path: Path, env: dict, kills: int) -> dict:
    from cancuoc.registry.imports.chaos import kill_and_resume

    # Small batches, and the fast load on (its threshold under the file's size): the kills land
    # while the register's indexes are dropped, the riskiest moment.
    env = {**env, "CANCUOC_IMPORT_BATCH_ROWS": "500", "CANCUOC_IMPORT_FAST_LOAD_MIN_ROWS": "1000"}
    sql = _sql(env)
    outcome = kill_and_resume(
        path,
        env=env,
        kills=kills,
        rng=random.Random(7),
        checkpoint=lambda: sql("SELECT max(checkpoint_row) FROM registry_importjob") or 0,
    )
    result = json.loads(outcome["stdout"].strip().splitlines()[-1])
    return {
        "kills": kills,
        "checkpoints_at_kill": outcome["checkpoints_at_kill"],
        "final_status": result["status"],
        "rows_imported": result["rows_imported"],
        "people_in_register": sql("SELECT count(*) FROM registry_person"),
        "distinct_personal_ids": sql("SELECT count(DISTINCT personal_id) FROM registry_person"),
        "fast_load_state_left": any(
            Path(env.get("CANCUOC_DATA_DIR") or ROOT / "var").glob("fast_load_*.json")
        ),  # fmt: skip
    }


def _sql(env: dict):
    """A one-value query on the child processes' database, without Django."""
    if url := env.get("DATABASE_URL"):
        import psycopg

        def query(q):
            with psycopg.connect(url, autocommit=True) as db:
                return db.execute(q).fetchone()[0]

        return query
    import sqlite3

    def query(q):
        with sqlite3.connect(Path(env["CANCUOC_DATA_DIR"]) / "cancuoc.sqlite3", timeout=30) as db:
            return db.execute(q).fetchone()[0]

    return query


def run(kind: str, args, files: dict) -> dict:
    env = prepare_database(kind, dict(os.environ))
    out = {"import_csv": timed_import(files["csv"], env)}
    out["ceiling_without_validation"] = ceiling(files["csv"], env)
    out.update(stages(files["csv"], env, args.writer_rows))
    out["naive_orm"] = naive(args.naive_rows, env)
    out["import_xlsx"] = timed_import(files["xlsx"], env)
    if args.kills:
        env = prepare_database(kind, dict(os.environ))
        out["kill_drill"] = kill_drill(files["kill"], env, args.kills)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--xlsx-rows", type=int, default=50_000)
    parser.add_argument("--naive-rows", type=int, default=10_000)
    parser.add_argument("--kills", type=int, default=10)
    parser.add_argument("--kill-rows", type=int, default=20_000)
    parser.add_argument("--writer-rows", type=int, default=200_000)
    parser.add_argument("--db", action="append", choices=["sqlite", "postgresql"])
    parser.add_argument(
        "--input",
        choices=["synth", "simple"],
        default="synth",
        help="synth: `cancuoc synth --out` (all columns, planted defects)",
    )
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    csv_path = OUT / f"{args.input}-{args.rows}.csv"
    if args.input == "synth":
        synth_csv(csv_path, args.rows, prepare_database("sqlite", dict(os.environ)))
    files = {
        "csv": csv_path if args.input == "synth" else write_csv(csv_path, args.rows),
        "xlsx": write_xlsx(OUT / f"people-{args.xlsx_rows}.xlsx", args.xlsx_rows),
        "kill": write_csv(OUT / f"kill-{args.kill_rows}.csv", args.kill_rows),
    }
    report = {
        "rows": args.rows,
        "input": args.input,
        "cpus": os.cpu_count(),
        "load_average": os.getloadavg(),
    }
    for kind in args.db or ["sqlite", "postgresql"]:
        report[kind] = run(kind, args, files)
    print(json.dumps(report, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
