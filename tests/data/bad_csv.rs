//! The corpus of bad CSV files: each with the options it is read with and a
//! fragment of the message the page must show. Shared by the native test
//! (tests/csv_import.rs) and, as the page learns to take files, its browser
//! test. Built in code so that the large ones need not be stored.

#![allow(dead_code)]

/// One bad file: a name, its bytes, the label column asked for (`None`:
/// the last) and a fragment of the message.
pub struct BadFile {
    pub name: &'static str,
    pub bytes: Vec<u8>,
    pub label_column: Option<usize>,
    pub message: &'static str,
}

fn bad(name: &'static str, bytes: impl Into<Vec<u8>>, message: &'static str) -> BadFile {
    BadFile { name, bytes: bytes.into(), label_column: None, message }
}

/// `rows` good rows of two features and a label of `classes` classes.
fn rows(rows: usize, classes: usize) -> String {
    (0..rows).map(|i| format!("{}.5,{},c{}\n", i % 7, i % 3, i % classes)).collect()
}

pub fn corpus() -> Vec<BadFile> {
    let ten = rows(10, 2);
    vec![
        bad("empty", "", "The file is empty."),
        bad("blank lines", "\n\n   \n\r\n", "The file is empty."),
        bad("a byte-order mark alone", "\u{feff}", "The file is empty."),
        bad("header only", "a,b,label\n", "a header and no rows of data"),
        bad("one column", "x\n1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n", "one column"),
        bad("a short row", format!("a,b,label\n1,2,x\n1,2\n{ten}"), "Line 3 has 2 fields where the first line has 3."),
        bad("a long row", format!("1,2,x\n1,2,3,y\n{ten}"), "Line 2 has 4 fields where the first line has 3."),
        bad("one field where three", format!("a,b,label\n{ten}7\n"), "Line 12 has 1 field where the first line has 3."),
        bad("a word among numbers", format!("a,b,label\n1,2,x\n1,abc,y\n{ten}"), "Line 3, column 2 (b): \"abc\" is not a number."),
        bad("a word without a header", format!("1,2,x\none,2,y\n{ten}"), "Line 2, column 1: \"one\" is not a number."),
        bad("a word with its first value", format!("a,b,label\n1,2,x\n3 kg,2,y\n{ten}"), "\"3 kg\" is not a number."),
        bad("a decimal comma where commas separate", format!("a;b;label\n1;2;x\n1;2.5.1;y\n{ten}").replace(',', ";"), "\"2.5.1\" is not a number."),
        bad("an empty cell", format!("a,b,label\n,2,x\n{ten}"), "Line 2, column 1 (a) is empty: a missing value."),
        bad("NA", format!("a,b,label\n1,NA,x\n{ten}"), "Line 2, column 2 (b) holds \"NA\": a missing value."),
        bad("a question mark", format!("a,b,label\n1,2,x\n?,2,y\n{ten}"), "Line 3, column 1 (a) holds \"?\": a missing value."),
        bad("null", format!("a,b,label\n1,null,x\n{ten}"), "holds \"null\": a missing value."),
        bad("NaN", format!("a,b,label\n1,NaN,x\n{ten}"), "Line 2, column 2 (b): \"NaN\" is not a finite number."),
        bad("inf", format!("a,b,label\n1,inf,x\n{ten}"), "\"inf\" is not a finite number."),
        bad("-Infinity", format!("a,b,label\n-Infinity,1,x\n{ten}"), "\"-Infinity\" is not a finite number."),
        bad("too large for a float", format!("a,b,label\n1,1e39,x\n{ten}"), "\"1e39\" is not a finite number."),
        bad("a missing label", format!("a,b,label\n1,2,\n{ten}"), "Line 2, column 3 (label) is empty: a missing value."),
        bad("one class", "a,b,label\n".to_string() + &rows(12, 1), "Every row has the label \"c0\": at least two classes are needed."),
        bad("too many classes", "a,b,label\n".to_string() + &rows(202, 101), "101 different values, more than the 100 classes"),
        bad("too few rows", "a,b,label\n".to_string() + &rows(5, 2), "The file has 5 rows of data; at least 10"),
        bad("too many rows", rows(50_001, 3), "more than 50000 rows of data"),
        bad(
            "too many features",
            (0..12).map(|i| (0..514).map(|j| ((i + j) % 5).to_string()).collect::<Vec<_>>().join(",") + "\n").collect::<String>(),
            "513 feature columns, more than the 512",
        ),
        bad("too large", vec![b'1'; 20_000_001], "The file is 20.0 MB, more than the 20 MB this page reads."),
        bad("not UTF-8 (Latin-1)", b"a,b,label\n1,2,caf\xe9\n".to_vec(), "Line 2 is not UTF-8 text"),
        bad("a PNG image", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec(), "Line 1 is not UTF-8 text"),
        bad("a NUL byte", format!("a,b,label\n1,2,x\n1,\0,y\n{ten}"), "Line 3 is not UTF-8 text"),
        bad("UTF-16", "a,b\n".encode_utf16().flat_map(u16::to_le_bytes).collect::<Vec<u8>>(), "not UTF-8 text"),
        bad("an unclosed quote", format!("a,b,label\n1,\"2,x\n{ten}"), "Line 2 has 2 fields where the first line has 3."),
        BadFile { name: "no such label column", bytes: format!("a,b,label\n{ten}").into(), label_column: Some(5), message: "There is no column 6" },
        BadFile {
            name: "a numeric column as the label, a word as a feature",
            bytes: format!("a,b,label\n{ten}").into(),
            label_column: Some(0),
            message: "Line 2, column 3 (label): \"c0\" is not a number.",
        },
    ]
}
