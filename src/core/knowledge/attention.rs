//! Attention transfer (stub, being written).
