//! Pure chart maths (scales, ticks, colours) shared by the SVG/canvas charts;
//! no web dependencies, so it is unit-tested natively.

pub mod colors;
pub mod scale;
