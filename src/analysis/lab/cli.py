"""`workbench lab [--port N] [--no-browser] [--setup]`: JupyterLab for the project."""
from __future__ import annotations


def register(subparsers) -> None:
    """Add the `lab` subcommand."""
    from analysis.lab.server import DEFAULT_PORT

    p = subparsers.add_parser("lab", help="JupyterLab on 127.0.0.1 with the project's kernel; .py notebooks "
                                          "open as notebooks",
                              description="Start JupyterLab from this environment at the project root, on the "
                                          "loopback interface only; Ctrl-C stops it.")
    p.add_argument("--port", type=int, default=DEFAULT_PORT, help="port (default %(default)s)")
    p.add_argument("--host", default="127.0.0.1", help="loopback address only (default %(default)s)")
    p.add_argument("--no-browser", action="store_true", help="do not open a browser")
    p.add_argument("--setup", action="store_true",
                   help="only register the kernel and install the JupyterLab settings, then exit")
    p.set_defaults(func=run)


def run(args) -> int:
    from analysis.lab import server

    if args.setup:
        for path in server.setup():
            print(f"ready: {path}")
        return 0
    return server.serve(host=args.host, port=args.port, open_browser=not args.no_browser)
