"""`workbench dashboard [--port N] [--host 127.0.0.1] [--lang en|da]`: serve the dashboard."""
from __future__ import annotations

from analysis.i18n import LANGS
from analysis.scenarios import dashboard


def register(subparsers) -> None:
    """Add the `dashboard` subcommand."""
    p = subparsers.add_parser("dashboard", help="serve the dashboard (Voilà) on 127.0.0.1: scenarios and profile comparison",
                              description="Serve the dashboard with Voilà on the loopback interface only: "
                                          "the scenarios, and the profiles' comparison at ?view=compare; "
                                          "Ctrl-C stops it.")
    p.add_argument("--port", type=int, default=dashboard.DEFAULT_PORT, help="port (default %(default)s)")
    p.add_argument("--host", default="127.0.0.1", help="loopback address only (default %(default)s)")
    p.add_argument("--lang", choices=LANGS, default="en", help="language of the dashboard")
    p.set_defaults(func=run)


def run(args) -> int:
    return dashboard.serve(host=args.host, port=args.port, lang=args.lang)
