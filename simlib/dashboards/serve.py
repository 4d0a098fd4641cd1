"""Serve the workshop's dashboards: ``make workshop`` runs ``python -m simlib.dashboards.serve``.

By default the page is served on 127.0.0.1 (only this laptop) without a
token. ``--lan`` (or ``--host 0.0.0.0``) serves the room: then a token is
always required, generated unless given, and the printed addresses carry it
(``http://192.168.1.20:8866/?token=...``): participants type that address, or
scan the QR code printed under it (the first address, most likely the room's
network), which encodes exactly that address and token.
``--many`` is the mode for many participants: no background preparation of
likely next answers, so each open page costs one kernel and nothing more.
``--language es`` (default: ``SIMLIB_LANGUAGE``, else English; ``make
workshop LANG=es``) serves the Spanish page, ``workshop/dashboards.es.ipynb``,
whose kernels inherit ``SIMLIB_LANGUAGE=es``: every word and number of the
dashboards in Spanish.

    python -m simlib.dashboards.serve [--lan | --host HOST] [--port 8866] [--many] [--token TOKEN] [--language es]
"""

from __future__ import annotations

import argparse
import io
import ipaddress
import os
import secrets
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Sequence
from pathlib import Path

from simlib.i18n import set_language, tr

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK = ROOT / "workshop" / "dashboards.ipynb"
NOTEBOOKS = {"en": NOTEBOOK, "es": ROOT / "workshop" / "dashboards.es.ipynb"}
"""The workshop page in each language (the same code cells; the Spanish one's text in Spanish)."""
CONFIG = ROOT / "workshop" / "config"
LOOPBACK = ("127.0.0.1", "localhost", "::1")


def needs_token(host: str) -> bool:
    """True unless ``host`` is a loopback address (only this machine can connect)."""
    if host in LOOPBACK:
        return False
    try:
        return not ipaddress.ip_address(host).is_loopback
    except ValueError:
        return True


def room_addresses() -> list[str]:
    """This machine's IPv4 addresses other than loopback (where participants reach it), from the interfaces."""
    import psutil  # installed with Jupyter's kernel

    found = {a.address for addresses in psutil.net_if_addrs().values() for a in addresses
             if a.family.name == "AF_INET" and not a.address.startswith("127.")}
    return sorted(found)


def room_first(address: str) -> tuple[int, str]:
    """Sort key of an address: a home or office network (192.168.x.x) first, then 10.x.x.x, then 172.16-31.x.x
    (often a container bridge), then the rest."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return 4, address
    for rank, network in enumerate(("192.168.0.0/16", "10.0.0.0/8", "172.16.0.0/12")):
        if ip in ipaddress.ip_network(network):
            return rank, address
    return 3, address


def urls(host: str, port: int, token: str) -> list[str]:
    """The addresses to print: for a LAN host, one per interface of this machine (the room's network
    first, :func:`room_first`); the token in each."""
    query = f"?token={token}" if token else ""
    hosts = (sorted(room_addresses(), key=room_first) or ["<this laptop's address>"]) \
        if host in ("0.0.0.0", "::") else [host]
    return [f"http://{h}:{port}/{query}" for h in hosts]


QR_COLOURS = "\x1b[97;40m"
"""ANSI colours of the QR code's lines: bright white on black, so it reads the same in a light or dark terminal."""


def qr_code(url: str) -> str:
    """``url`` as a QR code drawn with Unicode half blocks (two modules per character), for phones and laptops
    with a camera.

    Light modules are the blocks, in bright white on black (:data:`QR_COLOURS`): without its own colours the
    code would come out inverted in a terminal with a light background, and many phones would not read it.
    """
    import segno  # installed with the course's packages

    out = io.StringIO()
    segno.make(url, micro=False).terminal(out=out, compact=True, border=2)
    return "\n".join(f"{QR_COLOURS}{line}\x1b[0m" for line in out.getvalue().splitlines())


