//! `#[serde(with = "arc_serde")]` for the `Arc`s in [`super::Event`]: the
//! value itself crosses the boundary (serde's `rc` feature would do the
//! same, at the cost of rebuilding every crate that uses serde).

use std::sync::Arc;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

pub fn serialize<T: Serialize, S: Serializer>(value: &Arc<T>, s: S) -> Result<S::Ok, S::Error> {
    T::serialize(value, s)
}

pub fn deserialize<'de, T: Deserialize<'de>, D: Deserializer<'de>>(d: D) -> Result<Arc<T>, D::Error> {
    T::deserialize(d).map(Arc::new)
}
