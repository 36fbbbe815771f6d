#!/usr/bin/env node
// Trunk post-build hook, the last one (after every other step has written
// its files, the service worker's among them): writes FILE.gz (gzip level 9)
// and FILE.br (brotli quality 11) next to every compressible file of the
// build, so a server can send them as they are (scripts/check/csp_server.py
// does, by the request's Accept-Encoding). Node's own zlib, no other
// package. Prints each file's three sizes.
//
// usage: node scripts/build/precompress.mjs [DIR]
// (DIR: $TRUNK_STAGING_DIR when trunk runs it, else dist)
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { promisify } from "node:util";
import { brotliCompress, constants, gzip } from "node:zlib";

const COMPRESSIBLE = /\.(wasm|js|mjs|css|html|webmanifest|svg|json|txt|map)$/;
const dir = process.argv[2] || process.env.TRUNK_STAGING_DIR || "dist";

function* files(folder) {
  for (const name of readdirSync(folder).sort()) {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) yield* files(path);
    else if (COMPRESSIBLE.test(name)) yield path;
  }
}

const mb = (n) => (n >= 1e5 ? `${(n / 1e6).toFixed(2)} MB` : `${(n / 1e3).toFixed(1)} kB`);
const [gz, br] = [promisify(gzip), promisify(brotliCompress)];
// Every file at once: zlib's own threads compress them side by side (the
// two wasm builds take most of the time).
const sizes = await Promise.all([...files(dir)].map(async (path) => {
  const raw = readFileSync(path);
  const [gzipped, brotli] = await Promise.all([
    gz(raw, { level: 9 }),
    br(raw, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: 11,
        [constants.BROTLI_PARAM_LGWIN]: 24,
        [constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
        [constants.BROTLI_PARAM_MODE]: path.endsWith(".wasm") ? constants.BROTLI_MODE_GENERIC : constants.BROTLI_MODE_TEXT,
      },
    }),
  ]);
  writeFileSync(path + ".gz", gzipped);
  writeFileSync(path + ".br", brotli);
  return [path, raw.length, gzipped.length, brotli.length];
}));
const total = [0, 0, 0];
for (const [path, ...n] of sizes) {
  n.forEach((x, i) => (total[i] += x));
  console.log(`precompress: ${relative(dir, path)}: ${mb(n[0])} raw, ${mb(n[1])} gzip, ${mb(n[2])} brotli`);
}
console.log(`precompress: all ${sizes.length} files: ${mb(total[0])} raw, ${mb(total[1])} gzip, ${mb(total[2])} brotli`);
