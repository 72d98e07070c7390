//! What each request and notification does. A request handler converts in (`from_proto`), calls a
//! feature of [`Analysis`](crate::ide::Analysis) through the blocking runner, and converts out
//! (`to_proto`); a notification handler applies its change through `ordered::apply` (when
//! `Ordered` has not already) and wakes the publisher.

pub mod notification;
pub mod request;
