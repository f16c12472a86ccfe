//! Joining the updates list: an email, a language and (for the general list) interests. With a
//! `group_id` it is "tell me when it opens". The answer says what happens next.

use village_shared::api::{SubscribeRequest, SubscriptionResponse};
use village_shared::model::{Audience, GroupKind};
use village_shared::Language;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::api::{self, ApiFailure};
use crate::components::ErrorNotice;
use crate::i18n::use_tr;

#[derive(Properties, PartialEq)]
pub struct Props {
    #[prop_or_default]
    pub group_id: Option<String>,
}

#[function_component]
pub fn SubscribeForm(props: &Props) -> Html {
    let tr = use_tr();
    let lang = tr.lang();
    let form =
        use_state(|| SubscribeRequest { language: lang, group_id: props.group_id.clone(), ..Default::default() });
    let answer = use_state(|| None::<SubscriptionResponse>);
    let failure = use_state(|| None::<ApiFailure>);
    let email_error = use_state(|| None::<String>);

    // The answer is always "check your email": whether the address was already on the list
    // is for its owner to learn, from the email.
    if answer.is_some() {
        return html! { <p class="notice notice-ok subscribed" role="status">{ tr.check_email_to_confirm() }</p> };
    }

    let on_email = {
        let form = form.clone();
        Callback::from(move |e: InputEvent| {
            let mut next = (*form).clone();
            next.email = e.target_unchecked_into::<HtmlInputElement>().value();
            form.set(next);
        })
    };
    let on_language = {
        let form = form.clone();
        Callback::from(move |e: Event| {
            let mut next = (*form).clone();
            next.language =
                Language::from_tag(&e.target_unchecked_into::<HtmlSelectElement>().value()).unwrap_or_default();
            form.set(next);
        })
    };
    // One checkbox per interest; `toggle` flips it in the form.
    let interest = |code: &'static str,
                    label: &'static str,
                    checked: bool,
                    index: usize,
                    flip: fn(&mut SubscribeRequest, usize)| {
        let form = form.clone();
        let id = format!("interest-{code}");
        let onchange = Callback::from(move |_: Event| {
            let mut next = (*form).clone();
            flip(&mut next, index);
            form.set(next);
        });
        html! { <label class="check" for={id.clone()}><input type="checkbox" id={id} {checked} {onchange} />{ label }</label> }
    };
    let on_submit = {
        let (form, answer, failure, email_error) = (form.clone(), answer.clone(), failure.clone(), email_error.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let (form, answer, failure, email_error) =
                (form.clone(), answer.clone(), failure.clone(), email_error.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match api::subscribe(&form, lang).await {
                    Ok(a) => answer.set(Some(a)),
                    Err(ApiFailure::Api { error, .. }) if !error.fields.is_empty() => {
                        email_error.set(error.fields.first().map(|f| f.message.clone()))
                    }
                    Err(f) => failure.set(Some(f)),
                }
            });
        })
    };
    let id_prefix = if props.group_id.is_some() { "notify" } else { "updates" };
    let email_id = format!("{id_prefix}-email");
    let error_id = format!("{id_prefix}-email-error");
    html! {
        <form class="subscribe-form" novalidate=true onsubmit={on_submit}>
            if let Some(f) = (*failure).clone() { <ErrorNotice failure={f} /> }
            <div class={classes!("field", email_error.is_some().then_some("field-invalid"))}>
                <label for={email_id.clone()}>{ tr.email_label() }</label>
                <input id={email_id} type="email" autocomplete="email" value={form.email.clone()} oninput={on_email}
                    aria-invalid={email_error.is_some().to_string()} aria-describedby={email_error.as_ref().map(|_| error_id.clone())} />
                if let Some(m) = (*email_error).clone() { <p class="field-error" id={error_id}>{ m }</p> }
            </div>
            <div class="field">
                <label for={format!("{id_prefix}-language")}>{ tr.message_language_label() }</label>
                <select id={format!("{id_prefix}-language")} onchange={on_language}>
                    { for Language::ALL.iter().map(|l| html! { <option value={l.code()} selected={form.language == *l}>{ tr.language_name(*l) }</option> }) }
                </select>
            </div>
            if props.group_id.is_none() {
                <fieldset class="interests">
                    <legend>{ tr.interests_legend() }</legend>
                    { for Audience::ALL.iter().enumerate().map(|(i, a)| interest(a.code(), tr.audience(*a), form.audiences.contains(a), i,
                        |f, i| toggle(&mut f.audiences, Audience::ALL[i]))) }
                    { for GroupKind::ALL.iter().enumerate().map(|(i, k)| interest(k.code(), tr.kind(*k), form.kinds.contains(k), i,
                        |f, i| toggle(&mut f.kinds, GroupKind::ALL[i]))) }
                </fieldset>
            }
            <button type="submit" class="button-primary">{ if props.group_id.is_some() { tr.notify_me() } else { tr.subscribe() } }</button>
        </form>
    }
}

fn toggle<T: PartialEq + Copy>(list: &mut Vec<T>, value: T) {
    if list.contains(&value) {
        list.retain(|x| *x != value);
    } else {
        list.push(value);
    }
}
