use yew::prelude::*;
use yew_router::prelude::*;

use crate::i18n::use_tr;
use crate::routes::Route;

#[function_component]
pub fn NotFoundPage() -> Html {
    let tr = use_tr();
    html! {
        <section>
            <h1>{ tr.not_found_heading() }</h1>
            <p>{ tr.not_found_body() }</p>
            <p><Link<Route> to={Route::Catalogue}>{ tr.back_to_groups() }</Link<Route>></p>
        </section>
    }
}
