#!/usr/bin/env python3
"""Draws images/icon.png (128x128): three processes (renderer, preload, main) as nodes joined by
channels, on a rounded square. Standard library only (zlib + struct), anti-aliased by 4x4
supersampling. usage: python3 scripts/make-icon.py [OUT]"""
import math
import os
import struct
import sys
import zlib

SIZE, SS = 128, 4
BG = (28, 43, 66)        # dark blue
LINE = (120, 200, 255)   # channel
NODES = [((34, 40), (71, 196, 255)), ((94, 64), (255, 203, 87)), ((44, 96), (132, 224, 140))]


def rounded_square(x, y, r=24):
    cx, cy = min(max(x, r), SIZE - r), min(max(y, r), SIZE - r)
    return (x - cx) ** 2 + (y - cy) ** 2 <= r * r


def segment_distance(px, py, a, b):
    (ax, ay), (bx, by) = a, b
    dx, dy = bx - ax, by - ay
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    return math.hypot(px - (ax + t * dx), py - (ay + t * dy))


def colour_at(x, y):
    """The colour of one subsample, or None outside the icon."""
    if not rounded_square(x, y):
        return None
    for (cx, cy), colour in NODES:
        d = math.hypot(x - cx, y - cy)
        if d <= 12:
            return colour
        if d <= 15:
            return BG
    edges = [(NODES[0][0], NODES[1][0]), (NODES[1][0], NODES[2][0]), (NODES[2][0], NODES[0][0])]
    if any(segment_distance(x, y, a, b) <= 3 for a, b in edges):
        return LINE
    return BG


def render():
    rows = []
    for py in range(SIZE):
        row = bytearray([0])  # filter: none
        for px in range(SIZE):
            acc, n = [0, 0, 0, 0], SS * SS
            for sy in range(SS):
                for sx in range(SS):
                    c = colour_at(px + (sx + 0.5) / SS, py + (sy + 0.5) / SS)
                    if c is not None:
                        acc[0] += c[0]; acc[1] += c[1]; acc[2] += c[2]; acc[3] += 255
            covered = acc[3] // 255
            if covered == 0:
                row += bytes(4)
            else:
                row += bytes([acc[0] // covered, acc[1] // covered, acc[2] // covered, acc[3] // n])
        rows.append(bytes(row))
    return b"".join(rows)


def png(pixels):
    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)
    header = struct.pack(">IIBBBBB", SIZE, SIZE, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(pixels, 9)) + chunk(b"IEND", b"")


if __name__ == "__main__":
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "images", "icon.png")
    with open(out, "wb") as f:
        f.write(png(render()))
    print(out)
