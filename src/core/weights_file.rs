//! Trained weights as one downloadable file: a small header naming the
//! config and each model's shape, then each model in burn's own record
//! format (burnpack, from `Module::into_record`).
//!
//! Layout: the 8-byte magic `KDWEIGHT`, a little-endian u32 header length,
//! the header (JSON), then the models' burnpack blobs one after another.
//! Reading checks everything before anything is used — size, magic, header,
//! that each model's shape fits the page's current config, and burn's own
//! validation of each blob — and refuses the whole file with a message
//! otherwise, so a bad file changes nothing. Reading and writing are burn
//! code (the `engine` feature); the page's UI-only module knows the limits.

pub use super::model::NamedWeights;

// The engine's half (burn, training): not in the page's UI-only module.
#[cfg(feature = "engine")]
use {
    super::config::PlaygroundConfig,
    super::model::{ConvLayer, NetSpec, NetWeights},
    super::net::Net,
    super::share,
    burn::module::Module,
    burn::prelude::*,
    burn::store::ModuleRecord,
    burn::tensor::Bytes,
    serde::{Deserialize, Serialize},
};

pub const MAGIC: &[u8; 8] = b"KDWEIGHT";
pub const FORMAT_VERSION: u32 = 1;
/// The largest file read: three of the largest networks the page allows
/// (64-512×6-10, 5.3 MB each) fit with room to spare.
pub const MAX_FILE_BYTES: usize = 32 << 20;
#[cfg(feature = "engine")]
const MAX_HEADER_BYTES: usize = 64 << 10;

#[cfg(feature = "engine")]
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Header {
    format: String,
    version: u32,
    /// The settings the models were trained with (the link's JSON form).
    config: serde_json::Value,
    models: Vec<ModelEntry>,
}

#[cfg(feature = "engine")]
#[derive(Debug, Clone, Serialize, Deserialize)]
struct ModelEntry {
    name: String,
    /// Units per dense layer, flattened features to logits.
    layers: Vec<usize>,
    /// Its convolutional blocks (none for an MLP; absent in files of MLPs).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    conv: Vec<ConvLayer>,
    /// Optimisation steps it had taken.
    steps: usize,
    /// Length of its burnpack blob.
    bytes: usize,
}

#[cfg(feature = "engine")]
/// Writes the file. Each model is rebuilt on the CPU backend to take its
/// record (reads there are immediate, also in the browser).
pub fn encode(config: &PlaygroundConfig, models: &[NamedWeights]) -> Result<Vec<u8>, String> {
    let device = Device::flex();
    let mut blobs = vec![];
    let mut entries = vec![];
    for m in models {
        let record = Net::from_weights(&m.weights, &device).into_record();
        let bytes = record.into_bytes().map_err(|e| format!("could not write {}: {e}", m.name))?;
        entries.push(ModelEntry {
            name: m.name.clone(),
            layers: m.weights.spec.layer_sizes(),
            conv: m.weights.spec.conv.clone(),
            steps: m.steps,
            bytes: bytes.len(),
        });
        blobs.push(bytes);
    }
    let config_json: serde_json::Value = serde_json::from_str(&share::to_json(config)).map_err(|e| e.to_string())?;
    let header = Header { format: "kd-playground weights".into(), version: FORMAT_VERSION, config: config_json, models: entries };
    let header = serde_json::to_vec(&header).map_err(|e| e.to_string())?;
    let mut out = Vec::with_capacity(12 + header.len() + blobs.iter().map(|b| b.len()).sum::<usize>());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&(header.len() as u32).to_le_bytes());
    out.extend_from_slice(&header);
    for b in &blobs {
        out.extend_from_slice(b);
    }
    Ok(out)
}

#[cfg(feature = "engine")]
/// What a file holds: its models and the settings they were made with.
#[derive(Debug, Clone, PartialEq)]
pub struct Decoded {
    pub models: Vec<NamedWeights>,
    /// From the header: the page warns when they name other data.
    pub made_with: PlaygroundConfig,
}

