//! The dashboard (served under `/admin/`, its own Wasm bundle): sign in with a one-time link,
//! see your groups and their rosters. Access is decided by the Worker; this only shows what
//! the API answers.

mod api;
mod pages;

use yew::prelude::*;

use crate::components::LanguageSwitch;
use crate::i18n::{use_tr, LanguageProvider};
use crate::router::{encode, RouteLink, Router, Routes};

#[derive(Clone, PartialEq, Debug)]
pub enum AdminRoute {
    Home,
    /// Every message with its delivery state (admins).
    Outbox,
    /// Ask for a sign-in link.
    SignIn,
    /// The link from the email.
    SignInToken {
        token: String,
    },
    Group {
        id: String,
    },
    Attendance {
        id: String,
    },
    NotFound,
}

impl Routes for AdminRoute {
    fn recognize(path: &str) -> Self {
        let segments: Vec<&str> = path.trim_matches('/').split('/').filter(|s| !s.is_empty()).collect();
        match segments.as_slice() {
            ["admin"] => AdminRoute::Home,
            ["admin", "sign-in"] => AdminRoute::SignIn,
            ["admin", "outbox"] => AdminRoute::Outbox,
            ["admin", "sign-in", token] => AdminRoute::SignInToken { token: crate::router::decode(token) },
            ["admin", "groups", id] => AdminRoute::Group { id: crate::router::decode(id) },
            ["admin", "groups", id, "attendance"] => AdminRoute::Attendance { id: crate::router::decode(id) },
            _ => AdminRoute::NotFound,
        }
    }

    fn to_path(&self) -> String {
        match self {
            AdminRoute::Home => "/admin".into(),
            AdminRoute::SignIn => "/admin/sign-in".into(),
            AdminRoute::Outbox => "/admin/outbox".into(),
            AdminRoute::SignInToken { token } => format!("/admin/sign-in/{}", encode(token)),
            AdminRoute::Group { id } => format!("/admin/groups/{}", encode(id)),
            AdminRoute::Attendance { id } => format!("/admin/groups/{}/attendance", encode(id)),
            AdminRoute::NotFound => "/admin/404".into(),
        }
    }
}

#[function_component]
fn Pages() -> Html {
    match crate::router::use_routes::<AdminRoute>().location.route {
        AdminRoute::Home => html! { <pages::Home /> },
        AdminRoute::SignIn => html! { <pages::SignIn /> },
        AdminRoute::SignInToken { token } => html! { <pages::SignInWithLink {token} /> },
        AdminRoute::Group { id } => html! { <pages::Roster {id} /> },
        AdminRoute::Attendance { id } => html! { <pages::Attendance {id} /> },
        AdminRoute::Outbox => html! { <pages::Outbox /> },
        AdminRoute::NotFound => html! { <crate::pages::NotFoundPage /> },
    }
}

#[function_component]
pub fn AdminApp() -> Html {
    html! { <LanguageProvider><Shell /></LanguageProvider> }
}

#[function_component]
fn Shell() -> Html {
    let tr = use_tr();
    html! {
            <Router<AdminRoute>>
                <a class="skip-link" href="#main">{ tr.skip_to_content() }</a>
                <header class="top admin-top">
                    <RouteLink<AdminRoute> classes="brand" to={AdminRoute::Home}>
                        <img src="/icons/icon.svg" alt="" width="28" height="28" />
                        <span>{ tr.dashboard_title() }</span>
                    </RouteLink<AdminRoute>>
                    <LanguageSwitch />
                </header>
                <main id="main" tabindex="-1"><Pages /></main>
            </Router<AdminRoute>>
    }
}
