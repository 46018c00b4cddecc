"""Run closeknit on one box: migrate, load demo data, then serve the site and run background work.

`make run` calls this. It prints the address and the demo logins, and stops both processes on Ctrl-C.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

# In this order: the demo's back-dated check-up results come before the clinic seeds the demo intensive,
# so they do not count as its pre-intensive check-ups (those stay open, as a couple would see them).
SEEDS = ("seed_demo", "seed_assessments", "seed_clinic")


class Command(BaseCommand):
    help = "Migrate, seed demo data and serve closeknit with granian plus a huey consumer."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--no-demo", action="store_true", help="do not load the demo people")

    def handle(self, *args, port: int, host: str, no_demo: bool, **options):
        call_command("migrate", interactive=False, verbosity=0)
        call_command("createcachetable", verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        if not no_demo:
            for command in SEEDS:
                call_command(command)
        env = {**os.environ, "SITE_URL": os.environ.get("SITE_URL", f"http://{host}:{port}")}
        procs = [
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "granian",
                    "--interface",
                    "wsgi",
                    "--host",
                    host,
                    "--port",
                    str(port),
                    "--workers",
                    "2",
                    "--blocking-threads",
                    "1",
                    "--log-level",
                    "warning",
                    "closeknit.wsgi:application",
                ],
                env=env,
            ),
            subprocess.Popen(
                [sys.executable, "manage.py", "run_huey", "--workers", "1", "--quiet"], env=env, cwd=settings.BASE_DIR
            ),
        ]
        self._wait_until_listening(host, port, procs[0])
        self._banner(host, port, no_demo)

        def stop(*_):
            for p in procs:
                if p.poll() is None:
                    p.terminate()

        signal.signal(signal.SIGTERM, stop)
        try:
            while all(p.poll() is None for p in procs):
                time.sleep(0.5)
        except KeyboardInterrupt:
            pass
        finally:
            stop()
            for p in procs:
                try:
                    p.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    p.kill()

    def _wait_until_listening(self, host: str, port: int, server: subprocess.Popen, timeout: float = 30) -> None:
        """Print the address only once it answers, so the first click never meets a refused connection."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and server.poll() is None:
            try:
                with socket.create_connection((host, port), timeout=0.5):
                    return
            except OSError:
                time.sleep(0.2)

    def _banner(self, host: str, port: int, no_demo: bool) -> None:
        from closeknit.accounts.management.commands.seed_demo import LOGINS, PASSWORD

        db = settings.DATABASES["default"]
        where = db["NAME"] if db["ENGINE"].endswith("sqlite3") else f"{db['ENGINE'].rsplit('.', 1)[-1]} {db['NAME']}"
        lines = [
            "",
            f"  closeknit is running at  http://{host}:{port}/",
            f"  database: {where}",
            "  emails are printed here (console backend)" if "console" in settings.EMAIL_BACKEND else "",
        ]
        if not no_demo:
            lines.append(f"  demo logins (password: {PASSWORD}):")
            lines += [f"    {name:<11} {email}" for email, name in LOGINS]
            lines += [
                "    Owner       owner@demo.closeknit.test  (the demo practice: /clinic/)",
                "    Jo Okafor   jo.okafor@demo.closeknit.test",
                "  find a therapist: /therapists/",
            ]
        lines.append("  stop with Ctrl-C")
        self.stdout.write("\n".join(line for line in lines if line) + "\n")
