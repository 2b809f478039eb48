#!/usr/bin/env python3
"""Counts the inked pixels of a PNG screenshot, with the standard library only.

    python3 scripts/png-ink.py FILE.png

Prints `WIDTH HEIGHT INKED`: INKED is how many pixels have a colour channel below
200 (darker than the near-white of a page's background). Reads 8-bit greyscale,
RGB and RGBA PNGs without interlacing, which is what Chromium writes. Exit 1 for
a file it cannot read. Used by ReportRenderTests (docs/testing.md, "The report
in a browser") to tell a rendered page from a blank one.
"""
import struct
import sys
import zlib


def main(path):
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        print(f"{path}: not a PNG", file=sys.stderr)
        return 1
    pos, idat, header = 8, b"", None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    width, height, depth, colour, _, _, interlace = header
    channels = {0: 1, 2: 3, 6: 4}.get(colour)
    if depth != 8 or channels is None or interlace != 0:
        print(f"{path}: unsupported PNG (depth {depth}, colour type {colour}, interlace {interlace})", file=sys.stderr)
        return 1
    raw = zlib.decompress(idat)
    stride = width * channels
    previous = bytearray(stride)
    inked = 0
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        for i in range(stride):
            a = line[i - channels] if i >= channels else 0
            b = previous[i]
            c = previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + a) & 255
            elif kind == 2:
                line[i] = (line[i] + b) & 255
            elif kind == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        colours = min(channels, 3)
        for x in range(0, stride, channels):
            if min(line[x:x + colours]) < 200:
                inked += 1
        previous = line
    print(width, height, inked)
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print(__doc__.strip(), file=sys.stderr)
        sys.exit(2)
    sys.exit(main(sys.argv[1]))
