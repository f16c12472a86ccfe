mod availability;
mod drop_in;
mod filters;
mod group_card;
mod language_switch;
mod offline_banner;
mod sessions;
mod signup_form;
mod status;

pub use availability::AvailabilityBadge;
pub use drop_in::DropInPanel;
pub use filters::FilterPanel;
pub use group_card::GroupCard;
pub use language_switch::LanguageSwitch;
pub use offline_banner::OfflineBanner;
pub use sessions::SessionList;
pub use signup_form::SignupForm;
pub use status::{ErrorNotice, Loading};
