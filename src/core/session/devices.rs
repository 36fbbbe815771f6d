//! Where the session's devices come from: commands name a backend, and the
//! instance the session runs in (the page's, the training worker's, a native
//! test's) says which devices that is, since burn devices cannot cross a
//! worker's boundary.

use burn::prelude::Device;

use super::super::protocol::BackendKind;
use super::super::trainer::Devices;

/// The devices of each backend in the instance the session runs in (the
/// page's or the training worker's).
pub trait DeviceSource {
    /// The CPU backend, always there.
    fn cpu(&self) -> Devices;
    /// WebGPU, once initialised and until its device is lost.
    fn webgpu(&self) -> Option<Devices>;

    fn devices(&self, kind: BackendKind) -> Option<Devices> {
        match kind {
            BackendKind::Cpu => Some(self.cpu()),
            BackendKind::WebGpu => self.webgpu(),
        }
    }
}

/// Natively, and wherever WebGPU is not offered: the CPU alone.
pub struct CpuOnly;

impl DeviceSource for CpuOnly {
    fn cpu(&self) -> Devices {
        Devices::new(Device::flex())
    }

    fn webgpu(&self) -> Option<Devices> {
        None
    }
}
