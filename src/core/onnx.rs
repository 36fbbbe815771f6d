//! A trained network as an ONNX file, for onnxruntime and every tool that
//! reads ONNX: the page's networks as standard operators (opset 13: Gemm,
//! Relu; Reshape, Conv, MaxPool and Flatten for convolutional blocks), with
//! a dataset's standardisation as the first nodes (Sub, Div) so the file
//! takes the user's raw feature values. Written as the `onnx-protobuf`
//! crate's generated messages (the ONNX project's own .proto), encoded by
//! `protobuf`, never by hand.
//!
//! The graph mirrors `core::net::Net` at inference: a convolutional network
//! reads each flat row as one `[1, side, side]` image; each block is a
//! convolution (its stride and padding), ReLU and a max-pool whose stride is
//! its size; the maps are flattened channel by channel, as burn does; every
//! dense layer is `x·W + b` (W stored `[in, out]`, as Gemm's B), with ReLU
//! between them and none after the logits. Dropout is training only.

use onnx_protobuf::tensor_proto::DataType;
use onnx_protobuf::tensor_shape_proto::{Dimension, dimension};
use onnx_protobuf::type_proto::{self, Tensor as TensorType};
use onnx_protobuf::{
    AttributeProto, GraphProto, Message, ModelProto, NodeProto, OperatorSetIdProto, StringStringEntryProto, TensorProto, TensorShapeProto, TypeProto,
    ValueInfoProto, attribute_proto::AttributeType,
};

use super::model::NetWeights;

/// The operator set the files declare.
pub const OPSET: i64 = 13;
/// ONNX's IR version for opset 13 (ONNX 1.8).
const IR_VERSION: i64 = 7;
/// The graph's input and output.
pub const INPUT: &str = "input";
pub const OUTPUT: &str = "logits";

/// A dataset's standardisation, baked into the file's first nodes.
pub use super::table::Standardisation;

/// What the file says about itself (its metadata properties).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct About {
    /// Which model: "teacher", "distilled student", …
    pub model: String,
    /// The class names, in the order of the logits.
    pub classes: Vec<String>,
    /// Anything the weights went through, e.g. quantised and exported as
    /// their dequantised float values.
    pub note: Option<String>,
}

/// The ONNX file of `weights`, with `standardise` first where the data had one.
pub fn export(weights: &NetWeights, standardise: Option<&Standardisation>, about: &About) -> Result<Vec<u8>, String> {
    let spec = &weights.spec;
    if !spec.is_valid() || weights.layers.len() != spec.param_shapes().len() {
        return Err(format!("the weights do not fit their network {}", spec.describe()));
    }
    if let Some(s) = standardise
        && (s.mean.len() != spec.input || s.scale.len() != spec.input || s.scale.iter().any(|&v| v == 0.0 || !v.is_finite()))
    {
        return Err(format!("the standardisation has {} means and {} scales for {} inputs", s.mean.len(), s.scale.len(), spec.input));
    }
    let mut g = Graph::default();
    let mut x = INPUT.to_string();
    if let Some(s) = standardise {
        let mean = g.constant("standardise.mean", &[spec.input], &s.mean);
        let scale = g.constant("standardise.scale", &[spec.input], &s.scale);
        x = g.node("Sub", &[&x, &mean], vec![]);
        x = g.node("Div", &[&x, &scale], vec![]);
    }
    let shapes = spec.param_shapes();
    // The blocks whose maps are not empty, as `Net` builds them.
    let blocks = spec.conv_shapes().len();
    if blocks > 0 {
        let (channels, side, _) = spec.input_shape();
        let shape = g.constant_i64("image.shape", &[-1, channels as i64, side as i64, side as i64]);
        x = g.node("Reshape", &[&x, &shape], vec![]);
        for (i, (block, ((w, b), (dims, _)))) in spec.conv.iter().take(blocks).zip(weights.layers.iter().zip(&shapes)).enumerate() {
            let weight = g.constant(&format!("conv{i}.weight"), dims, w);
            let bias = g.constant(&format!("conv{i}.bias"), &[dims[0]], b);
            let (k, p, s) = (block.kernel as i64, block.padding as i64, block.stride.max(1) as i64);
            let attributes = vec![ints("kernel_shape", &[k, k]), ints("pads", &[p, p, p, p]), ints("strides", &[s, s])];
            x = g.node("Conv", &[&x, &weight, &bias], attributes);
            x = g.node("Relu", &[&x], vec![]);
            if block.pool > 1 {
                let size = block.pool as i64;
                x = g.node("MaxPool", &[&x], vec![ints("kernel_shape", &[size, size]), ints("strides", &[size, size])]);
            }
        }
        x = g.node("Flatten", &[&x], vec![int("axis", 1)]);
    }
    let dense = &weights.layers[blocks..];
    for (i, ((w, b), (dims, _))) in dense.iter().zip(&shapes[blocks..]).enumerate() {
        let weight = g.constant(&format!("dense{i}.weight"), dims, w);
        let bias = g.constant(&format!("dense{i}.bias"), &[dims[1]], b);
        x = g.node("Gemm", &[&x, &weight, &bias], vec![]);
        if i + 1 < dense.len() {
            x = g.node("Relu", &[&x], vec![]);
        }
    }
    // The last node's output is the graph's.
    g.nodes.last_mut().expect("a network has a layer").output = vec![OUTPUT.to_string()];

    let mut graph = GraphProto::new();
    graph.name = format!("kd-playground {}", spec.describe());
    graph.node = g.nodes;
    graph.initializer = g.initializers;
    graph.input = vec![value_info(INPUT, spec.input)];
    graph.output = vec![value_info(OUTPUT, spec.classes)];

    let mut model = ModelProto::new();
    model.ir_version = IR_VERSION;
    model.producer_name = "kd-playground".into();
    model.producer_version = env!("CARGO_PKG_VERSION").into();
    model.doc_string = format!("{} {} trained in kd-playground", about.model, spec.describe());
    let mut opset = OperatorSetIdProto::new();
    opset.version = OPSET;
    model.opset_import = vec![opset];
    model.graph = Some(graph).into();
    let mut props = vec![("model", about.model.clone()), ("architecture", spec.describe()), ("classes", about.classes.join("\n"))];
    props.push(("standardised", standardise.map_or("no: the network takes the page's features".to_string(), |_| "yes: (x - mean) / scale first".to_string())));
    if let Some(note) = &about.note {
        props.push(("note", note.clone()));
    }
    model.metadata_props = props.into_iter().map(|(k, v)| entry(&format!("kd-playground.{k}"), &v)).collect();
    model.write_to_bytes().map_err(|e| format!("could not write the ONNX file: {e}"))
}

