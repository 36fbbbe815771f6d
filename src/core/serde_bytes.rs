//! Large buffers as one CBOR byte string on the wire between the page and
//! its worker ([`super::wire`]), rather than a CBOR item per element:
//! `#[serde(with = "serde_bytes::arc_bytes")]` for raw bytes (the MNIST file
//! sent to the session) and `#[serde(with = "serde_bytes::floats")]` for
//! `f32`s, four little-endian bytes each (a network's logits: item by item,
//! decoding a students' evaluation on MNIST, 200,000 floats, took ~40 ms of
//! the page's thread). Formats without byte strings (JSON) write numbers,
//! and both read either back.

use serde::de::{Error, Visitor};
use serde::{Deserializer, Serializer};

/// Reads a byte string (or, from a format without them, a sequence of bytes).
fn read_bytes<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
    struct Bytes;
    impl<'de> Visitor<'de> for Bytes {
        type Value = Vec<u8>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a byte string")
        }
        fn visit_bytes<E: Error>(self, v: &[u8]) -> Result<Vec<u8>, E> {
            Ok(v.to_vec())
        }
        fn visit_byte_buf<E: Error>(self, v: Vec<u8>) -> Result<Vec<u8>, E> {
            Ok(v)
        }
        fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<u8>, A::Error> {
            let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0));
            while let Some(b) = seq.next_element()? {
                out.push(b);
            }
            Ok(out)
        }
    }
    d.deserialize_byte_buf(Bytes)
}

/// An `Arc<Vec<u8>>` as one byte string.
pub mod arc_bytes {
    use std::sync::Arc;

    use serde::{Deserializer, Serializer};

    pub fn serialize<S: Serializer>(value: &Arc<Vec<u8>>, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_bytes(value)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Arc<Vec<u8>>, D::Error> {
        super::read_bytes(d).map(Arc::new)
    }
}

/// A `Vec<f32>` as one byte string, four little-endian bytes a float.
pub mod floats {
    use serde::de::Error;

    use super::{Deserializer, Serializer};

    pub fn serialize<S: Serializer>(value: &[f32], s: S) -> Result<S::Ok, S::Error> {
        let bytes: Vec<u8> = value.iter().flat_map(|x| x.to_le_bytes()).collect();
        s.serialize_bytes(&bytes)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<f32>, D::Error> {
        let bytes = super::read_bytes(d)?;
        if bytes.len() % 4 != 0 {
            return Err(D::Error::custom(format!("{} bytes are not a whole number of 4-byte floats", bytes.len())));
        }
        Ok(bytes.chunks_exact(4).map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]])).collect())
    }
}

#[cfg(test)]
mod tests {
    #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
    struct Logits(#[serde(with = "super::floats")] Vec<f32>);

    #[test]
    fn floats_go_as_one_byte_string_and_come_back_exactly() {
        let logits = Logits(vec![1.5, -0.0, f32::MIN_POSITIVE, 3.0e38, -7.25]);
        let mut cbor = vec![];
        ciborium::into_writer(&logits, &mut cbor).unwrap();
        // A byte-string header (major type 2, length 20 in its low bits) and the 20 bytes.
        assert_eq!((cbor[0], cbor.len()), (0x40 | 20, 21));
        assert_eq!(ciborium::from_reader::<Logits, _>(&cbor[..]).unwrap(), logits);
        // JSON has no byte strings: numbers, read back the same.
        let json = serde_json::to_string(&logits).unwrap();
        assert_eq!(serde_json::from_str::<Logits>(&json).unwrap(), logits);
        // A length that is no whole number of floats is refused, not cut.
        let mut odd = vec![];
        ciborium::into_writer(&serde_bytes_of(&[1, 2, 3]), &mut odd).unwrap();
        assert!(ciborium::from_reader::<Logits, _>(&odd[..]).is_err());
    }

    fn serde_bytes_of(b: &[u8]) -> ciborium::Value {
        ciborium::Value::Bytes(b.to_vec())
    }
}
