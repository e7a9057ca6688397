"""Benchmark of `cancuoc synth --db`: prints one JSON object.

    .venv/bin/python bench/bench_synth.py [--people 1000000] [--seed 3] [--workers 2]
        [--orm-rows 10000] [--db sqlite|postgresql|both]

For each engine a fresh, empty database of its own is made and migrated, and the 34-province
/ 3,321-commune units are loaded (setup, timed apart); then:
- synth: the real command (`cancuoc synth --people N --db --json`) in a child process, its
  wall time, people per second, rows per second (all five tables), and the peak memory of the
  whole process tree (sampled from /proc every 0.1 s: the command and its workers);
- orm_baseline: --orm-rows people saved one by one with `Person.objects.create` (autocommit,
  as a naive import would), extrapolated to N people, in a second fresh database.
SQLite goes to bench/out/synth-sqlite/, PostgreSQL to the database `cancuoc_bench_synth` (and
`cancuoc_bench_synth_orm`) on the server of DATABASE_URL (default postgres@127.0.0.1:5432),
dropped and created anew. Figures are noisy on a shared 2-core machine; say so when quoting.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
PYTHON = str(ROOT / ".venv" / "bin" / "python")
DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/cancuoc"
PG_NAME, PG_ORM_NAME = "cancuoc_bench_synth", "cancuoc_bench_synth_orm"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--orm-rows", type=int, default=10_000)
    parser.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--orm-child", help=argparse.SUPPRESS)  # internal: run the baseline
    args = parser.parse_args()
    if args.orm_child:
        print(json.dumps(_orm_baseline(int(args.orm_child), args.seed)))
        return
    engines = ["sqlite", "postgresql"] if args.db == "both" else [args.db]
    report = {"people": args.people, "seed": args.seed, "workers": args.workers,
              "cpus": os.cpu_count(), "load_average_before": os.getloadavg(),
              "note": "shared 2-core machine: figures are noisy while others work"}  # fmt: skip
    for engine in engines:
        report[engine] = _bench_engine(engine, args)
    report["load_average_after"] = os.getloadavg()
    print(json.dumps(report, ensure_ascii=False, indent=1))


def _bench_engine(engine: str, args) -> dict:
    env = _fresh_database(engine, PG_NAME, "synth-sqlite")
    setup = _setup(env)
    command = [PYTHON, "-m", "cancuoc.cli", "synth", "--people", str(args.people), "--seed",
               str(args.seed), "--db", "--json", "--workers", str(args.workers)]  # fmt: skip
    run = _run_measured(command, env, pg_name=PG_NAME if engine == "postgresql" else None)
    summary = json.loads(run["stdout"].strip().splitlines()[-1])
    db = summary["database"]
    rows = sum(db[k] for k in ("people", "households", "residences", "documents", "relatives"))
    result = {
        "setup_seconds": setup,
        "synth_seconds": run["seconds"],
        "cpu_seconds": run["cpu_seconds"],
        "postgres_cpu_seconds": run.get("postgres_cpu_seconds"),
        "load_average_during": run["load_average"],
        "people_per_second": round(args.people / run["seconds"]),
        "rows": rows,
        "rows_per_second": round(rows / run["seconds"]),
        "index_seconds": summary.get("index_seconds"),
        "fast_load": summary.get("fast_load"),
        "peak_rss_mb": run["peak_rss_mb"],
        "within_90_s": run["seconds"] <= 90,
        "within_2_gb": run["peak_rss_mb"] <= 2048,
        "counts": db,
        "defects_total": summary["defects_total"],
    }
    orm_env = _fresh_database(engine, PG_ORM_NAME, "synth-orm-sqlite")
    _setup(orm_env)
    orm = _run_measured([PYTHON, __file__, "--orm-child", str(args.orm_rows), "--seed",
                         str(args.seed)], orm_env)  # fmt: skip
    baseline = json.loads(orm["stdout"].strip().splitlines()[-1])
    per_row = baseline["seconds"] / baseline["rows"]
    result["orm_baseline"] = {
        **baseline,
        "people_per_second": round(1 / per_row),
        "extrapolated_seconds_for_people": round(per_row * args.people),
        "speedup": round(per_row * args.people / run["seconds"], 1),
    }
    return result


def _fresh_database(engine: str, pg_name: str, sqlite_dir: str) -> dict:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    env.pop("DATABASE_URL", None) if engine == "sqlite" else None
    if engine == "sqlite":
        directory = OUT / sqlite_dir
        shutil.rmtree(directory, ignore_errors=True)
        directory.mkdir(parents=True)
        env["CANCUOC_DATA_DIR"] = str(directory)
        return env
    import psycopg

    base = os.environ.get("DATABASE_URL", DEFAULT_PG).rsplit("/", 1)[0]
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{pg_name}"')
        conn.execute(f'CREATE DATABASE "{pg_name}"')
    env["DATABASE_URL"] = f"{base}/{pg_name}"
    env["CANCUOC_DATA_DIR"] = str(OUT / "synth-pg")
    return env


def _setup(env: dict) -> float:
    started = time.perf_counter()
    for command in (["migrate", "-v0"], ["load_units"]):
        subprocess.run([PYTHON, "-m", "cancuoc.cli", *command], env=env, check=True,
                       capture_output=True, cwd=ROOT)  # fmt: skip
    return round(time.perf_counter() - started, 1)


def _run_measured(command: list[str], env: dict, pg_name: str | None = None) -> dict:
    """Run a child: wall seconds, CPU seconds of it and its descendants, their peak total RSS,
    and (PostgreSQL) the CPU seconds of the server backends serving database `pg_name`."""
    started, cpu = time.perf_counter(), _children_cpu()
    child = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)  # fmt: skip
    state = {"peak": 0, "backends": {}, "load": []}
    sampler = threading.Thread(target=_sample, args=(child, state, pg_name), daemon=True)
    sampler.start()
    stdout, stderr = child.communicate()
    seconds = time.perf_counter() - started
    sampler.join(timeout=1)
    if child.returncode:
        raise SystemExit(f"{' '.join(command)} failed:\n{stderr[-3000:]}")
    load = state["load"] or [os.getloadavg()[0]]
    result = {"seconds": round(seconds, 1), "cpu_seconds": round(_children_cpu() - cpu, 1),
              "peak_rss_mb": round(state["peak"] / 1024), "stdout": stdout,
              "load_average": round(sum(load) / len(load), 2)}  # fmt: skip
    if pg_name:
        result["postgres_cpu_seconds"] = round(sum(state["backends"].values()), 1)
    return result


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _sample(child: subprocess.Popen, state: dict, pg_name: str | None) -> None:
    ticks, n = os.sysconf("SC_CLK_TCK"), 0
    while child.poll() is None:
        state["peak"] = max(state["peak"], sum(_rss_kb(pid) for pid in _tree(child.pid)))
        if pg_name:
            for pid, cpu in _backends(pg_name, ticks):
                state["backends"][pid] = max(state["backends"].get(pid, 0.0), cpu)
        if n % 10 == 0:
            state["load"].append(os.getloadavg()[0])
        n += 1
        time.sleep(0.1)


def _backends(pg_name: str, ticks: int) -> list[tuple[int, float]]:
    """(pid, CPU seconds so far) of the PostgreSQL backends connected to `pg_name`."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            if not cmdline.startswith("postgres:") or f" {pg_name} " not in cmdline:
                continue
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, UnicodeDecodeError):
            continue
        found.append((int(entry.name), (int(fields[11]) + int(fields[12])) / ticks))
    return found


