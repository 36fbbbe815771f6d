//! Which backend trains: a switch moves every model's weights to the other
//! backend (Adam's state starts over there). When the WebGPU device is lost
//! mid-run (driver reset, GPU process crash, `device.destroy()`), training
//! moves to the CPU too, but a lost device cannot be read, so the models
//! start over from their seeded weights there; the settings stay, and Train
//! restarts the run.

use super::super::protocol::{BackendKind, Event, Failure, Notice};
use super::super::trainer::{Classifier, DeviceData, Devices};
use super::Session;

impl Session {
    /// Trains on `devices` from now on; the rate is measured afresh there.
    pub(super) fn activate(&mut self, kind: BackendKind, devices: Devices) {
        self.devices = devices;
        self.backend = kind;
        self.rate = 0.0;
        self.warm = false;
        self.emit(Event::BackendActive(kind));
    }

    pub(super) async fn set_backend(&mut self, kind: BackendKind, devices: Devices) {
        let moved = async {
            let teacher_weights = self.teacher.net.model.weights(&self.teacher.net.spec).await?;
            let students = match &self.students {
                Some(pair) => Some((pair.distilled.model.weights(&pair.distilled.spec).await?, pair.scratch.model.weights(&pair.scratch.spec).await?)),
                None => None,
            };
            Ok::<_, String>((teacher_weights, students))
        };
        match moved.await {
            Ok((teacher_weights, students)) => {
                self.data = DeviceData::new(&self.dataset, &devices);
                self.teacher.net = Classifier::new(&teacher_weights, &devices);
                if let Some((distilled, scratch)) = students {
                    let transfer = self.transfer_data(&devices);
                    let pair = self.students.as_mut().expect("weights were read from it");
                    pair.move_to(&distilled, &scratch, &self.teacher.net, &transfer, &devices);
                    self.student_data = Some(transfer);
                }
                // Strategy runs start over on the new backend rather than move.
                self.clear_strategy();
                self.activate(kind, devices);
            }
            Err(detail) => self.emit(Event::Error(Failure::MoveFailed { to: kind, detail })),
        }
    }

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
