//! MNIST (stub, being written).
