//! What a link and the stored settings keep of a user's table: never the
//! data (a link cannot hold a file, and the file stays in the page), only
//! its fingerprint — name, size and a hash of its bytes — and the label
//! column chosen, so that a reload can ask for the same file again and tell
//! it from another.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// A table as the settings name it. `hash` decides which file it is; the
/// counts say it in words when the file must be chosen again.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableRef {
    /// The file's name as it was chosen (for messages only).
    pub name: String,
    /// The first 16 hex digits of the SHA-256 of the file's bytes.
    pub hash: String,
    /// Data rows (the header not counted).
    pub rows: usize,
    /// Columns, the label's included.
    pub columns: usize,
    /// The label column, from 0.
    pub label: usize,
    /// Distinct labels in that column.
    pub classes: usize,
}

impl TableRef {
    /// Feature columns: every column but the label's.
    pub fn features(&self) -> usize {
        self.columns.saturating_sub(1)
    }

    /// Whether it could name a table this page reads (a hand-edited link
    /// may say anything).
    pub fn is_plausible(&self) -> bool {
        use super::{MAX_CLASSES, MAX_FEATURES, MAX_ROWS, MIN_CLASSES, MIN_ROWS};
        self.hash.len() == 16
            && self.hash.bytes().all(|b| b.is_ascii_hexdigit())
            && (MIN_ROWS..=MAX_ROWS).contains(&self.rows)
            && (2..=MAX_FEATURES + 1).contains(&self.columns)
            && self.label < self.columns
            && (MIN_CLASSES..=MAX_CLASSES).contains(&self.classes)
    }

    /// "iris.csv (150 rows, 5 columns, SHA-256 1f2e…)".
    pub fn describe(&self) -> String {
        format!("“{}” ({} rows, {} columns, SHA-256 {}…)", self.name, self.rows, self.columns, &self.hash[..self.hash.len().min(8)])
    }
}

/// The hash a [`TableRef`] keeps of `bytes`.
pub fn hash_of(bytes: &[u8]) -> String {
    Sha256::digest(bytes)[..8].iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hash_is_sha256s_first_eight_bytes() {
        // SHA-256("abc") = ba7816bf 8f01cfea 414140de …
        assert_eq!(hash_of(b"abc"), "ba7816bf8f01cfea");
        assert_ne!(hash_of(b"abc\n"), hash_of(b"abc"));
    }
}
