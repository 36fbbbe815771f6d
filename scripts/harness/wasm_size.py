#!/usr/bin/env python3
"""Which crates the page's wasm is made of: code bytes per crate, read from a
wasm module's code section and its name section (standard library only).

The shipped module has no names (wasm-opt drops them), so point this at a
module that still has them: wasm-bindgen's output under
$CARGO_TARGET_DIR/wasm-bindgen/release/, or that file optimised like trunk
does it but keeping names (`wasm-opt -O2 --enable-simd -g IN -o OUT`).
Each function goes to the first crate its (mangled) name mentions; generic
code lands in the crate that instantiated the trait it implements, so read
the shares as "about", not to the byte.

usage: wasm_size.py MODULE.wasm [TOP]
"""
import collections, re, sys


def leb(data, i):
    result = shift = 0
    while True:
        b = data[i]
        i += 1
        result |= (b & 0x7F) << shift
        shift += 7
        if not b & 0x80:
            return result, i


def sections(data):
    assert data[:4] == b"\0asm", "not a wasm module"
    i = 8
    while i < len(data):
        sid, i = data[i], i + 1
        size, i = leb(data, i)
        yield sid, data[i:i + size]
        i += size


def imported_functions(payload):
    count, i = leb(payload, 0)
    funcs = 0
    for _ in range(count):
        for _ in range(2):  # module and field names
            n, i = leb(payload, i)
            i += n
        kind, i = payload[i], i + 1
        if kind == 0:  # function: type index
            _, i = leb(payload, i)
            funcs += 1
        elif kind == 1:  # table: reftype, limits
            i += 1
            flags, i = leb(payload, i)
            _, i = leb(payload, i)
            if flags & 1:
                _, i = leb(payload, i)
        elif kind == 2:  # memory: limits
            flags, i = leb(payload, i)
            _, i = leb(payload, i)
            if flags & 1:
                _, i = leb(payload, i)
        elif kind == 3:  # global: type, mutability
            i += 2
        else:  # tag
            i += 1
            _, i = leb(payload, i)
    return funcs


def body_sizes(payload):
    count, i = leb(payload, 0)
    sizes = []
    for _ in range(count):
        size, i = leb(payload, i)
        sizes.append(size)
        i += size
    return sizes


def function_names(payload):
    n, i = leb(payload, 0)
    if payload[i:i + n] != b"name":
        return None
    i += n
    names = {}
    while i < len(payload):
        sub, i = payload[i], i + 1
        size, i = leb(payload, i)
        if sub == 1:
            j = i
            count, j = leb(payload, j)
            for _ in range(count):
                idx, j = leb(payload, j)
                ln, j = leb(payload, j)
                names[idx] = payload[j:j + ln].decode("utf-8", "replace")
                j += ln
        i += size
    return names


PATH = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)(?:\[[0-9a-f]+\])?::")


def crate_of(name):
    """The first crate a Rust function name mentions: `<T as pliron::X>::f`
    is pliron's, `core[abc]::fmt::write` is core's. Legacy-mangled names
    (`_ZN4core3fmt5write...`) are read the same way."""
    m = re.match(r"_ZN(\d+)", name)
    if m:
        ident = name[len(m.group(0)):len(m.group(0)) + int(m.group(1))]
        if "$LT$" not in ident:
            return ident
        name = ident.replace("$LT$", "<").replace("$GT$", ">").replace("$u20$", " ").replace("..", "::")
    m = PATH.search(name)
    return m.group(1) if m else "(unnamed)"


# What each crate is there for, by name prefix (the first match wins).
GROUPS = [
    ("WebGPU engine (burn's wgpu backend: cubecl, its compiler pliron, wgpu)",
     ("cubecl", "cubek", "burn_cubecl", "burn_wgpu", "burn_fusion", "wgpu", "naga", "pliron", "combine", "rustc_apfloat", "downcast_rs", "tracel")),
    ("CPU engine (burn Flex, gemm)", ("burn_flex", "gemm", "pulp", "burn_ndarray", "matrixmultiply")),
    ("burn shared (tensors, autodiff, modules, optimiser, records)", ("burn",)),
    ("UI (leptos, wasm-bindgen, web-sys)", ("leptos", "tachys", "reactive_graph", "web_sys", "js_sys", "wasm_bindgen", "any_spawner", "throw_error", "or_poisoned", "send_wrapper", "console_error")),
    ("this crate (kd_playground)", ("kd_playground",)),
]


def group_of(crate):
    for title, prefixes in GROUPS:
        if crate.startswith(prefixes):
            return title
    return "Rust std and small crates (core, alloc, hashbrown, serde, ...)"


def main():
    path = sys.argv[1]
    top = int(sys.argv[2]) if len(sys.argv) > 2 else 25
    data = open(path, "rb").read()
    imports, bodies, names, data_bytes = 0, [], None, 0
    for sid, payload in sections(data):
        if sid == 2:
            imports = imported_functions(payload)
        elif sid == 10:
            bodies = body_sizes(payload)
        elif sid == 11:
            data_bytes = len(payload)
        elif sid == 0:
            names = function_names(payload) or names
    if not names:
        sys.exit(f"{path} has no function names: use a module that keeps them (see the docstring)")
    per_crate = collections.Counter()
    for k, size in enumerate(bodies):
        per_crate[crate_of(names.get(imports + k, ""))] += size
    code = sum(bodies)
    print(f"{path}: {len(data) / 1e6:.1f} MB; code {code / 1e6:.1f} MB in {len(bodies)} functions; data {data_bytes / 1e6:.1f} MB")
    per_group = collections.Counter()
    for crate, size in per_crate.items():
        per_group[group_of(crate)] += size
    print()
    print("| part | code MB | share |")
    print("|---|---|---|")
    for group, size in per_group.most_common():
        print(f"| {group} | {size / 1e6:.2f} | {100 * size / code:.1f} % |")
    print()
    print("| crate | code MB | share |")
    print("|---|---|---|")
    for crate, size in per_crate.most_common(top):
        print(f"| {crate} | {size / 1e6:.2f} | {100 * size / code:.1f} % |")
    rest = sum(size for _, size in per_crate.most_common()[top:])
    print(f"| (the other {max(0, len(per_crate) - top)}) | {rest / 1e6:.2f} | {100 * rest / code:.1f} % |")


if __name__ == "__main__":
    main()
