use yew::prelude::*;

use crate::i18n::use_tr;
use crate::router::{Link, Route};

#[function_component]
pub fn NotFoundPage() -> Html {
    let tr = use_tr();
    html! {
        <section>
            <h1>{ tr.not_found_heading() }</h1>
            <p>{ tr.not_found_body() }</p>
            <p><Link to={Route::Catalogue}>{ tr.back_to_groups() }</Link></p>
        </section>
    }
}
