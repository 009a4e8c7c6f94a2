//! Benchmarks for qrpass; see benches/.
