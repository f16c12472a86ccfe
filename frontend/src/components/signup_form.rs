//! The signup form: four labelled fields, checked as the person goes with the same rules the
//! Worker applies, and never cleared by an error.

use village_shared::api::{ErrorCode, FieldMessage, FieldProblem, SignupField, SignupRequest};
use village_shared::Language;
use yew::prelude::*;

use crate::api::{self, ApiFailure};
use crate::components::{Control, Field, Problem};
use crate::hooks::use_submit_from;
use crate::i18n::use_tr;
use crate::router::{use_router, Link, Route};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub group_id: String,
    /// The group is full: the form joins the waitlist.
    pub full: bool,
}

#[function_component]
pub fn SignupForm(props: &Props) -> Html {
    let tr = use_tr();
    let lang = tr.lang();
    let router = use_router();
    // Posted before the app had loaded (or without it): the Worker's answer, on the form.
    let sent = router.arrived_with.as_ref().and_then(|start| start.sent.clone());
    let refused = sent.as_ref().and_then(|s| Some((s.status, s.error.clone()?)));
    let was_already = sent.as_ref().is_some_and(|s| s.error.is_none());
    let form = use_state(|| {
        // What the Worker drew in this form: what was posted, and in the browser anything typed
        // into it since, before the app took the page over.
        let drawn = if web_sys::window().is_some() { crate::start::take_typed_signup(&props.group_id) } else { sent.map(|s| s.request) };
        drawn.unwrap_or(SignupRequest { language: lang, ..Default::default() })
    });
    // Fields the person has left: checked from then on, as they type (all of them after a submit).
    let touched = use_state(|| if refused.is_some() { SignupField::TYPED.to_vec() } else { Vec::new() });
    let submit = use_submit_from(refused);
    let already = use_state(|| was_already);

    let problems = form.problems();
    let problem_of = |field: SignupField| -> Problem {
        let told = submit.problems().of(field.as_str());
        let found = || problems.iter().find(|p| p.field == field).map(|p: &FieldProblem| p.message(lang).into());
        told.or_else(|| touched.contains(&field).then(found).flatten()).into()
    };
    let on_input = |field: SignupField| {
        let (form, submit) = (form.clone(), submit.clone());
        Callback::from(move |value: String| {
            let mut next = (*form).clone();
            match field {
                SignupField::Name => next.name = value,
                SignupField::Email => next.email = value,
                SignupField::Phone => next.phone = Some(value),
                SignupField::Language => next.language = Language::from_tag(&value).unwrap_or_default(),
            }
            form.set(next);
            submit.forget(field.as_str());
        })
    };
    let on_blur = |field: SignupField| {
        let touched = touched.clone();
        Callback::from(move |()| {
            if !touched.contains(&field) {
                let mut next = (*touched).clone();
                next.push(field);
                touched.set(next);
            }
        })
    };

    let on_submit = {
        let (form, touched, submit, already) = (form.clone(), touched.clone(), submit.clone(), already.clone());
        let group_id = props.group_id.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let found = form.problems();
            if !found.is_empty() {
                touched.set(SignupField::TYPED.to_vec());
                submit.refuse(
                    found.iter().map(|p| FieldMessage { field: p.field.as_str().into(), message: p.message(lang) }).collect(),
                );
                return;
            }
            let (router, already) = (router.clone(), already.clone());
            let request = (*form).clone();
            let group_id = group_id.clone();
            submit.send(async move { api::sign_up(&group_id, &request, lang).await }, move |response| {
                match response.manage_token {
                    Some(token) => router.push(Route::Outcome { token }),
                    None => already.set(true),
                }
            });
        })
    };

    if *already {
        return html! {
            <div class="notice notice-ok already" role="status">
                <p><strong>{ tr.outcome_already() }</strong></p>
                <p>{ tr.already_no_link() }</p>
            </div>
        };
    }

    // Not eligible, with somewhere to go first: say where, instead of an error.
    let next_step = match submit.failure() {
        Some(ApiFailure::Api { error, .. }) if error.code == ErrorCode::NotEligible => error.next_step,
        _ => None,
    };
    let refusal = next_step.map(|step| {
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
    let languages: std::rc::Rc<[(AttrValue, AttrValue)]> =
        Language::ALL.iter().map(|l| (AttrValue::from(l.code()), AttrValue::from(tr.language_name(*l)))).collect();

    html! {
        // Sent without the app (before it has loaded, or with no script), it is posted — what
        // was typed never goes into an address — to this page, where the Worker answers it
        // (`edge/src/routes/pages.rs`); the answer opens at the form, not the page's top.
        <form class="signup-form" method="post" action="#signup-heading" novalidate=true onsubmit={on_submit} ref={submit.form()}>
            { refusal.unwrap_or_else(|| submit.notice(tr)) }
            <Field id="name" name="name" label={tr.name_label()} autocomplete="name" value={form.name.clone()}
                problem={problem_of(SignupField::Name)} oninput={on_input(SignupField::Name)} onblur={on_blur(SignupField::Name)} />
            <Field id="email" name="email" label={tr.email_label()} hint={tr.email_hint()} control={Control::Email} autocomplete="email"
                value={form.email.clone()} problem={problem_of(SignupField::Email)} oninput={on_input(SignupField::Email)} onblur={on_blur(SignupField::Email)} />
            <Field id="phone" name="phone" label={tr.phone_label()} control={Control::Tel} autocomplete="tel" value={form.phone.clone().unwrap_or_default()}
                problem={problem_of(SignupField::Phone)} oninput={on_input(SignupField::Phone)} onblur={on_blur(SignupField::Phone)} />
            <Field id="language" name="language" label={tr.message_language_label()} control={Control::Choice(languages)}
                value={form.language.code()} oninput={on_input(SignupField::Language)} />
            <button type="submit" class="button-primary" disabled={submit.busy()}>
                { if submit.busy() { tr.submitting() } else if props.full { tr.submit_waitlist() } else { tr.submit_signup() } }
            </button>
        </form>
    }
}
