#!/usr/bin/env python3
"""Draw the Java kernel's logo for JupyterLab's launcher: a small 2–3–1 network on an orange tile.

    python3 -m tools.make_logo      # writes kernel/logo-64x64.png and kernel/logo-32x32.png

Standard library only: every pixel is the mean of 8×8 samples of the shapes below, and the PNG is written with zlib.
tools/patch_kernelspec.py copies the two files into the kernelspec, where JupyterLab finds them by name.
"""
import struct
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TILE = (0xE7, 0x6F, 0x00)     # orange
EDGE = (0xFF, 0xE2, 0xC2)     # the connections: a light orange
NODE = (0xFF, 0xFF, 0xFF)     # the neurons: white
LAYERS = [[0.30, 0.70], [0.22, 0.50, 0.78], [0.50]]   # y of each neuron, per layer, in a unit square
XS = [0.22, 0.50, 0.78]
RADIUS, WIDTH, CORNER = 0.085, 0.035, 0.18


def inside_tile(x, y):
    """The unit square with rounded corners."""
    cx, cy = min(max(x, CORNER), 1 - CORNER), min(max(y, CORNER), 1 - CORNER)
    return (x - cx) ** 2 + (y - cy) ** 2 <= CORNER ** 2


def near_segment(x, y, a, b, width):
    (ax, ay), (bx, by) = a, b
    dx, dy = bx - ax, by - ay
    t = max(0.0, min(1.0, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)))
    return (x - ax - t * dx) ** 2 + (y - ay - t * dy) ** 2 <= (width / 2) ** 2


def color_at(x, y):
    """RGBA of one sample point in the unit square (y downwards)."""
    if not inside_tile(x, y):
        return (0, 0, 0, 0)
    nodes = [(XS[i], y0) for i, layer in enumerate(LAYERS) for y0 in layer]
    if any((x - nx) ** 2 + (y - ny) ** 2 <= RADIUS ** 2 for nx, ny in nodes):
        return (*NODE, 255)
    for i in range(len(LAYERS) - 1):
        for y0 in LAYERS[i]:
            for y1 in LAYERS[i + 1]:
                if near_segment(x, y, (XS[i], y0), (XS[i + 1], y1), WIDTH):
                    return (*EDGE, 255)
    return (*TILE, 255)


def render(size, samples=8):
    """Rows of RGBA bytes, each pixel averaged over samples × samples points (alpha-weighted colours)."""
    rows = []
    for py in range(size):
        row = bytearray()
        for px in range(size):
            acc = [0, 0, 0, 0]
            for sy in range(samples):
                for sx in range(samples):
                    r, g, b, a = color_at((px + (sx + 0.5) / samples) / size, (py + (sy + 0.5) / samples) / size)
                    acc[0] += r * a
                    acc[1] += g * a
                    acc[2] += b * a
                    acc[3] += a
            n = samples * samples
            alpha = acc[3] / n
            row += bytes([round(c / acc[3]) if acc[3] else 0 for c in acc[:3]] + [round(alpha)])
        rows.append(bytes(row))
    return rows


def png(rows):
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    size = len(rows)
    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)   # 8-bit RGBA
    raw = b"".join(b"\x00" + r for r in rows)                     # filter type 0 per row
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


def main():
    for size in (64, 32):
        out = ROOT / "kernel" / f"logo-{size}x{size}.png"
        out.write_bytes(png(render(size)))
        print(f"wrote {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
