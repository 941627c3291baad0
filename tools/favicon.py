"""Draw the portal's icon (a town hall: roof, three columns, base; white on the primary blue) as an ICO.

    python3 tools/favicon.py      # writes static/favicon.ico (16, 32 and 48 px); static/favicon.svg is the same drawing

No image library needed: the shapes are sampled per pixel and written as PNGs inside the ICO.
"""

import struct
import zlib
from pathlib import Path

STATIC = Path(__file__).resolve().parent.parent / "static"

BLUE = (0x1D, 0x3F, 0x73)
WHITE = (255, 255, 255)


def inside(x, y):
    """Shapes in a 32x32 box (float coordinates)."""
    # roof: triangle apex (16,5), base from (5,12) to (27,12)
    if 5 <= y <= 12:
        half = (y - 5) / 7 * 11
        if 16 - half <= x <= 16 + half:
            return True
    # columns
    if 14 <= y <= 23:
        for cx in (9, 16, 23):
            if cx - 2 <= x <= cx + 2:
                return True
    # base
    return 24.5 <= y <= 27.5 and 5 <= x <= 27


def in_box(x, y, size=32, r=6):
    # rounded square
    if (x < r or x > size - r) and (y < r or y > size - r):
        cx = r if x < r else size - r
        cy = r if y < r else size - r
        return (x - cx) ** 2 + (y - cy) ** 2 <= r * r
    return True


def render(size):
    rows = []
    s = 4
    for py in range(size):
        row = bytearray([0])
        for px in range(size):
            box = white = 0
            for sy in range(s):
                for sx in range(s):
                    x = (px + (sx + 0.5) / s) * 32 / size
                    y = (py + (sy + 0.5) / s) * 32 / size
                    if in_box(x, y):
                        box += 1
                        if inside(x, y):
                            white += 1
            n = s * s
            a = round(255 * box / n)
            if box:
                t = white / box
                rgb = [round(BLUE[i] * (1 - t) + WHITE[i] * t) for i in range(3)]
            else:
                rgb = list(BLUE)
            row += bytes(rgb + [a])
        rows.append(bytes(row))
    raw = b"".join(rows)

    def chunk(tag, data):
        return (
            struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)
        )

    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )


def ico() -> bytes:
    pngs = [(size, render(size)) for size in (16, 32, 48)]
    header = struct.pack("<HHH", 0, 1, len(pngs))
    offset = 6 + 16 * len(pngs)
    entries = data = b""
    for size, png in pngs:
        entries += struct.pack("<BBBBHHII", size, size, 0, 0, 1, 32, len(png), offset + len(data))
        data += png
    return header + entries + data


if __name__ == "__main__":
    (STATIC / "favicon.ico").write_bytes(ico())
