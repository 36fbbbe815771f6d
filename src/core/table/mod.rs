//! A user's own table: a CSV file read in the page (never uploaded) into
//! numeric feature columns and one label column, within stated limits, then
//! split and standardised like every other dataset of the page — so a
//! person can bring their data and see whether a small student learns it
//! better from a teacher than from the labels.
//!
//! [`read`] turns the file's bytes into a [`Table`] or names the first thing
//! wrong with it (its line and column: [`Problem`]; `words::table` says it
//! in English). [`installed`] keeps the files given (and the two shipped
//! examples) under their fingerprint, [`TableRef`], which is all a link
//! holds of them. [`split`] makes the seeded train/test split, standardised
//! with the training rows' statistics. Parsing is the `csv` crate's (quoted
//! fields, any of the three separators), not a hand-written splitter.

mod fingerprint;
pub mod installed;
mod read;
mod split;

pub use fingerprint::{TableRef, hash_of};
pub use installed::EXAMPLES;
pub use read::{ReadOptions, read};
pub use split::{Split, Standardisation, split};

use serde::{Deserialize, Serialize};

/// The largest file read (20 MB).
pub const MAX_BYTES: usize = 20_000_000;
/// The most data rows (the header, if any, not counted).
pub const MAX_ROWS: usize = 50_000;
/// The fewest data rows: enough for a training and a test split.
pub const MIN_ROWS: usize = 10;
/// The most feature columns.
pub const MAX_FEATURES: usize = 512;
/// The fewest and the most classes in the label column.
pub const MIN_CLASSES: usize = 2;
pub const MAX_CLASSES: usize = 100;

/// A table read from a CSV file: row-major features and one class per row.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// The feature columns' names (the header's, or "column 1", … without one).
    pub feature_names: Vec<String>,
    /// The label column's name.
    pub label_name: String,
    /// The class names, in the order of their indices in `labels`: sorted by
    /// value where every label is a number, else alphabetically.
    pub class_names: Vec<String>,
    /// `rows × features` values, row by row.
    pub x: Vec<f32>,
    /// Each row's class, an index into `class_names`.
    pub labels: Vec<usize>,
    /// The separator found: `,`, `;` or a tab.
    pub separator: u8,
    /// Whether the first line was a header.
    pub header: bool,
}

impl Table {
    pub fn rows(&self) -> usize {
        self.labels.len()
    }

    pub fn features(&self) -> usize {
        self.feature_names.len()
    }

    pub fn classes(&self) -> usize {
        self.class_names.len()
    }
}

/// Where in the file a problem is: its line (from 1, as an editor counts)
/// and column (from 1, separators counted), with the column's name when the
/// file has a header.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cell {
    pub line: u64,
    pub column: usize,
    pub name: Option<String>,
}

/// Why a file was refused. Nothing is read from a refused file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Problem {
    /// Larger than [`MAX_BYTES`].
    TooLarge {
        bytes: usize,
    },
    /// Not UTF-8 text (a binary file, or another encoding): the line where
    /// the first byte that is not is.
    NotText {
        line: u64,
    },
    /// No bytes, or only blank lines.
    Empty,
    /// A header and no data rows.
    HeaderOnly,
    /// Only one column: there are no features beside the label.
    OneColumn,
    /// A row with another number of fields than the first.
    Ragged {
        line: u64,
        fields: usize,
        expected: usize,
    },
    /// A feature cell that is not a number.
    NotANumber {
        cell: Cell,
        value: String,
    },
    /// An empty cell, or one of the usual markers of a missing value (NA, ?).
    Missing {
        cell: Cell,
        value: String,
    },
    /// NaN or an infinity in a feature cell.
    NotFinite {
        cell: Cell,
        value: String,
    },
    /// The CSV itself could not be read (the `csv` crate's reason).
    Unreadable {
        line: u64,
        why: String,
    },
    /// The label column asked for is not in the file.
    NoSuchLabelColumn {
        column: usize,
        columns: usize,
    },
    TooManyRows {
        limit: usize,
    },
    TooFewRows {
        rows: usize,
    },
    TooManyFeatures {
        features: usize,
    },
    /// Fewer than [`MIN_CLASSES`] distinct labels.
    OneClass {
        label: String,
    },
    TooManyClasses {
        classes: usize,
    },
}
