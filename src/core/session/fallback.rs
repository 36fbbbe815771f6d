//! When the WebGPU device is lost mid-run (driver reset, GPU process crash,
//! `device.destroy()`), training moves to the CPU. A lost device cannot be
//! read, so the models start over from their seeded weights there; the
//! settings stay, and Train restarts the run.

use super::super::protocol::{BackendKind, Event, Notice};
use super::super::trainer::{DeviceData, Devices};
use super::Session;

impl Session {
    pub(super) async fn fall_back_to_cpu(&mut self, devices: Devices, reason: String) {
        if self.backend == BackendKind::Cpu {
            return;
        }
        self.set_playing(None);
        self.activate(BackendKind::Cpu, devices);
        self.data = DeviceData::new(&self.dataset, &self.devices);
        self.teacher = Self::new_teacher(&self.config, &self.dataset, &self.devices);
        self.teacher_outputs = None;
        self.teacher_replaced().await;
        self.emit(Event::Notice(Notice::DeviceLost { reason }));
    }
}