def _tree(root: int) -> list[int]:
    pids, children = [root], {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    for pid in pids:
        pids += children.get(pid, [])
    return pids


def _rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _orm_baseline(rows: int, seed: int) -> dict:
    """`rows` people saved one by one through the ORM, each in its own transaction."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cancuoc.settings")
    import django

    django.setup()
    from itertools import islice

    from cancuoc.registry.bulk import fold_words
    from cancuoc.registry.models import Person
    from cancuoc.registry.synth.generator import Population, SynthConfig
    from cancuoc.registry.synth.geography import load_geography

    population = Population(SynthConfig(people=rows, seed=seed),
                            load_geography(people=rows, seed=seed))  # fmt: skip
    records = list(islice(population, rows))
    started = time.perf_counter()
    for r in records:
        Person.objects.create(
            full_name=r.full_name, birth_date=r.birth_date, birth_precision=r.birth_precision,
            sex=r.sex, personal_id=r.personal_id, old_id_number=r.old_id_number,
            birthplace=r.birthplace, birth_registration_place=r.birth_registration_place,
            hometown=r.hometown, ethnicity=r.ethnicity, religion=r.religion,
            nationality=r.nationality, blood_group=r.blood_group,
            marital_status=r.marital_status, relation_to_head=r.relation_to_head,
            status=r.status, death_date=r.death_date, phone=r.phone, email=r.email,
            eid_level=r.eid_level, unit_id=r.unit_id, province_id=r.province_id,
            record_id=r.record_id, name_folded=fold_words(r.full_name),
            given_folded=fold_words(r.full_name.split()[-1]),
        )  # fmt: skip
    return {"rows": len(records), "seconds": round(time.perf_counter() - started, 2),
            "what": "Person rows only (no residences, documents, relatives, audit)"}  # fmt: skip


if __name__ == "__main__":
    main()
