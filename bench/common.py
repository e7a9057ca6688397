"""What the register benchmarks share: arguments, one process per engine, the synthetic register.

A benchmark script builds its parser with `bench_parser`, writes `worker(args) -> dict` (Django is
set up for `args.engine` before it runs) and hands both to `run_per_engine`. Run without
`--engine`, the script starts itself once per engine, because Django's settings (the database) are
fixed per process, and prints one JSON object with each engine's result.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PG_SERVER = "postgres://postgres@127.0.0.1:5432"


def bench_parser(doc: str, *, name: str, people: int) -> argparse.ArgumentParser:
    """The options every register benchmark takes; the script adds its own."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--people", type=int, default=people)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--engines", default="sqlite,postgresql")
    parser.add_argument("--database-url", help=f"default: cancuoc_bench_{name}_<people>")
    parser.add_argument("--sqlite-dir", help=f"default: bench/out/{name}_sqlite_<people>/")
    parser.add_argument("--engine", help=argparse.SUPPRESS)  # set in the per-engine subprocess
    return parser


def run_per_engine(
    parser: argparse.ArgumentParser,
    *,
    name: str,
    script: str,
    worker: Callable[[argparse.Namespace], dict],
    summary: Callable[[argparse.Namespace], dict],
) -> None:
    """Parse the arguments, then measure one engine (`--engine`) or start one process per engine."""
    args = parser.parse_args()
    args.database_url = args.database_url or f"{PG_SERVER}/cancuoc_bench_{name}_{args.people}"
    args.sqlite_dir = args.sqlite_dir or str(
        ROOT / "bench" / "out" / f"{name}_sqlite_{args.people}"
    )
    if args.engine:
        setup_django(args.engine, args.database_url, Path(args.sqlite_dir))
        print(json.dumps(worker(args), ensure_ascii=False))
        return
    results = {}
    for engine in args.engines.split(","):
        command = [sys.executable, script, *sys.argv[1:], "--engine", engine]
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        lines = done.stdout.strip().splitlines()
        results[engine] = json.loads(lines[-1]) if done.returncode == 0 and lines else {
            "error": done.stderr.strip().splitlines()[-3:]}  # fmt: skip
    print(json.dumps(summary(args) | {"engines": results}, ensure_ascii=False, indent=2))


def setup_django(engine: str, database_url: str, sqlite_dir: Path) -> None:
    """Point Django at the engine's scratch database (created if missing) and migrate it."""
    if engine == "postgresql":
        os.environ["DATABASE_URL"] = database_url
        create_pg_database(database_url)
    else:
        os.environ.pop("DATABASE_URL", None)
        sqlite_dir.mkdir(parents=True, exist_ok=True)
        os.environ["CANCUOC_DATA_DIR"] = str(sqlite_dir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cancuoc.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def create_pg_database(url: str) -> None:
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def ensure_register(people: int, seed: int, *, label: str) -> dict:
    """Load units and generate the register unless it already holds `people` people."""
    from django.core.management import call_command

    from cancuoc.accounts.actor import Actor, Channel
    from cancuoc.areas.models import Unit
    from cancuoc.registry.bulk import write_people
    from cancuoc.registry.models import Person
    from cancuoc.registry.synth.generator import Population, SynthConfig
    from cancuoc.registry.synth.geography import load_geography

    if not Unit.objects.exists():
        call_command("load_units", verbosity=0)
    existing = Person.objects.count()
    if existing >= people:
        return {"built": False, "people": existing, "analyze_seconds": analyze()}
    if existing:
        raise SystemExit(
            f"register holds {existing} people, fewer than {people}: use a new database"
        )
    started = time.perf_counter()
    geography = load_geography(people=people, seed=seed)
    population = Population(SynthConfig(people=people, seed=seed), geography)
    result = write_people(
        population, actor=Actor.system(label, channel=Channel.CLI), source="bench"
    )
    built = time.perf_counter() - started
    return {"built": True, "people": result.counts.people, "build_seconds": round(built, 1),
            "analyze_seconds": analyze()}  # fmt: skip


def analyze() -> float:
    """Planner statistics (and on PostgreSQL the visibility map that index-only scans need),
    as a deployment's autovacuum or a nightly maintenance job keeps them."""
    from django.db import connection

    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    return round(time.perf_counter() - started, 1)