#[cfg(feature = "engine")]
/// Reads a file, insisting that it holds exactly the models `expected` names
/// with exactly those shapes (the page's current config). Async because
/// reading the loaded weights back is (it is immediate on the CPU backend).
pub async fn decode(bytes: &[u8], expected: &[(&str, NetSpec)]) -> Result<Decoded, String> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(format!("the file is {:.1} MB, more than the {} MB a weights file of this page can be", bytes.len() as f64 / 1e6, MAX_FILE_BYTES >> 20));
    }
    if bytes.len() < 12 || &bytes[..8] != MAGIC {
        return Err("this is not a kd-playground weights file (it does not start with KDWEIGHT)".into());
    }
    let header_len = u32::from_le_bytes(bytes[8..12].try_into().expect("4 bytes")) as usize;
    if header_len > MAX_HEADER_BYTES || 12 + header_len > bytes.len() {
        return Err("the file is truncated or damaged (its header runs past the end)".into());
    }
    let header: Header = serde_json::from_slice(&bytes[12..12 + header_len]).map_err(|e| format!("the file's header is damaged ({e})"))?;
    if header.version != FORMAT_VERSION {
        return Err(format!("the file is format version {}; this page reads version {FORMAT_VERSION}", header.version));
    }
    // The models are `expected` or a leading part of it (a teacher saved
    // before any student was trained).
    let names: Vec<&str> = header.models.iter().map(|m| m.name.as_str()).collect();
    let wanted: Vec<&str> = expected.iter().map(|(n, _)| *n).collect();
    if names.is_empty() || !wanted.starts_with(&names) {
        return Err(format!(
            "the file holds {} but the page expects {}",
            if names.is_empty() { "no models".into() } else { names.join(", ") },
            wanted.join(", ")
        ));
    }
    let made = share::from_json(header.config.to_string().as_bytes()).config;
    let mut offset = 12 + header_len;
    let device = Device::flex();
    let mut out = vec![];
    for (entry, (name, spec)) in header.models.iter().zip(expected) {
        let name = *name;
        if entry.layers != spec.layer_sizes() || entry.conv != spec.conv {
            return Err(format!(
                "the file's {name} is {} but this page's is {}. The file was made on the {} data with a {} teacher and {} students; set those and load it again",
                shape(&entry.conv, &entry.layers),
                shape(&spec.conv, &spec.layer_sizes()),
                made.dataset.kind.name(),
                made.teacher.describe(),
                made.student.describe(),
            ));
        }
        let end = offset.checked_add(entry.bytes).filter(|&e| e <= bytes.len()).ok_or("the file is truncated (a model's weights run past the end)")?;
        let record =
            ModuleRecord::from_bytes(Bytes::from_bytes_vec(bytes[offset..end].to_vec())).map_err(|e| format!("the {name}'s weights are damaged ({e})"))?;
        let blank = Net::from_weights(&NetWeights::zeros(spec), &device);
        let model = blank.try_load_record(record).map_err(|e| format!("the {name}'s weights do not fit its shape ({e})"))?;
        let weights = model.weights(spec).await?;
        if weights.layers.iter().flat_map(|(w, b)| w.iter().chain(b)).any(|x| !x.is_finite()) {
            return Err(format!("the {name}'s weights contain NaN or infinite values"));
        }
        out.push(NamedWeights { name: name.to_string(), steps: entry.steps, weights });
        offset = end;
    }
    if offset != bytes.len() {
        return Err(format!("the file has {} bytes after its last model: it is damaged", bytes.len() - offset));
    }
    Ok(Decoded { models: out, made_with: made })
}

#[cfg(feature = "engine")]
/// "784-8c3-16c3-10"-style: blocks as channels·c·kernel, then the dense sizes.
fn shape(conv: &[ConvLayer], layers: &[usize]) -> String {
    let blocks = conv.iter().map(|b| format!("{}c{}", b.channels, b.kernel));
    blocks.chain(layers.iter().map(|n| n.to_string())).collect::<Vec<_>>().join("-")
}
