//! What the page says about a CSV file it refused ([`Problem`]): each
//! message names the line and column (and the column's name where the file
//! has a header) and what was found there, and says that nothing changed
//! is the caller's part.

use crate::core::table::{Cell, MAX_BYTES, MAX_CLASSES, MAX_FEATURES, MIN_ROWS, Problem};

/// "Line 4, column 2 (petal length)".
fn place(cell: &Cell) -> String {
    match &cell.name {
        Some(name) => format!("Line {}, column {} ({name})", cell.line, cell.column),
        None => format!("Line {}, column {}", cell.line, cell.column),
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The refusal in one or two sentences.
pub fn problem(p: &Problem) -> String {
    match p {
        Problem::TooLarge { bytes } => {
            format!("The file is {:.1} MB, more than the {} MB this page reads.", *bytes as f64 / 1e6, MAX_BYTES / 1_000_000)
        }
        Problem::NotText { line } => format!("Line {line} is not UTF-8 text: is this a CSV file?"),
        Problem::Empty => "The file is empty.".into(),
        Problem::HeaderOnly => "The file has a header and no rows of data.".into(),
        Problem::OneColumn => "The file has one column: a table needs at least one feature column beside the label.".into(),
        Problem::Ragged { line, fields, expected } => {
            format!("Line {line} has {} where the first line has {expected}.", plural(*fields, "field", "fields"))
        }
        Problem::NotANumber { cell, value } => format!("{}: \"{value}\" is not a number.", place(cell)),
        Problem::Missing { cell, value } if value.is_empty() => format!("{} is empty: a missing value. Fill it in or remove the row.", place(cell)),
        Problem::Missing { cell, value } => format!("{} holds \"{value}\": a missing value. Fill it in or remove the row.", place(cell)),
        Problem::NotFinite { cell, value } => format!("{}: \"{value}\" is not a finite number.", place(cell)),
        Problem::Unreadable { line, why } => format!("Line {line} cannot be read as CSV: {why}."),
        Problem::NoSuchLabelColumn { column, columns } => {
            format!("There is no column {} to take the labels from: the file has {}.", column + 1, plural(*columns, "column", "columns"))
        }
        Problem::TooManyRows { limit } => format!("The file has more than {limit} rows of data, the most this page reads."),
        Problem::TooFewRows { rows } => {
            format!("The file has {}; at least {MIN_ROWS} are needed for a training and a test split.", plural(*rows, "row of data", "rows of data"))
        }
        Problem::TooManyFeatures { features } => format!("The file has {features} feature columns, more than the {MAX_FEATURES} this page reads."),
        Problem::OneClass { label } => format!("Every row has the label \"{label}\": at least two classes are needed."),
        Problem::TooManyClasses { classes } => {
            format!("The label column has {classes} different values, more than the {MAX_CLASSES} classes this page reads. Is the label column the right one?")
        }
    }
}