/// Nodes and initializers as they are added, each node's output named after it.
#[derive(Default)]
struct Graph {
    nodes: Vec<NodeProto>,
    initializers: Vec<TensorProto>,
}

impl Graph {
    fn node(&mut self, op: &str, inputs: &[&str], attribute: Vec<AttributeProto>) -> String {
        let name = format!("{}{}", op.to_lowercase(), self.nodes.len());
        let mut node = NodeProto::new();
        node.op_type = op.into();
        node.name = name.clone();
        node.input = inputs.iter().map(|s| s.to_string()).collect();
        node.output = vec![name.clone()];
        node.attribute = attribute;
        self.nodes.push(node);
        name
    }

    fn constant(&mut self, name: &str, dims: &[usize], values: &[f32]) -> String {
        let mut t = TensorProto::new();
        t.name = name.into();
        t.dims = dims.iter().map(|&d| d as i64).collect();
        t.data_type = DataType::FLOAT as i32;
        t.float_data = values.to_vec();
        self.initializers.push(t);
        name.into()
    }

    fn constant_i64(&mut self, name: &str, values: &[i64]) -> String {
        let mut t = TensorProto::new();
        t.name = name.into();
        t.dims = vec![values.len() as i64];
        t.data_type = DataType::INT64 as i32;
        t.int64_data = values.to_vec();
        self.initializers.push(t);
        name.into()
    }
}

fn ints(name: &str, values: &[i64]) -> AttributeProto {
    let mut a = AttributeProto::new();
    a.name = name.into();
    a.type_ = AttributeType::INTS.into();
    a.ints = values.to_vec();
    a
}

fn int(name: &str, value: i64) -> AttributeProto {
    let mut a = AttributeProto::new();
    a.name = name.into();
    a.type_ = AttributeType::INT.into();
    a.i = value;
    a
}

fn entry(key: &str, value: &str) -> StringStringEntryProto {
    let mut e = StringStringEntryProto::new();
    e.key = key.into();
    e.value = value.into();
    e
}

/// A float tensor `[batch, width]`, the batch left open.
fn value_info(name: &str, width: usize) -> ValueInfoProto {
    let dim = |value: dimension::Value| {
        let mut d = Dimension::new();
        d.value = Some(value);
        d
    };
    let mut shape = TensorShapeProto::new();
    shape.dim = vec![dim(dimension::Value::DimParam("batch".into())), dim(dimension::Value::DimValue(width as i64))];
    let mut tensor = TensorType::new();
    tensor.elem_type = DataType::FLOAT as i32;
    tensor.shape = Some(shape).into();
    let mut ty = TypeProto::new();
    ty.value = Some(type_proto::Value::TensorType(tensor));
    let mut info = ValueInfoProto::new();
    info.name = name.into();
    info.type_ = Some(ty).into();
    info
}
