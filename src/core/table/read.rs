//! CSV bytes to a [`Table`]: the separator and the header found, every
//! feature cell a finite number, one label per row, within the limits —
//! or the first [`Problem`], with its line and column.

use std::collections::{BTreeSet, HashMap};

use csv::{ReaderBuilder, StringRecord, Trim};

use super::{Cell, MAX_BYTES, MAX_CLASSES, MAX_FEATURES, MAX_ROWS, MIN_CLASSES, MIN_ROWS, Problem, Table};

/// What the user chose about a file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReadOptions {
    /// The label column, from 0; `None`: the last.
    pub label_column: Option<usize>,
}

/// The separators tried, in order of preference on a tie.
const SEPARATORS: [u8; 3] = [b',', b';', b'\t'];
/// Records read to choose the separator.
const SNIFF_RECORDS: usize = 20;
/// Cells that mark a missing value (compared without case).
const MISSING: [&str; 6] = ["na", "n/a", "?", "null", "none", "missing"];

/// Reads a CSV file's bytes (UTF-8, with or without a byte-order mark).
pub fn read(bytes: &[u8], options: &ReadOptions) -> Result<Table, Problem> {
    if bytes.len() > MAX_BYTES {
        return Err(Problem::TooLarge { bytes: bytes.len() });
    }
    let text = text_of(bytes)?;
    if text.trim().is_empty() {
        return Err(Problem::Empty);
    }
    let separator = separator_of(text);
    let records = records(text, separator)?;
    let Some((_, first)) = records.first() else { return Err(Problem::Empty) };
    let columns = first.len();
    if columns < 2 {
        return Err(Problem::OneColumn);
    }
    if columns - 1 > MAX_FEATURES {
        return Err(Problem::TooManyFeatures { features: columns - 1 });
    }
    let label = options.label_column.unwrap_or(columns - 1);
    if label >= columns {
        return Err(Problem::NoSuchLabelColumn { column: label, columns });
    }
    let features: Vec<usize> = (0..columns).filter(|&c| c != label).collect();
    let header = features.iter().any(|&c| is_word(&first[c]));
    let names: Vec<String> = (0..columns).map(|c| if header && !first[c].is_empty() { first[c].to_string() } else { format!("column {}", c + 1) }).collect();
    let data = &records[usize::from(header)..];
    if data.is_empty() {
        return Err(if header { Problem::HeaderOnly } else { Problem::Empty });
    }
    if data.len() > MAX_ROWS {
        return Err(Problem::TooManyRows { limit: MAX_ROWS });
    }
    let cell = |line: u64, column: usize| Cell { line, column: column + 1, name: header.then(|| names[column].clone()) };
    let mut x = Vec::with_capacity(data.len() * features.len());
    let mut label_text = Vec::with_capacity(data.len());
    for (line, record) in data {
        if record.len() != columns {
            return Err(Problem::Ragged { line: *line, fields: record.len(), expected: columns });
        }
        for &c in &features {
            let value = &record[c];
            match number(value, separator) {
                Ok(v) => x.push(v),
                Err(bad) => return Err(bad.at(cell(*line, c), value)),
            }
        }
        let value = &record[label];
        if is_missing(value) {
            return Err(Problem::Missing { cell: cell(*line, label), value: value.to_string() });
        }
        label_text.push(value.to_string());
    }
    if data.len() < MIN_ROWS {
        return Err(Problem::TooFewRows { rows: data.len() });
    }
    let class_names = classes_of(&label_text);
    if class_names.len() < MIN_CLASSES {
        return Err(Problem::OneClass { label: class_names[0].clone() });
    }
    if class_names.len() > MAX_CLASSES {
        return Err(Problem::TooManyClasses { classes: class_names.len() });
    }
    let index: HashMap<&str, usize> = class_names.iter().enumerate().map(|(i, c)| (c.as_str(), i)).collect();
    let labels = label_text.iter().map(|l| index[l.as_str()]).collect();
    Ok(Table {
        feature_names: features.iter().map(|&c| names[c].clone()).collect(),
        label_name: names[label].clone(),
        class_names,
        x,
        labels,
        separator,
        header,
    })
}

