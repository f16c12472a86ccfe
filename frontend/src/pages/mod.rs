mod catalogue;
mod group;
mod manage;
mod not_found;
mod updates;

pub use catalogue::CataloguePage;
pub use group::GroupPage;
pub use manage::{ManagePage, OutcomePage};
pub use not_found::NotFoundPage;
pub use updates::UpdatesLinkPage;
