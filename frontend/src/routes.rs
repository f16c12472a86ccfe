use yew_router::prelude::*;

#[derive(Clone, Routable, PartialEq, Debug)]
pub enum Route {
    #[at("/")]
    Catalogue,
    #[at("/groups/:id")]
    Group { id: String },
    /// The outcome of a signup, right after the form.
    #[at("/signed-up/:token")]
    Outcome { token: String },
    /// The manage link: `/manage/{token}`.
    #[at("/manage/:token")]
    Manage { token: String },
    #[not_found]
    #[at("/404")]
    NotFound,
}