/// The text of `bytes`, without a byte-order mark; refused where it is not
/// UTF-8 or holds a NUL (a binary file).
fn text_of(bytes: &[u8]) -> Result<&str, Problem> {
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    let line_at = |offset: usize| bytes[..offset].iter().filter(|&&b| b == b'\n').count() as u64 + 1;
    let text = std::str::from_utf8(bytes).map_err(|e| Problem::NotText { line: line_at(e.valid_up_to()) })?;
    match text.find('\0') {
        Some(at) => Err(Problem::NotText { line: line_at(at) }),
        None => Ok(text),
    }
}

/// The separator that splits the first records into the same number of
/// fields, the most fields winning; where none does, the one that gives the
/// first record the most (so the file's own error shows).
fn separator_of(text: &str) -> u8 {
    let counts = |sep: u8| -> Vec<usize> { reader(text, sep).records().take(SNIFF_RECORDS).map_while(Result::ok).map(|r| r.len()).collect() };
    let scored = SEPARATORS.map(|sep| {
        let c = counts(sep);
        let first = c.first().copied().unwrap_or(0);
        (c.iter().all(|&n| n == first) && first > 1, first, sep)
    });
    // Highest (consistent, fields); the earlier separator on a tie.
    let best = scored.iter().enumerate().max_by_key(|(i, (consistent, fields, _))| (*consistent, *fields, usize::MAX - i)).map(|(_, s)| s.2);
    best.unwrap_or(b',')
}

fn reader(text: &str, separator: u8) -> csv::Reader<&[u8]> {
    ReaderBuilder::new().has_headers(false).flexible(true).trim(Trim::All).delimiter(separator).from_reader(text.as_bytes())
}

/// Every record with the line it starts on; stops once there are more than
/// the header and [`MAX_ROWS`] could hold.
fn records(text: &str, separator: u8) -> Result<Vec<(u64, StringRecord)>, Problem> {
    let mut out = vec![];
    for record in reader(text, separator).records() {
        let record = record.map_err(|e| Problem::Unreadable { line: e.position().map_or(0, |p| p.line()), why: e.to_string() })?;
        let line = record.position().map_or(0, |p| p.line());
        out.push((line, record));
        if out.len() > MAX_ROWS + 1 {
            break;
        }
    }
    Ok(out)
}

/// A cell that a header has and data has not: not a number, nor empty, nor a missing-value marker.
fn is_word(cell: &str) -> bool {
    !is_missing(cell) && cell.parse::<f32>().is_err() && !is_decimal_comma(cell)
}

fn is_missing(cell: &str) -> bool {
    cell.is_empty() || MISSING.iter().any(|m| cell.eq_ignore_ascii_case(m))
}

/// "1,5" where `;` separates: a decimal comma.
fn is_decimal_comma(cell: &str) -> bool {
    cell.contains(',') && !cell.contains('.') && cell.replace(',', ".").parse::<f32>().is_ok()
}

/// What can be wrong with a feature cell.
enum Bad {
    Missing,
    NotFinite,
    NotANumber,
}

impl Bad {
    fn at(self, cell: Cell, value: &str) -> Problem {
        let value = value.to_string();
        match self {
            Bad::Missing => Problem::Missing { cell, value },
            Bad::NotFinite => Problem::NotFinite { cell, value },
            Bad::NotANumber => Problem::NotANumber { cell, value },
        }
    }
}

/// A feature cell's value, or what is wrong with it.
fn number(cell: &str, separator: u8) -> Result<f32, Bad> {
    if is_missing(cell) {
        return Err(Bad::Missing);
    }
    let comma = || (separator != b',' && is_decimal_comma(cell)).then(|| cell.replace(',', ".").parse::<f32>().ok()).flatten();
    match cell.parse::<f32>().ok().or_else(comma) {
        Some(v) if v.is_finite() => Ok(v),
        Some(_) => Err(Bad::NotFinite),
        None => Err(Bad::NotANumber),
    }
}

/// The distinct labels, by value where every one is a number, else alphabetically.
fn classes_of(labels: &[String]) -> Vec<String> {
    let distinct: BTreeSet<&str> = labels.iter().map(String::as_str).collect();
    let numeric = |s: &str| s.parse::<f64>().ok().filter(|v| v.is_finite());
    let mut classes: Vec<&str> = distinct.into_iter().collect();
    if classes.iter().all(|c| numeric(c).is_some()) {
        classes.sort_by(|a, b| numeric(a).unwrap().total_cmp(&numeric(b).unwrap()).then_with(|| a.cmp(b)));
    }
    classes.into_iter().map(String::from).collect()
}
