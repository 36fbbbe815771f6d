#!/usr/bin/env python3
"""Checks an exported ONNX file with the real clients: the ONNX checker
(onnx.checker, full check: types and shapes inferred through every node)
accepts it, and onnxruntime, given the rows, reproduces the logits the
page's network computed for them within 1e-4.

Runs in the project-local virtual environment scripts/setup.sh makes
(.tools/onnx-venv: onnx and onnxruntime, pinned there). tests/onnx_export.rs
writes the files and calls this once per model.

usage: onnx_check.py MODEL.onnx ROWS.f32 LOGITS.f32 ROWS COLUMNS CLASSES
(the .f32 files: little-endian float32, row-major)"""
import sys

import numpy as np
import onnx
import onnxruntime as ort

model_path, rows_path, logits_path = sys.argv[1:4]
rows, columns, classes = (int(v) for v in sys.argv[4:7])
model = onnx.load(model_path)
onnx.checker.check_model(model, full_check=True)
x = np.fromfile(rows_path, dtype="<f4").reshape(rows, columns)
want = np.fromfile(logits_path, dtype="<f4").reshape(rows, classes)
session = ort.InferenceSession(model_path, providers=["CPUExecutionProvider"])
(got,) = session.run(["logits"], {"input": x})
worst = float(np.abs(got - want).max())
meta = {p.key: p.value for p in model.metadata_props}
ops = [n.op_type for n in model.graph.node]
print(f"onnx_check: {model_path}: opset {model.opset_import[0].version}, {len(ops)} nodes ({' '.join(ops)}), "
      f"onnxruntime {ort.__version__} on {rows} rows: largest difference {worst:.2e}; model {meta.get('kd-playground.model')!r}")
if worst > 1e-4:
    sys.exit(f"onnx_check: onnxruntime's logits differ from the page's by {worst} (more than 1e-4)")