def announce(host: str, port: int, token: str, many: bool) -> str:
    """What the server prints before it starts: where to connect (with the token) and, when the room can
    connect, a QR code of the first address (in the current language)."""
    where = tr("the room") if needs_token(host) else tr("this laptop only")
    mode = tr("many participants (no background preparation)") if many else tr("trainer (answers prepared ahead)")
    addresses = urls(host, port, token)
    lines = [tr("Workshop dashboards for {where}, {mode}:", where=where, mode=mode),
             *(f"    {url}" for url in addresses),
             "    " + tr("one dashboard per page: add {query}dashboard=1 (2, 3, 4: the team game) to the address.  "
                         "Stop: Ctrl+C", query="&" if token else "?")]
    if needs_token(host) and "://<" not in addresses[0]:
        lines += [tr("Scan to open {url}:", url=addresses[0]), qr_code(addresses[0])]
    return "\n".join(lines)


def voila_command(host: str, port: int, token: str, browser: bool, language: str = "en") -> list[str]:
    """The Voilà command serving the workshop page in ``language`` on ``host:port`` (token "" only on loopback)."""
    command = [sys.executable, "-m", "voila", str(NOTEBOOKS[language]), f"--Voila.config_file_paths={CONFIG}",
               f"--Voila.ip={host}", f"--Voila.port={port}", "--Voila.port_retries=0"]
    if token:
        command.append(f"--token={token}")
    if not browser:
        command.append("--no-browser")
    return command


def main(argv: Sequence[str] | None = None) -> None:
    """Parse the options, print where to connect, and replace this process by Voilà."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1: this laptop)")
    parser.add_argument("--lan", action="store_true", help="serve the room (0.0.0.0), with a token")
    parser.add_argument("--port", type=int, default=8866)
    parser.add_argument("--many", action="store_true",
                        help="many participants: no background preparation of next answers")
    parser.add_argument("--token", default=None, help="token to require (default: a new one when not on loopback)")
    parser.add_argument("--no-browser", action="store_true", help="do not open a browser")
    parser.add_argument("--language", choices=sorted(NOTEBOOKS), default=None,
                        help="the page's language (default: SIMLIB_LANGUAGE, else en)")
    args = parser.parse_args(argv)
    language = args.language or os.environ.get("SIMLIB_LANGUAGE", "en").split("_")[0].split("-")[0].lower()
    language = language if language in NOTEBOOKS else "en"
    os.environ["SIMLIB_LANGUAGE"] = language  # the kernels inherit it
    set_language(language)
    host = "0.0.0.0" if args.lan else args.host
    token = args.token or ""
    if needs_token(host) and not token:
        token = secrets.token_urlsafe(12)
    if args.many:
        os.environ["SIMLIB_PREFETCH"] = "0"  # the kernels inherit it
    print(announce(host, args.port, token, args.many), flush=True)
    command = voila_command(host, args.port, token, browser=not args.no_browser and not needs_token(host),
                            language=language)
    os.execv(command[0], command)


if __name__ == "__main__":
    main()


class Served:
    """The workshop page served by this module in a child process, for tests and benchmarks.

    ``with Served(port) as served:`` starts ``python -m simlib.dashboards.serve
    --no-browser`` with the given options, waits until Voilà answers, and
    stops it on leaving. ``served.url`` is the page's address (with the
    token, if any); ``served.said()`` the last lines it printed.
    """

    def __init__(self, port: int, host: str = "127.0.0.1", token: str = "", many: bool = False,
                 start_seconds: float = 60, language: str = "en") -> None:
        self.port, self.host, self.token, self.many, self.start_seconds = port, host, token, many, start_seconds
        self.language = language
        self.url = f"http://127.0.0.1:{port}/" + (f"?token={token}" if token else "")
        self.process: subprocess.Popen | None = None
        self.log = tempfile.TemporaryFile()

    def __enter__(self) -> Served:
        command = [sys.executable, "-m", "simlib.dashboards.serve", "--no-browser", "--host", self.host,
                   "--port", str(self.port)] + (["--token", self.token] if self.token else []) \
            + (["--many"] if self.many else []) + ["--language", self.language]
        self.process = subprocess.Popen(command, cwd=ROOT, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + self.start_seconds
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/voila/static/voila.js", timeout=5):
                    return self
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.__exit__()
                    raise RuntimeError(f"the workshop server did not start\n{self.said()}") from None
                time.sleep(0.5)

    def said(self) -> str:
        """The last 4,000 characters the server (and its kernels) printed."""
        self.log.seek(0)
        return self.log.read().decode(errors="replace")[-4000:]

    def __exit__(self, *_: object) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
