"""`chatr …`: the common verbs over manage.py.

chatr serve [--bind ADDR] [--workers N] [--with-worker]   collectstatic, then gunicorn
chatr migrate | seed-demo | worker | check [--deploy] | <any manage.py command>
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys

ALIASES = {
    "seed-demo": "seed_demo",
    "worker": "db_worker",
    "compile-translations": "compile_translations",
}


def _manage(argv: list[str]) -> None:
    from django.core.management import execute_from_command_line

    execute_from_command_line(["chatr", *argv])


def _serve(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="chatr serve")
    parser.add_argument("--bind", default=os.environ.get("CHATR_BIND", "127.0.0.1:8000"))
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", 3)))
    parser.add_argument(
        "--with-worker",
        action="store_true",
        help="also run the background task worker (demo, single machine)",
    )
    args = parser.parse_args(argv)
    _manage(["collectstatic", "--noinput", "--verbosity", "0"])
    worker = None
    if args.with_worker:
        _manage(["watchdog_escalate", "--schedule"])
        _manage(["watchdog_monthly_counts", "--schedule"])
        _manage(["registry_coverage_warm", "--schedule"])
        _manage(["centers_expire_licences", "--schedule"])
        _manage(["centers_licensing_reminders", "--schedule"])
        worker = subprocess.Popen([sys.executable, "-m", "chatr.cli", "worker"])
    try:
        return subprocess.call(  # noqa: S603 - fixed argv, no user input
            [
                sys.executable,
                "-m",
                "gunicorn",
                "config.wsgi:application",
                "--bind",
                args.bind,
                "--workers",
                str(args.workers),
                "--access-logfile",
                "-",
                "--forwarded-allow-ips",
                "127.0.0.1",
            ]
        )
    finally:
        if worker is not None:
            worker.terminate()
            worker.wait(timeout=10)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.base")
    if not argv:
        print(__doc__)
        return 0
    if argv[0] == "serve":
        return _serve(argv[1:])
    argv[0] = ALIASES.get(argv[0], argv[0])
    _manage(argv)
    return 0


if __name__ == "__main__":
    sys.exit(main())
