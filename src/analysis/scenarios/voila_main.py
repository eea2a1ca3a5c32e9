"""Voilà as the dashboard runs it: only loopback Host headers, only same-origin websockets, kernels shut down
when their page is left.

Voilà answers any `Host:` header (it sets `allow_remote_access`), so a web page could reach the dashboard by
DNS rebinding. Run as `python -m analysis.scenarios.voila_main <voila arguments>`: the same Voilà, with
jupyter_server's host check always on and websockets refused unless their Origin is the dashboard itself.
"""
from __future__ import annotations

import re
import sys
import warnings
from urllib.parse import urlsplit

LOCAL_HOSTS = ("127.0.0.1", "localhost")


def host_allowed(host: str | None) -> bool:
    """True for '127.0.0.1' or 'localhost', with or without a port."""
    match = re.fullmatch(r"(?i)([a-z0-9.\-]+)(:\d{1,5})?", (host or "").strip())
    return bool(match) and match.group(1).lower() in LOCAL_HOSTS


def origin_allowed(origin: str | None, host: str | None) -> bool:
    """A websocket's Origin must be the dashboard's own address (no Origin: not a browser, allowed)."""
    if origin is None:
        return True
    return host_allowed(host) and urlsplit(origin.lower()).netloc == (host or "").lower()


def install_guards() -> None:
    """Patch jupyter_server's handlers (which Voilà uses) with the two checks."""
    from jupyter_server.base import handlers, websocket

    def check_host(self) -> bool:
        return host_allowed(self.request.host)

    def check_origin(self, origin: str | None = None) -> bool:
        return origin_allowed(origin if origin is not None else self.get_origin(),
                              self.request.headers.get("Host"))

    handlers.JupyterHandler.check_host = check_host
    websocket.WebSocketMixin.check_origin = check_origin
    set_xsrf_cookie()


def set_xsrf_cookie() -> None:
    """Serve each dashboard page with the `_xsrf` cookie: on leaving (another page of the dashboard, a closed
    tab) the page asks Voilà to shut its kernel down and sends that cookie's value, without which the request is
    refused (403) and the kernel is left running."""
    from voila.handler import VoilaHandler

    page = VoilaHandler.get_generator

    async def get_generator(self, path=None):
        self.xsrf_token  # noqa: B018 - reading it sets the cookie
        async for chunk in page(self, path):
            yield chunk

    VoilaHandler.get_generator = get_generator


def main() -> None:
    # the page's language and title are one nested --VoilaConfiguration.resources value (see dashboard.py)
    warnings.filterwarnings("ignore", message=r".*for dict-traits is deprecated", category=DeprecationWarning)
    install_guards()
    from voila.app import main as voila

    sys.argv = ["voila", *sys.argv[1:]]
    sys.exit(voila())


if __name__ == "__main__":
    main()
