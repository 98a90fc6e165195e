//! Machine-readable outputs next to the HTML: calendars, feeds, sitemap, the frab schedule and
//! structured metadata. Each is a pure function from the graph to text.

pub mod feeds;
pub mod frab;
pub mod ics;
pub mod jsonld;
