//! The tables this instance can draw datasets from: the two examples the
//! page ships (Iris and Wine, embedded: 15 KB) and the files the user gave
//! it. Datasets are pure functions of their spec, and a spec names a table
//! only by its fingerprint ([`TableRef`]), so the bytes live here: the page
//! installs a file when it is chosen and sends the same bytes to the
//! training worker, which installs them in its own instance.
//!
//! A file is read again for each label column asked of it; the last few
//! tables read are kept, so redrawing a split does not parse the file again.

use std::sync::{Arc, Mutex};

use super::fingerprint::{TableRef, hash_of};
use super::{Problem, ReadOptions, Table, read};

/// A table shipped with the page, for people without a file at hand.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Example {
    /// The menu's name and the file's.
    pub file: &'static str,
    pub bytes: &'static [u8],
    /// Where it comes from and its licence, as the page says it.
    pub source: &'static str,
}

/// Fisher's Iris (UCI, CC BY 4.0) and the UCI Wine recognition data (CC BY
/// 4.0), as scikit-learn ships them (BSD-3-Clause); README.md, "Data and
/// licences".
pub const EXAMPLES: [Example; 2] = [
    Example {
        file: "iris.csv",
        bytes: include_bytes!("../../../assets/iris.csv"),
        source: "Fisher's Iris flowers: 150 rows, 4 measurements, 3 species (R. A. Fisher 1936; UCI, CC BY 4.0)",
    },
    Example {
        file: "wine.csv",
        bytes: include_bytes!("../../../assets/wine.csv"),
        source: "Wine recognition: 178 wines, 13 chemical measurements, 3 cultivars (Forina et al.; UCI, CC BY 4.0)",
    },
];

/// The shipped example whose file hashes to `hash` (the hashes are taken
/// once: every lookup of a table asks this).
pub fn example_of(hash: &str) -> Option<&'static Example> {
    static HASHES: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    let hashes = HASHES.get_or_init(|| EXAMPLES.iter().map(|e| hash_of(e.bytes)).collect());
    hashes.iter().position(|h| h == hash).map(|i| &EXAMPLES[i])
}

/// Files given in this instance, newest last; the oldest goes beyond this many.
const FILES_KEPT: usize = 4;
/// Tables read, newest last.
const TABLES_KEPT: usize = 4;

struct Store {
    /// (hash, bytes) of the files given.
    files: Vec<(String, Arc<Vec<u8>>)>,
    /// ((hash, label column), table) of the files read.
    tables: Vec<((String, usize), Arc<Table>)>,
}

static STORE: Mutex<Store> = Mutex::new(Store { files: vec![], tables: vec![] });

fn store() -> std::sync::MutexGuard<'static, Store> {
    // Nothing panics while holding the lock; a poisoned one is still sound.
    STORE.lock().unwrap_or_else(|e| e.into_inner())
}

/// Reads `bytes` (a file called `name`) with `label_column` (`None`: the
/// last); where it reads, keeps it and returns its fingerprint and table.
/// A refused file is not kept, and nothing installed before changes.
pub fn install(name: &str, bytes: Arc<Vec<u8>>, label_column: Option<usize>) -> Result<(TableRef, Arc<Table>), Problem> {
    let table = Arc::new(read(&bytes, &ReadOptions { label_column })?);
    let hash = hash_of(&bytes);
    let columns = table.features() + 1;
    let label = label_column.unwrap_or(columns - 1);
    let r = TableRef { name: name.to_string(), hash: hash.clone(), rows: table.rows(), columns, label, classes: table.classes() };
    let shipped = example_of(&hash).is_some();
    let mut s = store();
    if !shipped {
        s.files.retain(|(h, _)| *h != hash);
        s.files.push((hash.clone(), bytes));
        let extra = s.files.len().saturating_sub(FILES_KEPT);
        s.files.drain(..extra);
    }
    keep_table(&mut s, (hash, label), table.clone());
    Ok((r, table))
}

