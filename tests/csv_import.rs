//! A user's CSV file (src/core/table): every bad file of the corpus
//! (tests/data/bad_csv.rs) is refused with a message naming what and where;
//! good files in the shapes people have (a header or none, `,` `;` or tab,
//! quotes, a byte-order mark, CRLF, a decimal comma) are read to the same
//! numbers; any table written by the `csv` crate reads back exactly; and
//! the split is seeded and standardised on the training rows alone.

#![cfg(not(target_arch = "wasm32"))]

#[path = "data/bad_csv.rs"]
mod bad_csv;

use kd_playground::core::table::{MAX_BYTES, Problem, ReadOptions, Table, read, split};
use kd_playground::words::table::problem;
use proptest::prelude::*;

fn read_all(text: &str) -> Table {
    read(text.as_bytes(), &ReadOptions::default()).unwrap_or_else(|p| panic!("{}", problem(&p)))
}

#[test]
fn every_bad_file_in_the_corpus_is_refused_with_its_message() {
    let corpus = bad_csv::corpus();
    assert!(corpus.len() >= 30, "the corpus has {} files", corpus.len());
    for file in corpus {
        let options = ReadOptions { label_column: file.label_column };
        match read(&file.bytes, &options) {
            Ok(t) => panic!("{}: read as {} rows × {} features", file.name, t.rows(), t.features()),
            Err(p) => {
                let said = problem(&p);
                assert!(said.contains(file.message), "{}: said {said:?}, expected {:?}", file.name, file.message);
            }
        }
    }
}

#[test]
fn the_shapes_people_save_tables_in_read_to_the_same_numbers() {
    let plain = "sepal length,sepal width,species\n5.1,3.5,setosa\n4.9,3.0,setosa\n7.0,3.2,versicolor\n6.4,3.2,versicolor\n6.3,3.3,virginica\n5.8,2.7,virginica\n5.0,3.6,setosa\n6.9,3.1,versicolor\n7.1,3.0,virginica\n5.5,2.3,versicolor\n";
    let t = read_all(plain);
    assert_eq!((t.rows(), t.features(), t.classes()), (10, 2, 3));
    assert!(t.header);
    assert_eq!(t.feature_names, ["sepal length", "sepal width"]);
    assert_eq!(t.label_name, "species");
    assert_eq!(t.class_names, ["setosa", "versicolor", "virginica"]);
    assert_eq!(&t.x[..4], &[5.1, 3.5, 4.9, 3.0]);
    assert_eq!(&t.labels[..4], &[0, 0, 1, 1]);

    let variants = [
        ("semicolons", plain.replace(',', ";"), b';'),
        ("tabs", plain.replace(',', "\t"), b'\t'),
        ("CRLF", plain.replace('\n', "\r\n"), b','),
        ("a byte-order mark", format!("\u{feff}{plain}"), b','),
        ("quoted fields", plain.lines().map(|l| l.split(',').map(|c| format!("\"{c}\"")).collect::<Vec<_>>().join(",") + "\n").collect(), b','),
        ("spaces around cells", plain.replace(',', " , "), b','),
        ("a decimal comma where semicolons separate", plain.replace(',', ";").replace('.', ","), b';'),
        ("blank lines between rows", plain.replace('\n', "\n\n"), b','),
    ];
    for (name, text, separator) in variants {
        let v = read_all(&text);
        assert_eq!((v.x.as_slice(), v.labels.as_slice(), v.separator), (t.x.as_slice(), t.labels.as_slice(), separator), "{name}");
        assert_eq!(v.class_names, t.class_names, "{name}");
    }

    // A comma inside quotes is part of the cell, not a separator.
    let quoted = read_all("x,y,where\n1,2,\"Paris, France\"\n3,4,Oslo\n1,2,Oslo\n3,4,Oslo\n1,2,Oslo\n3,4,Oslo\n1,2,Oslo\n3,4,Oslo\n1,2,Oslo\n3,4,Oslo\n");
    assert_eq!(quoted.class_names, ["Oslo", "Paris, France"]);
}

#[test]
fn no_header_numeric_labels_and_a_chosen_label_column() {
    // No header: the columns are numbered; numeric labels sort by value (2 before 10).
    let text: String = (0..12).map(|i| format!("{},{}.5,{}\n", i, i * 2, [10, 2, 7][i % 3])).collect();
    let t = read_all(&text);
    assert!(!t.header);
    assert_eq!(t.feature_names, ["column 1", "column 2"]);
    assert_eq!(t.class_names, ["2", "7", "10"]);
    assert_eq!(&t.labels[..3], &[2, 0, 1]);

    // The label in the first column.
    let first: String = "kind,a,b\n".to_string() + &(0..12).map(|i| format!("{},{},{}\n", ["cat", "dog"][i % 2], i, i + 1)).collect::<String>();
    let t = read(first.as_bytes(), &ReadOptions { label_column: Some(0) }).unwrap();
    assert_eq!((t.label_name.as_str(), t.feature_names.clone()), ("kind", vec!["a".to_string(), "b".into()]));
    assert_eq!(&t.x[..4], &[0.0, 1.0, 1.0, 2.0]);
    assert_eq!(t.class_names, ["cat", "dog"]);
}

