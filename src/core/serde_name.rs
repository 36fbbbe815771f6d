//! An enum's name as serde spells it, as a `&'static str`.
//!
//! The names of datasets, strategies, backends and experiments appear in
//! links, stored settings, `<select>` values and on the command line. They
//! are written once, in the enum's `#[serde(rename_all = …)]`; `name()`
//! reads them back through [`serde_name`], a serializer that accepts only a
//! unit variant and returns the variant's name, so no `match` repeats them.

use std::fmt;

use serde::Serialize;
use serde::ser::{self, Impossible, Serializer};

/// The name serde writes for `value`, a unit variant (`DatasetKind::Moons`
/// → `"moons"`). Panics for anything else: only unit enums call it.
pub fn serde_name<T: Serialize>(value: &T) -> &'static str {
    value.serialize(VariantName).expect("serde_name is for unit enum variants")
}

/// The serializer behind [`serde_name`]: every method but
/// `serialize_unit_variant` refuses.
struct VariantName;

#[derive(Debug)]
struct NotAUnitVariant;

impl fmt::Display for NotAUnitVariant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not a unit enum variant")
    }
}

impl std::error::Error for NotAUnitVariant {}

impl ser::Error for NotAUnitVariant {
    fn custom<T: fmt::Display>(_: T) -> Self {
        NotAUnitVariant
    }
}

type Refused = Impossible<&'static str, NotAUnitVariant>;

/// Methods of [`Serializer`] that only say no.
macro_rules! refuse {
    ($($method:ident($($arg:ty),*) -> $ret:ty;)*) => {
        $(fn $method(self, $(_: $arg),*) -> Result<$ret, NotAUnitVariant> { Err(NotAUnitVariant) })*
    };
}

impl Serializer for VariantName {
    type Ok = &'static str;
    type Error = NotAUnitVariant;
    type SerializeSeq = Refused;
    type SerializeTuple = Refused;
    type SerializeTupleStruct = Refused;
    type SerializeTupleVariant = Refused;
    type SerializeMap = Refused;
    type SerializeStruct = Refused;
    type SerializeStructVariant = Refused;

    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Result<&'static str, NotAUnitVariant> {
        Ok(variant)
    }

    refuse! {
        serialize_bool(bool) -> &'static str;
        serialize_i8(i8) -> &'static str;
        serialize_i16(i16) -> &'static str;
        serialize_i32(i32) -> &'static str;
        serialize_i64(i64) -> &'static str;
        serialize_u8(u8) -> &'static str;
        serialize_u16(u16) -> &'static str;
        serialize_u32(u32) -> &'static str;
        serialize_u64(u64) -> &'static str;
        serialize_f32(f32) -> &'static str;
        serialize_f64(f64) -> &'static str;
        serialize_char(char) -> &'static str;
        serialize_str(&str) -> &'static str;
        serialize_bytes(&[u8]) -> &'static str;
        serialize_none() -> &'static str;
        serialize_unit() -> &'static str;
        serialize_unit_struct(&'static str) -> &'static str;
        serialize_seq(Option<usize>) -> Refused;
        serialize_tuple(usize) -> Refused;
        serialize_tuple_struct(&'static str, usize) -> Refused;
        serialize_tuple_variant(&'static str, u32, &'static str, usize) -> Refused;
        serialize_map(Option<usize>) -> Refused;
        serialize_struct(&'static str, usize) -> Refused;
        serialize_struct_variant(&'static str, u32, &'static str, usize) -> Refused;
    }

    fn serialize_some<T: ?Sized + Serialize>(self, _: &T) -> Result<&'static str, NotAUnitVariant> {
        Err(NotAUnitVariant)
    }

    fn serialize_newtype_struct<T: ?Sized + Serialize>(self, _: &'static str, _: &T) -> Result<&'static str, NotAUnitVariant> {
        Err(NotAUnitVariant)
    }

    fn serialize_newtype_variant<T: ?Sized + Serialize>(self, _: &'static str, _: u32, _: &'static str, _: &T) -> Result<&'static str, NotAUnitVariant> {
        Err(NotAUnitVariant)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::config::BackendPreference;
    use crate::core::dataset::DatasetKind;
    use crate::core::experiments::ExperimentKind;
    use crate::core::strategy_config::StrategyKind;

    /// Each name is the one serde_json writes, and reads back to its variant.
    fn check<T: Serialize + serde::de::DeserializeOwned + PartialEq + fmt::Debug + Copy>(
        all: &[T],
        name: fn(T) -> &'static str,
        from_name: fn(&str) -> Option<T>,
    ) {
        for &k in all {
            assert_eq!(serde_json::to_value(k).unwrap(), serde_json::Value::String(name(k).into()), "{k:?}");
            assert_eq!(serde_json::from_value::<T>(serde_json::Value::String(name(k).into())).unwrap(), k);
            assert_eq!(from_name(name(k)), Some(k));
        }
        assert_eq!(from_name("no-such-name"), None);
    }

    #[test]
    fn every_name_is_the_one_serde_writes() {
        check(&DatasetKind::ALL, DatasetKind::name, DatasetKind::from_name);
        check(&StrategyKind::ALL, StrategyKind::name, StrategyKind::from_name);
        check(&ExperimentKind::ALL, ExperimentKind::name, ExperimentKind::from_name);
        check(&BackendPreference::ALL, BackendPreference::name, BackendPreference::from_name);
        assert_eq!((DatasetKind::Xor.name(), StrategyKind::EarlyExits.name(), BackendPreference::WebGpu.name()), ("xor", "early-exits", "webgpu"));
    }

    #[test]
    fn anything_but_a_unit_variant_is_refused() {
        assert!(3u8.serialize(VariantName).is_err() && "moons".serialize(VariantName).is_err());
    }
}
