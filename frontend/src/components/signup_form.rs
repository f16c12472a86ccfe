//! The signup form: four labelled fields, checked as the person goes with the same rules the
//! Worker applies, and never cleared by an error.

use village_shared::api::{ErrorCode, FieldProblem, NextStep, SignupField, SignupRequest, SignupResponse};
use village_shared::Language;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::api::{self, ApiFailure};
use crate::components::ErrorNotice;
use crate::i18n::use_tr;
use crate::router::{use_router, Link, Route};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub group_id: String,
    /// The group is full: the form joins the waitlist.
    pub full: bool,
}

#[derive(Clone, PartialEq, Default)]
struct FieldErrors {
    /// Server-side messages, by field name, from the last submit.
    server: Vec<(String, String)>,
    /// Fields the person has left (checked from then on) or everything after a submit.
    touched: Vec<SignupField>,
}

#[function_component]
pub fn SignupForm(props: &Props) -> Html {
    let tr = use_tr();
    let lang = tr.lang();
    let form = use_state(|| SignupRequest { language: lang, ..Default::default() });
    let errors = use_state(FieldErrors::default);
    let submitting = use_state(|| false);
    let failure = use_state(|| None::<ApiFailure>);
    let already = use_state(|| None::<SignupResponse>);
    let refused = use_state(|| None::<NextStep>);
    let router = use_router();

    let problems = form.problems();
    let message_for = |field: SignupField| -> Option<String> {
        if let Some((_, m)) = errors.server.iter().find(|(f, _)| f == field.as_str()) {
            return Some(m.clone());
        }
        errors
            .touched
            .contains(&field)
            .then(|| problems.iter().find(|p| p.field == field).map(|p: &FieldProblem| p.message(lang)))
            .flatten()
    };

    let on_input = |field: SignupField| {
        let form = form.clone();
        let errors = errors.clone();
        Callback::from(move |e: InputEvent| {
            let value = e.target_unchecked_into::<HtmlInputElement>().value();
            let mut next = (*form).clone();
            match field {
                SignupField::Name => next.name = value,
                SignupField::Email => next.email = value,
                SignupField::Phone => next.phone = Some(value),
                SignupField::Language => {}
            }
            form.set(next);
            let mut e2 = (*errors).clone();
            e2.server.retain(|(f, _)| f != field.as_str());
            errors.set(e2);
        })
    };
    let on_blur = |field: SignupField| {
        let errors = errors.clone();
        Callback::from(move |_: FocusEvent| {
            if !errors.touched.contains(&field) {
                let mut next = (*errors).clone();
                next.touched.push(field);
                errors.set(next);
            }
        })
    };
    let on_language = {
        let form = form.clone();
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<HtmlSelectElement>().value();
            let mut next = (*form).clone();
            next.language = Language::from_tag(&value).unwrap_or_default();
            form.set(next);
        })
    };

    let on_submit = {
        let (form, errors, submitting, failure, already, refused) =
            (form.clone(), errors.clone(), submitting.clone(), failure.clone(), already.clone(), refused.clone());
        let group_id = props.group_id.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if *submitting {
                return;
            }
            failure.set(None);
            if !form.problems().is_empty() {
                errors.set(FieldErrors {
                    server: vec![],
                    touched: vec![SignupField::Name, SignupField::Email, SignupField::Phone],
                });
                focus_first_invalid();
                return;
            }
            submitting.set(true);
            refused.set(None);
            let (form, errors, submitting, failure, already, refused, router, group_id) = (
                form.clone(),
                errors.clone(),
                submitting.clone(),
                failure.clone(),
                already.clone(),
                refused.clone(),
                router.clone(),
                group_id.clone(),
            );
            wasm_bindgen_futures::spawn_local(async move {
                match api::sign_up(&group_id, &form, lang).await {
                    Ok(response) => match response.manage_token {
                        Some(token) => {
                            router.push(Route::Outcome { token });
                        }
                        None => already.set(Some(response)),
                    },
                    Err(ApiFailure::Api { error, .. }) if !error.fields.is_empty() => {
                        errors.set(FieldErrors {
                            server: error.fields.iter().map(|f| (f.field.clone(), f.message.clone())).collect(),
                            touched: vec![],
                        });
                        failure.set(Some(ApiFailure::Api {
                            status: 422,
                            error: village_shared::api::ApiError { fields: vec![], ..error },
                        }));
                        focus_first_invalid();
                    }
                    Err(ApiFailure::Api { error, .. })
                        if error.code == ErrorCode::NotEligible && error.next_step.is_some() =>
                    {
                        refused.set(error.next_step);
                    }
                    Err(other) => failure.set(Some(other)),
                }
                submitting.set(false);
            });
        })
    };

    if already.is_some() {
        return html! {
            <div class="notice notice-ok already" role="status">
                <p><strong>{ tr.outcome_already() }</strong></p>
                <p>{ tr.already_no_link() }</p>
            </div>
        };
    }

    let refusal = (*refused).clone().map(|step| {
        html! {
            <div class="notice notice-step" role="alert">
                <p><strong>{ tr.not_eligible_heading() }</strong></p>
                <p>{ step.reason.clone() }</p>
                {
                    match (step.group_id.clone(), step.group_title.clone()) {
                        (Some(id), Some(title)) => html! {
                            <Link classes="button-primary next-step" to={Route::Group { id }}>
                                { tr.go_to_next_step() }{ ": " }{ title.get(lang).to_string() }
                            </Link>
                        },
                        _ => html! { <p>{ tr.no_next_step_open() }</p> },
                    }
                }
            </div>
        }
    });

    let field = |id: &str,
                 field: SignupField,
                 label: &str,
                 kind: &str,
                 autocomplete: &str,
                 value: String,
                 hint: Option<&str>| {
        let message = message_for(field);
        let error_id = format!("{id}-error");
        let hint_id = format!("{id}-hint");
        let described = [hint.map(|_| hint_id.clone()), message.as_ref().map(|_| error_id.clone())]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ");
        html! {
            <div class={classes!("field", message.is_some().then_some("field-invalid"))}>
                <label for={id.to_string()}>{ label }</label>
                if let Some(hint) = hint { <p class="hint" id={hint_id}>{ hint }</p> }
                <input id={id.to_string()} name={id.to_string()} type={kind.to_string()} autocomplete={autocomplete.to_string()}
                    value={value} aria-invalid={message.is_some().to_string()}
                    aria-describedby={(!described.is_empty()).then_some(described)}
                    oninput={on_input(field)} onblur={on_blur(field)} />
                if let Some(m) = message { <p class="field-error" id={error_id}>{ m }</p> }
            </div>
        }
    };

    html! {
        <form class="signup-form" novalidate=true onsubmit={on_submit}>
            { for refusal }
            if let Some(f) = (*failure).clone() {
                if matches!(&f, ApiFailure::Api { status: 422, .. }) {
                    <div class="notice notice-error" role="alert"><p>{ tr.fix_errors() }</p></div>
                } else {
                    <ErrorNotice failure={f} />
                }
            }
            { field("name", SignupField::Name, tr.name_label(), "text", "name", form.name.clone(), None) }
            { field("email", SignupField::Email, tr.email_label(), "email", "email", form.email.clone(), Some(tr.email_hint())) }
            { field("phone", SignupField::Phone, tr.phone_label(), "tel", "tel", form.phone.clone().unwrap_or_default(), None) }
            <div class="field">
                <label for="language">{ tr.message_language_label() }</label>
                <select id="language" name="language" onchange={on_language}>
                    { for Language::ALL.iter().map(|l| html! {
                        <option value={l.code()} selected={form.language == *l}>{ tr.language_name(*l) }</option>
                    }) }
                </select>
            </div>
            <button type="submit" class="button-primary" disabled={*submitting}>
                { if *submitting { tr.submitting() } else if props.full { tr.submit_waitlist() } else { tr.submit_signup() } }
            </button>
        </form>
    }
}

/// Move focus to the first field marked invalid, so keyboard and screen-reader users land on it.
fn focus_first_invalid() {
    // After the re-render that marks the fields.
    gloo_timers::callback::Timeout::new(0, || {
        if let Ok(Some(el)) = gloo_utils::document().query_selector("[aria-invalid=true]") {
            if let Ok(el) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(el) {
                let _ = el.focus();
            }
        }
    })
    .forget();
}
