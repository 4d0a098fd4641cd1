"""Room mode of the workshop server: the address it prints carries the token, and so does its QR code."""

from __future__ import annotations

import numpy as np
import pytest
import segno
import zxingcpp

from simlib.dashboards import serve

HALF_BLOCKS = {" ": (1, 1), "▀": (0, 1), "▄": (1, 0), "█": (0, 0)}
"""A printed character -> (top, bottom) module, 1 dark: light modules are drawn (in bright white on black)."""
RESET = "\x1b[0m"


def drawing(line: str) -> str:
    """A printed QR line without its colours; it must carry them (bright white on black, then reset)."""
    assert line.startswith(serve.QR_COLOURS) and line.endswith(RESET), repr(line)
    return line[len(serve.QR_COLOURS):-len(RESET)]


def printed_modules(block: str) -> list[list[int]]:
    """The QR code's modules (1 dark) read back from its coloured half-block drawing, quiet zone included."""
    rows: list[list[int]] = []
    for line in block.splitlines():
        top, bottom = zip(*(HALF_BLOCKS[c] for c in drawing(line)))
        rows += [list(top), list(bottom)]
    return rows


def qr_after(said: str, url: str) -> list[list[int]]:
    """The modules of the QR code printed under "Scan to open ``url``:"."""
    lines = said.splitlines()
    start = lines.index(f"Scan to open {url}:") + 1
    block = [line for line in lines[start:] if line.startswith(serve.QR_COLOURS)]
    return printed_modules("\n".join(block))


def assert_qr_encodes(modules: list[list[int]], url: str, border: int = 2) -> None:
    """``modules`` are segno's encoding of exactly ``url``, inside a light quiet zone of ``border`` modules."""
    expected = [list(row) for row in segno.make(url, micro=False).matrix]
    size = len(expected)
    modules = modules[: size + 2 * border]  # an odd height fills the last half row with dark
    assert len(modules) == size + 2 * border and all(len(row) == size + 2 * border for row in modules)
    inner = [row[border:-border] for row in modules[border:-border]]
    assert inner == expected
    quiet = modules[:border] + modules[-border:] + [row[:border] + row[-border:] for row in modules]
    assert not any(any(row) for row in quiet)


@pytest.fixture
def room(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """A laptop on the room's Wi-Fi (192.168.1.20) with a container bridge and a VPN."""
    addresses = ["172.17.0.1", "192.168.1.20", "10.8.0.2"]
    monkeypatch.setattr(serve, "room_addresses", lambda: addresses)
    return addresses


def test_room_mode_prints_the_tokenised_address_and_a_qr_code_of_exactly_it(
        room: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    started: list[list[str]] = []

    def execv(path: str, command: list[str]) -> None:
        started.append(command)
        raise SystemExit(0)

    monkeypatch.setattr(serve.os, "execv", execv)
    with pytest.raises(SystemExit):
        serve.main(["--lan", "--port", "8871", "--no-browser"])
    said = capsys.readouterr().out
    (command,) = started
    (token,) = [arg.removeprefix("--token=") for arg in command if arg.startswith("--token=")]
    assert len(token) >= 16 and "--Voila.ip=0.0.0.0" in command
    printed = [line.strip() for line in said.splitlines() if line.strip().startswith("http://")]
    assert printed == [f"http://{host}:8871/?token={token}" for host in ("192.168.1.20", "10.8.0.2", "172.17.0.1")]
    assert_qr_encodes(qr_after(said, printed[0]), printed[0])


def test_the_qr_code_reads_back_as_the_librarys_encoding_of_the_address() -> None:
    url = "http://10.0.0.7:8866/?token=a-b_c"
    assert_qr_encodes(printed_modules(serve.qr_code(url)), url)
    with pytest.raises(AssertionError):  # the check tells one address from another
        assert_qr_encodes(printed_modules(serve.qr_code(url)), url.replace("a-b_c", "a-b_d"))


def test_a_qr_reader_scans_the_printed_code_as_the_address() -> None:
    """The terminal's picture of the code (each module 6 pixels, white blocks on black) read by ZXing, a
    decoder phones use: independent of segno, and of the terminal's own colours (the code sets them)."""
    url = "http://192.168.1.20:8866/?token=Zx8_k3LmQpR7tW2yVbN4aQ"
    dark = np.array(printed_modules(serve.qr_code(url)), dtype=np.uint8)
    picture = np.pad(np.where(dark == 1, 0, 255).astype(np.uint8), 2, constant_values=0)  # a black terminal
    picture = picture.repeat(6, axis=0).repeat(6, axis=1)
    (found,) = zxingcpp.read_barcodes(picture)
    assert found.format == zxingcpp.BarcodeFormat.QRCode and found.text == url


def test_this_laptop_only_prints_no_qr_code(room: list[str]) -> None:
    said = serve.announce("127.0.0.1", 8866, "", many=False)
    assert "http://127.0.0.1:8866/" in said and "Scan" not in said and "█" not in said
    assert "?token=" in serve.announce("0.0.0.0", 8866, "t0ken", many=True)


def test_room_addresses_are_printed_the_room_network_first() -> None:
    assert sorted(["172.17.0.1", "8.8.8.8", "10.1.2.3", "192.168.0.9"], key=serve.room_first) == [
        "192.168.0.9", "10.1.2.3", "172.17.0.1", "8.8.8.8"]
