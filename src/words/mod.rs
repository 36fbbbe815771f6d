//! How the page and the command line say what the core reports; the core
//! never depends on it.
//!
//! The core emits data (enums with their numbers); these functions turn it
//! into the English the user reads: [`session`] for the live session's
//! notices, statuses and failures, [`experiments`] for panel 6's runs,
//! [`table`] for a CSV file refused.
//! Compiled on every target, with no web dependencies, so the native `kd`
//! command line words its runs as the page does.

pub mod experiments;
pub mod session;
pub mod table;
