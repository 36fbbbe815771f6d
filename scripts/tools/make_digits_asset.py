#!/usr/bin/env python3
"""Converts the UCI 8x8 digits CSV (scikit-learn's digits.csv.gz: 64 pixels
0..16 then the label, one image per line) into assets/digits.bin, the compact
form the page embeds:

    b"KDDIGIT1"  u32 little-endian row count  then per row 64 pixel bytes + 1 label byte

usage: make_digits_asset.py ../shared/data/digits.csv.gz assets/digits.bin
"""
import gzip, struct, sys

rows = []
with gzip.open(sys.argv[1], "rt") as f:
    for line in f:
        values = [int(v) for v in line.strip().split(",")]
        assert len(values) == 65 and all(0 <= v <= 16 for v in values[:64]) and 0 <= values[64] <= 9
        rows.append(bytes(values))
with open(sys.argv[2], "wb") as out:
    out.write(b"KDDIGIT1" + struct.pack("<I", len(rows)) + b"".join(rows))
print(f"{len(rows)} images, pixel sum {sum(sum(r[:64]) for r in rows)}, first image sum {sum(rows[0][:64])}, labels of first five {[r[64] for r in rows[:5]]}")
