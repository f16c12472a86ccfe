//! The dashboard (served under `/admin/`, its own Wasm bundle): sign in with a one-time link,
//! then run the network's groups — overview, groups and sessions, rosters, attendance and
//! incentives, people with access, a person's data, the audit log and the outbox. Access is
//! decided by the Worker; this only shows what the API answers.

mod api;
mod charts;
mod pages;
mod text;
mod zone;

use yew::prelude::*;

use crate::api::ApiFailure;
use crate::components::{ErrorNotice, LanguageSwitch, Loading};
use crate::hooks::{use_remote, Remote};
use crate::i18n::{use_tr, LanguageProvider, Tr};
use crate::router::{decode, encode, RouteLink, Router, Routes};

pub use api::Me;

#[derive(Clone, PartialEq, Debug)]
pub enum AdminRoute {
    /// Your groups (all of them for an admin).
    Home,
    Overview,
    NewGroup,
    Group {
        id: String,
    },
    EditGroup {
        id: String,
    },
    Attendance {
        id: String,
    },
    /// A local group's meetings and key issues.
    Meetings {
        id: String,
    },
    Users,
    People,
    Audit,
    /// The signposting directory and its queue.
    Directory,
    /// Every message with its delivery state (admins).
    Outbox,
    /// Ask for a sign-in link.
    SignIn,
    /// The link from the email.
    SignInToken {
        token: String,
    },
    NotFound,
}

impl Routes for AdminRoute {
    fn recognize(path: &str) -> Self {
        let segments: Vec<&str> = path.trim_matches('/').split('/').filter(|s| !s.is_empty()).collect();
        match segments.as_slice() {
            ["admin"] => AdminRoute::Home,
            ["admin", "overview"] => AdminRoute::Overview,
            ["admin", "groups", "new"] => AdminRoute::NewGroup,
            ["admin", "groups", id] => AdminRoute::Group { id: decode(id) },
            ["admin", "groups", id, "edit"] => AdminRoute::EditGroup { id: decode(id) },
            ["admin", "groups", id, "attendance"] => AdminRoute::Attendance { id: decode(id) },
            ["admin", "groups", id, "meetings"] => AdminRoute::Meetings { id: decode(id) },
            ["admin", "users"] => AdminRoute::Users,
            ["admin", "people"] => AdminRoute::People,
            ["admin", "audit"] => AdminRoute::Audit,
            ["admin", "directory"] => AdminRoute::Directory,
            ["admin", "outbox"] => AdminRoute::Outbox,
            ["admin", "sign-in"] => AdminRoute::SignIn,
            ["admin", "sign-in", token] => AdminRoute::SignInToken { token: decode(token) },
            _ => AdminRoute::NotFound,
        }
    }

    fn to_path(&self) -> String {
        match self {
            AdminRoute::Home => "/admin".into(),
            AdminRoute::Overview => "/admin/overview".into(),
            AdminRoute::NewGroup => "/admin/groups/new".into(),
            AdminRoute::Group { id } => format!("/admin/groups/{}", encode(id)),
            AdminRoute::EditGroup { id } => format!("/admin/groups/{}/edit", encode(id)),
            AdminRoute::Attendance { id } => format!("/admin/groups/{}/attendance", encode(id)),
            AdminRoute::Meetings { id } => format!("/admin/groups/{}/meetings", encode(id)),
            AdminRoute::Users => "/admin/users".into(),
            AdminRoute::People => "/admin/people".into(),
            AdminRoute::Audit => "/admin/audit".into(),
            AdminRoute::Directory => "/admin/directory".into(),
            AdminRoute::Outbox => "/admin/outbox".into(),
            AdminRoute::SignIn => "/admin/sign-in".into(),
            AdminRoute::SignInToken { token } => format!("/admin/sign-in/{}", encode(token)),
            AdminRoute::NotFound => "/admin/404".into(),
        }
    }
}

/// The signed-in user and their CSRF token, for every page behind sign-in.
#[hook]
pub fn use_me() -> Me {
    use_context::<Me>().expect("pages behind sign-in are inside SignedIn")
}

/// Whether the signed-in user may act for the whole network — the Worker's own rule
/// (`rules::access::authorize`), so the page offers exactly what the Worker will allow.
pub fn acts_for_network(me: &Me) -> bool {
    use village_shared::rules::access::{authorize, Decision, Scope};
    authorize(Some(&me.user), Scope::Network, crate::clock::now()) == Decision::Allowed
}

