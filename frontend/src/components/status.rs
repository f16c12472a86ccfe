use yew::prelude::*;

use crate::api::ApiFailure;
use crate::i18n::use_tr;

#[function_component]
pub fn Loading() -> Html {
    let tr = use_tr();
    html! { <p class="loading" role="status" aria-live="polite">{ tr.loading() }</p> }
}

#[derive(Properties, PartialEq)]
pub struct ErrorProps {
    pub failure: ApiFailure,
    #[prop_or_default]
    pub on_retry: Option<Callback<MouseEvent>>,
    /// The retry button's words, when "Try again" is not what it does.
    #[prop_or_default]
    pub retry_label: Option<AttrValue>,
}

/// An API failure in the person's language: the server's own message, or "can't reach us".
#[function_component]
pub fn ErrorNotice(props: &ErrorProps) -> Html {
    let tr = use_tr();
    let message = match &props.failure {
        ApiFailure::Api { error, .. } => error.message.clone(),
        ApiFailure::Network => tr.network_error().to_string(),
    };
    html! {
        <div class="notice notice-error" role="alert">
            <p>{ message }</p>
            if let Some(cb) = props.on_retry.clone() {
                <button type="button" class="button-secondary" onclick={cb}>
                    { props.retry_label.clone().unwrap_or_else(|| tr.retry().into()) }
                </button>
            }
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct WriteFailureProps {
    pub failure: crate::api::ApiFailure,
}

/// Why a write was refused: the API's message and, when fields were at fault, what each
/// needs (publishing an incomplete draft lists what is missing). Both apps' forms use it.
#[function_component]
pub fn WriteFailure(props: &WriteFailureProps) -> Html {
    let fields = match &props.failure {
        crate::api::ApiFailure::Api { error, .. } => error.fields.clone(),
        crate::api::ApiFailure::Network => vec![],
    };
    html! {
        <>
            <ErrorNotice failure={props.failure.clone()} />
            if !fields.is_empty() {
                <ul class="notice notice-error field-problems">
                    { for fields.iter().map(|f| html! { <li>{ &f.message }</li> }) }
                </ul>
            }
        </>
    }
}

