//! The crate's modules form no cycle, and the core never reaches the UI
//! nor the words the front-ends put to its data.
//!
//! Reads the sources (not the compiled crate): every path a file names
//! (`crate::…`, `super::…`) is resolved to the file module it lands in
//! (`core::session::pacing`, `ui::session_link`), and those form the graph.
//! A parent declaring its children (`mod pacing;`) is structure, not an
//! edge. Test modules (`#[cfg(test)] mod …`) are left out: a test may use
//! anything.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("a readable source folder") {
        let path = entry.expect("a folder entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The module path of a file under src/: `core/session/mod.rs` → core, session.
fn module_of(relative: &Path) -> Vec<String> {
    let mut parts: Vec<String> = relative.iter().map(|p| p.to_string_lossy().into_owned()).collect();
    let file = parts.pop().expect("a file name");
    let stem = file.trim_end_matches(".rs");
    if stem != "mod" && stem != "lib" {
        parts.push(stem.to_string());
    }
    parts
}

/// The source without comments and without `#[cfg(test)]` modules.
fn code_of(source: &str) -> String {
    let mut code: String = source.lines().map(|l| l.find("//").map_or(l, |i| &l[..i])).collect::<Vec<_>>().join("\n");
    while let Some(start) = code.find("#[cfg(test)]") {
        let rest = &code[start..];
        let is_module = rest.trim_start_matches("#[cfg(test)]").trim_start().starts_with("mod ");
        let (Some(open), true) = (rest.find('{'), is_module) else {
            code.replace_range(start..start + "#[cfg(test)]".len(), "");
            continue;
        };
        let mut depth = 0;
        let mut end = rest.len();
        for (i, c) in rest[open..].char_indices() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        end = open + i + 1;
                        break;
                    }
                }
                _ => {}
            }
        }
        code.replace_range(start..start + end, "");
    }
    code
}

/// Every `crate::a::b` or `super::…::c` path in `code`, as segments.
fn paths_in(code: &str) -> Vec<Vec<String>> {
    let bytes = code.as_bytes();
    let ident = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    let mut found = vec![];
    let mut i = 0;
    while i < bytes.len() {
        let starts = code.is_char_boundary(i) && (code[i..].starts_with("crate::") || code[i..].starts_with("super::")) && (i == 0 || !ident(bytes[i - 1]));
        if !starts {
            i += 1;
            continue;
        }
        let mut j = i;
        while j < bytes.len() && (ident(bytes[j]) || code[j..].starts_with("::")) {
            j += if code[j..].starts_with("::") { 2 } else { 1 };
        }
        found.push(code[i..j].split("::").filter(|s| !s.is_empty()).map(str::to_string).collect());
        i = j;
    }
    found
}

/// Where `path`, named in module `from`, lands (None outside the crate's tree).
fn resolve(from: &[String], path: &[String]) -> Option<Vec<String>> {
    let mut at: Vec<String> = vec![];
    let mut rest = path;
    if path.first().map(String::as_str) == Some("crate") {
        rest = &path[1..];
    } else {
        at = from.to_vec();
        while rest.first().map(String::as_str) == Some("super") {
            at.pop()?;
            rest = &rest[1..];
        }
    }
    at.extend(rest.iter().cloned());
    Some(at)
}

/// The longest prefix of `path` that is one of `modules`, joined.
fn node(path: &[String], modules: &BTreeSet<Vec<String>>) -> String {
    (0..=path.len()).rev().map(|n| &path[..n]).find(|p| modules.contains(*p)).unwrap_or(&[]).join("::")
}

fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = vec![];
    rust_files(&src, &mut files);
    // The binaries are crates of their own, using the library by name.
    files.retain(|f| {
        let relative = f.strip_prefix(&src).expect("under src");
        !relative.starts_with("bin") && relative != Path::new("main.rs")
    });
    let modules: BTreeSet<Vec<String>> = files.iter().map(|f| module_of(f.strip_prefix(&src).expect("under src"))).collect();
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in &files {
        let module = module_of(file.strip_prefix(&src).expect("under src"));
        let from = module.join("::");
        let code = code_of(&std::fs::read_to_string(file).expect("a readable source file"));
        for path in paths_in(&code) {
            if let Some(target) = resolve(&module, &path) {
                let to = node(&target, &modules);
                if to != from && !to.is_empty() {
                    edges.entry(from.clone()).or_default().insert(to);
                }
            }
        }
        edges.entry(from).or_default();
    }
    edges
}

/// A cycle through the graph, as its nodes in order, if there is one.
fn find_cycle(edges: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(n: &str, edges: &BTreeMap<String, BTreeSet<String>>, state: &mut BTreeMap<String, u8>, stack: &mut Vec<String>) -> Option<Vec<String>> {
        state.insert(n.to_string(), 1);
        stack.push(n.to_string());
        for m in edges.get(n).into_iter().flatten() {
            match state.get(m.as_str()) {
                Some(1) => {
                    let from = stack.iter().position(|s| s == m).expect("on the stack");
                    let mut cycle = stack[from..].to_vec();
                    cycle.push(m.clone());
                    return Some(cycle);
                }
                Some(_) => {}
                None => {
                    if let Some(c) = visit(m, edges, state, stack) {
                        return Some(c);
                    }
                }
            }
        }
        stack.pop();
        state.insert(n.to_string(), 2);
        None
    }
    let mut state = BTreeMap::new();
    for n in edges.keys() {
        if !state.contains_key(n.as_str()) {
            let mut stack = vec![];
            if let Some(c) = visit(n, edges, &mut state, &mut stack) {
                return Some(c);
            }
        }
    }
    None
}

#[test]
fn no_module_depends_on_itself_through_others() {
    let edges = graph();
    assert!(edges.len() > 20, "the sources were read: {} modules", edges.len());
    if let Some(cycle) = find_cycle(&edges) {
        panic!("a module cycle: {}", cycle.join(" → "));
    }
}

#[test]
fn the_core_never_reaches_the_ui() {
    let edges = graph();
    assert!(edges.keys().any(|m| m.starts_with("words")), "the words were read");
    let offending: Vec<String> = edges
        .iter()
        .filter(|(from, _)| from.starts_with("core"))
        .flat_map(|(from, to)| to.iter().filter(|t| t.starts_with("ui") || t.starts_with("words")).map(move |t| format!("{from} → {t}")))
        .collect();
    assert!(offending.is_empty(), "{offending:?}");
}

#[test]
fn the_checker_finds_a_planted_cycle() {
    let mut edges = BTreeMap::new();
    for (a, b) in [("core::a", "core::b"), ("core::b", "core::c"), ("core::c", "core::a"), ("ui::x", "core::a")] {
        edges.entry(a.to_string()).or_insert_with(BTreeSet::new).insert(b.to_string());
    }
    let cycle = find_cycle(&edges).expect("the planted cycle");
    assert_eq!(cycle.first(), cycle.last());
    assert_eq!(cycle.len(), 4, "{cycle:?}");
    // And the sources' paths resolve as a reader would.
    let from: Vec<String> = ["core", "session", "pacing"].map(String::from).to_vec();
    let modules: BTreeSet<Vec<String>> = [vec!["core".to_string()], vec!["core".to_string(), "protocol".to_string()]].into();
    let target = resolve(&from, &paths_in("use super::super::protocol::{Event};")[0]).expect("inside the crate");
    assert_eq!(node(&target, &modules), "core::protocol");
    assert_eq!(code_of("a();\n#[cfg(test)]\nmod tests {\n use crate::ui::x;\n}\nb();").trim(), "a();\n\nb();");
}
