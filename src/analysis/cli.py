"""The `workbench` command line: collects subcommands and prints user errors as one line."""
from __future__ import annotations

import argparse
import errno
import importlib
import os
import sys

from analysis.errors import WorkbenchError

# Faults of the machine, not of the program: printed as one line naming the path.
MACHINE_FAULTS = {errno.ENOSPC, errno.EROFS, errno.EACCES, errno.EPERM, errno.EDQUOT, errno.EIO}

# Each module defines register(subparsers); a subcommand parser sets `func` via set_defaults.
COMMAND_MODULES = ("analysis.pipeline.cli", "analysis.pipeline.scaffold", "analysis.data.cli", "analysis.scenarios.cli",
                   "analysis.data.sources.cli", "analysis.lab.cli")


def version() -> str:
    """The installed distribution's version (the source's when run from a checkout without install)."""
    from importlib import metadata

    try:
        return metadata.version("muni-it-workbench")
    except metadata.PackageNotFoundError:
        import analysis

        return analysis.__version__


class _Version(argparse.Action):
    """--version, its number looked up only when asked (the lookup scans the installed distributions)."""

    def __call__(self, parser, namespace, values, option_string=None):
        print(f"workbench {version()}")
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="workbench", description=__doc__)
    parser.add_argument("--version", action=_Version, nargs=0, help="show the version and exit")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    p = sub.add_parser("completion", help="print a shell completion script: eval \"$(workbench completion bash)\"")
    p.add_argument("shell", choices=("bash", "zsh", "tcsh"))
    p.set_defaults(func=lambda args: print_completion(parser, args.shell))
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:
                continue
            raise
        module.register(sub)
    return parser


def print_completion(parser: argparse.ArgumentParser, shell: str) -> int:
    """Print the completion script for shell (made by shtab from this very parser)."""
    import shtab

    print(shtab.complete(parser, shell=shell))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except WorkbenchError as exc:
        print(f"error: {exc.format()}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # `workbench status --json | head`: the reader left; nothing more to say
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except OSError as exc:
        if exc.errno not in MACHINE_FAULTS:
            raise
        where = exc.filename or "?"
        print(f"error: {where}: {exc.strerror}; nothing more was written, the last good reports and "
              f"index are unchanged", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