#[test]
fn the_limits_are_inclusive() {
    let ok = |text: String| read(text.as_bytes(), &ReadOptions::default()).map(|t| (t.rows(), t.features(), t.classes()));
    let rows = |n: usize, classes: usize| (0..n).map(|i| format!("{},1,{}\n", i % 9, i % classes)).collect::<String>();
    assert_eq!(ok(rows(10, 2)), Ok((10, 2, 2)));
    assert_eq!(ok(rows(50_000, 100)), Ok((50_000, 2, 100)));
    let wide = (0..10).map(|i| (0..512).map(|j| ((i * j) % 4).to_string()).collect::<Vec<_>>().join(",") + &format!(",{}\n", i % 2)).collect::<String>();
    assert_eq!(ok(wide).map(|r| r.1), Ok(512));
    assert!(matches!(read(&vec![b' '; MAX_BYTES + 1], &ReadOptions::default()), Err(Problem::TooLarge { .. })));
}

#[test]
fn the_split_is_seeded_and_standardised_on_the_training_rows() {
    let text: String = "a,b,c,label\n".to_string() + &(0..40).map(|i| format!("{},{},7,{}\n", i, (i * i) % 13, i % 2)).collect::<String>();
    let t = read_all(&text);
    let s = split(&t, 0.25, 3);
    assert_eq!((s.train.len(), s.test.len()), (30, 10));
    assert_eq!(s, split(&t, 0.25, 3), "a seed gives the same split");
    assert_ne!(s.test.y.len(), 0);
    assert_ne!(split(&t, 0.25, 4).test.x, s.test.x, "another seed, other rows");
    for j in 0..3 {
        let column: Vec<f32> = (0..s.train.len()).map(|i| s.train.row(i)[j]).collect();
        let mean = column.iter().sum::<f32>() / column.len() as f32;
        let var = column.iter().map(|v| (v - mean).powi(2)).sum::<f32>() / column.len() as f32;
        assert!(mean.abs() < 1e-5, "feature {j}: mean {mean}");
        // The constant third column stays 0 instead of dividing by 0.
        let want = if j == 2 { 0.0 } else { 1.0 };
        assert!((var - want).abs() < 1e-4, "feature {j}: variance {var}");
    }
    // The test rows are scaled with the training statistics: an original value comes back.
    let test_row = s.test.row(0);
    let original: Vec<f32> = (0..3).map(|j| test_row[j] * s.scale[j] + s.mean[j]).collect();
    assert!(t.x.chunks(3).any(|r| r.iter().zip(&original).all(|(a, b)| (a - b).abs() < 1e-3)), "{original:?}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    /// Any table the csv crate writes — any separator, quoted or not, with
    /// or without a header, a byte-order mark or CRLF — reads back to the
    /// same numbers and labels.
    #[test]
    fn any_written_table_reads_back_exactly(
        values in prop::collection::vec(prop::collection::vec(-1.0e6f32..1.0e6, 3), 10..40),
        labels in prop::collection::vec(0usize..4, 40),
        separator in prop::sample::select(vec![b',', b';', b'\t']),
        quote_all in any::<bool>(),
        header in any::<bool>(),
        bom in any::<bool>(),
        crlf in any::<bool>(),
    ) {
        let names = ["cat", "dog, big", "eel \"x\"", "fox"];
        let labels: Vec<usize> = labels[..values.len()].to_vec();
        prop_assume!(labels.iter().any(|&l| l != labels[0]));
        let mut writer = csv::WriterBuilder::new()
            .delimiter(separator)
            .quote_style(if quote_all { csv::QuoteStyle::Always } else { csv::QuoteStyle::Necessary })
            .terminator(if crlf { csv::Terminator::CRLF } else { csv::Terminator::Any(b'\n') })
            .from_writer(if bom { "\u{feff}".as_bytes().to_vec() } else { vec![] });
        if header {
            writer.write_record(["width", "height; cm", "depth", "animal"]).unwrap();
        }
        for (row, &label) in values.iter().zip(&labels) {
            let mut cells: Vec<String> = row.iter().map(|v| v.to_string()).collect();
            cells.push(names[label].to_string());
            writer.write_record(&cells).unwrap();
        }
        let bytes = writer.into_inner().unwrap();
        let t = read(&bytes, &ReadOptions::default()).map_err(|p| TestCaseError::fail(problem(&p)))?;
        prop_assert_eq!(t.header, header);
        prop_assert_eq!(t.separator, separator);
        prop_assert_eq!(t.x, values.concat());
        let read_names: Vec<&str> = t.labels.iter().map(|&l| t.class_names[l].as_str()).collect();
        let written: Vec<&str> = labels.iter().map(|&l| names[l]).collect();
        prop_assert_eq!(read_names, written);
    }
}
