#!/usr/bin/env python3
"""Trunk post-build hook: moves trunk's inline loader <script type="module">
out of index.html into loader.js, so the page runs under a strict
Content-Security-Policy (script-src 'self' 'wasm-unsafe-eval': no inline
script). Trunk 0.21 always writes that loader inline."""
import os, re, sys

staging = os.environ.get("TRUNK_STAGING_DIR", "dist")
path = os.path.join(staging, "index.html")
html = open(path, encoding="utf-8").read()
pattern = re.compile(r'<script type="module">(.*?)</script>', re.S)
found = pattern.findall(html)
if len(found) != 1:
    sys.exit(f"csp_loader: expected one inline module script in {path}, found {len(found)}")
open(os.path.join(staging, "loader.js"), "w", encoding="utf-8").write(found[0].strip() + "\n")
html = pattern.sub('<script type="module" src="/loader.js"></script>', html)
open(path, "w", encoding="utf-8").write(html)
print("csp_loader: the loader is now /loader.js")