#[function_component]
fn Pages() -> Html {
    let route = crate::router::use_routes::<AdminRoute>().location.route;
    let page = match route {
        AdminRoute::SignIn => return html! { <pages::SignIn /> },
        AdminRoute::SignInToken { token } => return html! { <pages::SignInWithLink {token} /> },
        AdminRoute::NotFound => return html! { <crate::pages::NotFoundPage /> },
        AdminRoute::Home => html! { <pages::Groups /> },
        AdminRoute::Overview => html! { <pages::Overview /> },
        AdminRoute::NewGroup => html! { <pages::GroupEditor /> },
        AdminRoute::Group { id } => html! { <pages::GroupPage {id} /> },
        AdminRoute::EditGroup { id } => html! { <pages::GroupEditor id={Some(id)} /> },
        AdminRoute::Attendance { id } => html! { <pages::Attendance {id} /> },
        AdminRoute::Meetings { id } => html! { <pages::Meetings {id} /> },
        AdminRoute::Users => html! { <pages::Users /> },
        AdminRoute::People => html! { <pages::People /> },
        AdminRoute::Audit => html! { <pages::Audit /> },
        AdminRoute::Directory => html! { <pages::Directory /> },
        AdminRoute::Outbox => html! { <pages::Outbox /> },
    };
    html! { <SignedIn>{ page }</SignedIn> }
}

#[derive(Properties, PartialEq)]
struct ChildrenProps {
    children: Html,
}

/// Loads who is signed in once; without a session, the sign-in form instead of the page.
#[function_component]
fn SignedIn(props: &ChildrenProps) -> Html {
    let tr = use_tr();
    let lang = tr.lang();
    let (me, retry, _) = use_remote((), move |_| api::me(lang));
    match me {
        Remote::Loading => html! { <Loading /> },
        Remote::Failed(ApiFailure::Api { status: 401, .. }) => html! { <pages::SignIn /> },
        Remote::Failed(failure) => html! { <ErrorNotice {failure} on_retry={retry} /> },
        Remote::Ready(me) => html! {
            <ContextProvider<Me> context={me}>
                <Nav />
                { props.children.clone() }
            </ContextProvider<Me>>
        },
    }
}

/// The sections this user may open, as a row of links that wraps on a phone.
#[function_component]
fn Nav() -> Html {
    let tr = use_tr();
    let me = use_me();
    let current = crate::router::use_routes::<AdminRoute>().location.route;
    let mut links = vec![(AdminRoute::Home, tr.nav_groups()), (AdminRoute::Directory, tr.nav_directory())];
    if acts_for_network(&me) {
        links.insert(0, (AdminRoute::Overview, tr.nav_overview()));
        links.extend([
            (AdminRoute::Users, tr.nav_users()),
            (AdminRoute::People, tr.nav_people()),
            (AdminRoute::Audit, tr.nav_audit()),
            (AdminRoute::Outbox, tr.nav_outbox()),
        ]);
    }
    html! {
        <nav class="admin-nav" aria-label={tr.nav_label()}>
            <ul>
                { for links.into_iter().map(|(route, label)| {
                    let here = route == current;
                    // A group's own pages belong to "Groups".
                    let within = here
                        || (route == AdminRoute::Home
                            && matches!(
                                current,
                                AdminRoute::NewGroup
                                    | AdminRoute::Group { .. }
                                    | AdminRoute::EditGroup { .. }
                                    | AdminRoute::Attendance { .. }
                                    | AdminRoute::Meetings { .. }
                            ));
                    html! {
                        <li>
                            <RouteLink<AdminRoute> to={route} classes={classes!(within.then_some("current"))}
                                current={if here { Some(AttrValue::from("page")) } else { within.then(|| AttrValue::from("true")) }}>
                                { label }
                            </RouteLink<AdminRoute>>
                        </li>
                    }
                }) }
            </ul>
        </nav>
    }
}

#[function_component]
pub fn AdminApp() -> Html {
    html! { <LanguageProvider title={Tr::dashboard_title as fn(Tr) -> &'static str}><Shell /></LanguageProvider> }
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
