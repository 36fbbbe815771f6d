//! MNIST preprocessing (stub, being written).
