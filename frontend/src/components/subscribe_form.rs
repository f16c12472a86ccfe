//! Joining the updates list: an email, a language and (for the general list) interests. With a
//! `group_id` it is "tell me when it opens". The answer says what happens next.

use village_shared::api::{SubscribeRequest, SubscriptionResponse};
use village_shared::model::{Audience, GroupKind};
use village_shared::Language;
use yew::prelude::*;

use crate::api;
use crate::components::{Control, Field, Problem};
use crate::hooks::use_submit;
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
    let form = use_state(|| {
        // Typed into the Worker's drawing before the app took the page over: kept.
        let typed = web_sys::window().and_then(|_| crate::start::take_typed_updates(props.group_id.as_deref(), lang));
        typed.unwrap_or_else(|| SubscribeRequest { language: lang, group_id: props.group_id.clone(), ..Default::default() })
    });
    let answer = use_state(|| None::<SubscriptionResponse>);
    let submit = use_submit();

    // The answer is always "check your email": whether the address was already on the list
    // is for its owner to learn, from the email.
    if answer.is_some() {
        return html! { <p class="notice notice-ok subscribed" role="status">{ tr.check_email_to_confirm() }</p> };
    }

    let on_email = {
        let (form, submit) = (form.clone(), submit.clone());
        Callback::from(move |email: String| {
            form.set(SubscribeRequest { email, ..(*form).clone() });
            submit.forget("email");
        })
    };
    let on_language = {
        let form = form.clone();
        Callback::from(move |tag: String| {
            form.set(SubscribeRequest { language: Language::from_tag(&tag).unwrap_or_default(), ..(*form).clone() })
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
        let (form, answer, submit) = (form.clone(), answer.clone(), submit.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let (request, answer) = ((*form).clone(), answer.clone());
            submit.send(async move { api::subscribe(&request, lang).await }, move |a| answer.set(Some(a)));
        })
    };
    let id_prefix = if props.group_id.is_some() { "notify" } else { "updates" };
    let languages: std::rc::Rc<[(AttrValue, AttrValue)]> =
        Language::ALL.iter().map(|l| (AttrValue::from(l.code()), AttrValue::from(tr.language_name(*l)))).collect();
    html! {
        // `post`: sent before the app has loaded, what was typed never goes into an address.
        <form class="subscribe-form" method="post" novalidate=true onsubmit={on_submit} ref={submit.form()}>
            { submit.notice(tr) }
            <Field id={format!("{id_prefix}-email")} label={tr.email_label()} control={Control::Email} autocomplete="email"
                value={form.email.clone()} problem={Problem::from(submit.problems().of("email"))} oninput={on_email} />
            <Field id={format!("{id_prefix}-language")} label={tr.message_language_label()} control={Control::Choice(languages)}
                value={form.language.code()} oninput={on_language} />
            if props.group_id.is_none() {
                <fieldset class="interests">
                    <legend>{ tr.interests_legend() }</legend>
                    { for Audience::ALL.iter().enumerate().map(|(i, a)| interest(a.code(), tr.audience(*a), form.audiences.contains(a), i,
                        |f, i| toggle(&mut f.audiences, Audience::ALL[i]))) }
                    { for GroupKind::ALL.iter().enumerate().map(|(i, k)| interest(k.code(), tr.kind(*k), form.kinds.contains(k), i,
                        |f, i| toggle(&mut f.kinds, GroupKind::ALL[i]))) }
                </fieldset>
            }
            // Drawn by the Worker, it waits for the app: it is the app that sends it.
            <button type="submit" class="button-primary" disabled={submit.busy() || !crate::i18n::viewer_known()}>{ if props.group_id.is_some() { tr.notify_me() } else { tr.subscribe() } }</button>
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