/// Keeps the bytes of a file the page already read (the worker's side of
/// [`install`]): read on first use.
pub fn provide(bytes: Arc<Vec<u8>>) {
    let hash = hash_of(&bytes);
    let mut s = store();
    if !s.files.iter().any(|(h, _)| *h == hash) {
        s.files.push((hash, bytes));
        let extra = s.files.len().saturating_sub(FILES_KEPT);
        s.files.drain(..extra);
    }
}

fn keep_table(s: &mut Store, key: (String, usize), table: Arc<Table>) {
    s.tables.retain(|(k, _)| *k != key);
    s.tables.push((key, table));
    let extra = s.tables.len().saturating_sub(TABLES_KEPT);
    s.tables.drain(..extra);
}

/// The example shipped as `file`, with its fingerprint.
pub fn example(file: &str) -> Option<(TableRef, Arc<Table>)> {
    let e = EXAMPLES.iter().find(|e| e.file == file)?;
    install(e.file, Arc::new(e.bytes.to_vec()), None).ok()
}

/// The bytes of the file `r` names, where it is here.
pub fn bytes(r: &TableRef) -> Option<Arc<Vec<u8>>> {
    match example_of(&r.hash) {
        Some(e) => Some(Arc::new(e.bytes.to_vec())),
        None => store().files.iter().find(|(h, _)| *h == r.hash).map(|(_, b)| b.clone()),
    }
}

/// Whether the file `r` names is here (an example, or a file given).
pub fn has(r: &TableRef) -> bool {
    example_of(&r.hash).is_some() || store().files.iter().any(|(h, _)| *h == r.hash)
}

/// The table `r` names, read with its label column; `None` where the file
/// is not here or no longer reads that way.
pub fn table(r: &TableRef) -> Option<Arc<Table>> {
    let key = (r.hash.clone(), r.label);
    if let Some((_, t)) = store().tables.iter().find(|(k, _)| *k == key) {
        return Some(t.clone());
    }
    let bytes = bytes(r)?;
    let table = Arc::new(read(&bytes, &ReadOptions { label_column: Some(r.label) }).ok()?);
    keep_table(&mut store(), key, table.clone());
    Some(table)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_examples_read_as_their_sources_say() {
        let (iris, t) = example("iris.csv").expect("iris reads");
        assert_eq!((iris.rows, iris.columns, iris.label, iris.classes), (150, 5, 4, 3));
        assert_eq!(t.class_names, ["setosa", "versicolor", "virginica"]);
        let (wine, t) = example("wine.csv").expect("wine reads");
        assert_eq!((wine.rows, wine.columns, wine.classes), (178, 14, 3));
        assert_eq!(t.class_names, ["1", "2", "3"]);
        assert!(has(&iris) && has(&wine));
        assert_eq!(table(&iris).expect("found by its hash").rows(), 150);
    }

    #[test]
    fn a_file_is_found_by_its_hash_and_read_again_for_another_label_column() {
        let text = "a,b,c\n".to_string() + &(0..12).map(|i| format!("{i},{},{}\n", i % 3, i % 2)).collect::<String>();
        let (r, t) = install("mine.csv", Arc::new(text.into_bytes()), None).expect("reads");
        assert_eq!((r.rows, r.columns, r.label, r.classes, t.classes()), (12, 3, 2, 2, 2));
        let other = TableRef { label: 1, ..r.clone() };
        let t1 = table(&other).expect("read again with column b as the label");
        assert_eq!((t1.classes(), t1.label_name.as_str()), (3, "b"));
        let unknown = TableRef { hash: "0000000000000000".into(), ..r };
        assert!(!has(&unknown) && table(&unknown).is_none());
    }

    #[test]
    fn a_refused_file_changes_nothing() {
        let (r, _) = example("iris.csv").unwrap();
        assert!(install("bad.csv", Arc::new(b"".to_vec()), None).is_err());
        assert!(has(&r));
    }
}
