//! Buddies at a family group (`/member/{token}/buddy`): ask for a buddy (the language you'd
//! like, your child's age, the session you usually come to), or offer to be one; see who you
//! are paired with — by first name, and their contact only when you both agreed — and, as a
//! buddy, step back. The group's object decides; this shows what it answers.

use std::rc::Rc;

use gloo_net::http::Method;
use serde::Serialize;
use village_shared::api::buddies::{FamilyBuddies, PairingView};
use village_shared::i18n::{language_name, SPOKEN};
use village_shared::rules::buddies::{AgeBand, Ask, Offer, PairingState, CAN_TAKE_MAX};
use village_shared::Language;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::{forgetting, Sender};
use crate::api::request_with;
use crate::components::{value_in, Control, ErrorNotice, Field, Loading, Problem, WriteFailure};
use crate::hooks::{use_remote, use_submit, use_writing, Remote, Writing};
use crate::i18n::format::date_time;
use crate::i18n::{use_tr, Tr};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub token: String,
}

/// Send one act (by a form's `Submit` or a button's `Writing`) and show what the object answers.
fn act<B: Serialize + 'static>(
    token: &str,
    lang: Language,
    (method, path): (Method, &str),
    body: Option<B>,
    by: &impl Sender,
    state: &UseStateHandle<Remote<FamilyBuddies>>,
) {
    let path = format!("/api/manage/{token}/buddy{path}");
    let future = async move { request_with::<FamilyBuddies>(method, &path, body.as_ref(), lang, None).await.map(|(_, b)| b) };
    let state = state.clone();
    by.start(future, move |answer| state.set(Remote::Ready(answer)));
}

fn checked(node: &NodeRef) -> bool {
    node.cast::<HtmlInputElement>().is_some_and(|i| i.checked())
}

fn age_band_code(band: AgeBand) -> &'static str {
    match band {
        AgeBand::UnderOne => "under_one",
        AgeBand::OneToTwo => "one_to_two",
        AgeBand::TwoToThree => "two_to_three",
        AgeBand::ThreeToFive => "three_to_five",
    }
}

fn age_band_of(code: &str) -> AgeBand {
    AgeBand::ALL.into_iter().find(|b| age_band_code(*b) == code).unwrap_or(AgeBand::UnderOne)
}

/// The child's age, as a field's choices.
fn age_bands(tr: Tr) -> Rc<[(AttrValue, AttrValue)]> {
    AgeBand::ALL.iter().map(|b| (AttrValue::from(age_band_code(*b)), AttrValue::from(b.label(tr.lang())))).collect()
}

#[function_component]
pub fn BuddyPage(props: &Props) -> Html {
    let tr = use_tr();
    let lang = tr.lang();
    let (remote, retry, state) = use_remote((props.token.clone(), lang), |(token, lang)| async move {
        let path = format!("/api/manage/{token}/buddy");
        request_with::<FamilyBuddies>(Method::GET, &path, None::<&()>, lang, None).await.map(|(_, b)| b)
    });
    // Stepping back from a pairing; the two forms send their own.
    let writing = use_writing();
    let buddies = match remote {
        Remote::Loading => return html! { <Loading /> },
        Remote::Failed(failure) => return html! { <ErrorNotice {failure} on_retry={retry} /> },
        Remote::Ready(buddies) => buddies,
    };
    let active_as_newcomer = buddies.pairings.iter().any(|p| !p.is_buddy && p.state == PairingState::Active);
    html! {
        <article class="buddy">
            <h1>{ tr.buddy_heading() }</h1>
            <p>{ tr.buddy_intro() }</p>
            if let Some(failure) = (*writing).clone() { <WriteFailure {failure} /> }
            if !buddies.pairings.is_empty() {
                <section class="card buddy-pairings">
                    <h2>{ tr.buddy_pairings() }</h2>
                    <ul class="pairings">
                        { for buddies.pairings.iter().map(|p| pairing(p, &props.token, lang, &writing, &state)) }
                    </ul>
                </section>
            }
            if !active_as_newcomer {
                <AskForm token={props.token.clone()} asked={buddies.asked.clone()} sessions={buddies.sessions.clone()}
                    state={state.clone()} />
            }
            <OfferForm token={props.token.clone()} offered={buddies.offered.clone()} free={buddies.free}
                state={state.clone()} />
            <p><a href={format!("/manage/{}", props.token)}>{ tr.helping_back() }</a></p>
        </article>
    }
}

fn pairing(p: &PairingView, token: &str, lang: Language, writing: &Writing, state: &UseStateHandle<Remote<FamilyBuddies>>) -> Html {
    let tr = crate::i18n::Tr(lang);
    let step_back = {
        let (token, id, writing, state) = (token.to_string(), p.id.clone(), writing.clone(), state.clone());
        Callback::from(move |_: MouseEvent| {
            let path = format!("/pairings/{id}/step-back");
            act(&token, lang, (Method::POST, &path), None::<()>, &writing, &state)
        })
    };
    let state_text = match p.state {
        PairingState::Active => tr.pairing_active(),
        PairingState::Completed => tr.pairing_completed(),
        PairingState::Ended => tr.pairing_ended(),
    };
    html! {
        <li class={classes!("pairing", (p.state == PairingState::Active).then_some("active"))}>
            <p class="pairing-who">
                <strong>{ &p.other }</strong>
                { " · " }{ if p.is_buddy { tr.you_are_their_buddy() } else { tr.they_are_your_buddy() } }
                <span class="meta">{ " · " }{ state_text }</span>
            </p>
            if let (Some(at), PairingState::Active) = (p.meet_at, p.state) {
                <p class="meta">{ tr.you_meet_at() }{ " " }<time datetime={at.to_rfc3339()}>{ date_time(at, lang) }</time></p>
            }
            if let Some(contact) = &p.contact { <p class="pairing-contact">{ for contact.lines().map(|l| html! { <>{ l }<br /></> }) }</p> }
            if p.contact.is_none() && p.state == PairingState::Active { <p class="hint">{ tr.contact_not_shared() }</p> }
            if p.is_buddy && p.state == PairingState::Active {
                <button type="button" class="button-secondary step-back" disabled={writing.busy()} onclick={step_back}>{ tr.step_back() }</button>
            }
        </li>
    }
}

#[derive(Properties, PartialEq)]
struct AskProps {
    token: String,
    asked: Option<Ask>,
    sessions: Vec<chrono::DateTime<chrono::Utc>>,
    state: UseStateHandle<Remote<FamilyBuddies>>,
}

#[function_component]
fn AskForm(props: &AskProps) -> Html {
    let tr = use_tr();
    let lang = tr.lang();
    let submit = use_submit();
    let (language, band, usual, share) = (use_node_ref(), use_node_ref(), use_node_ref(), use_node_ref());
    let asked = props.asked.clone();
    let onsubmit = {
        let (token, submit, state) = (props.token.clone(), submit.clone(), props.state.clone());
        let (language, band, usual, share) = (language.clone(), band.clone(), usual.clone(), share.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let ask = Ask {
                language: value_in(&language),
                age_band: age_band_of(&value_in(&band)),
                usual: value_in(&usual).parse().ok(),
                share_contact: checked(&share),
            };
            act(&token, lang, (Method::PUT, "/request"), Some(ask), &submit, &state)
        })
    };
    let withdraw = {
        let (token, submit, state) = (props.token.clone(), submit.clone(), props.state.clone());
        Callback::from(move |_: MouseEvent| {
            act(&token, lang, (Method::DELETE, "/request"), None::<()>, &submit, &state)
        })
    };
    let chosen_language = asked.as_ref().map_or_else(|| lang.code().to_string(), |a| a.language.clone());
    let chosen_band = asked.as_ref().map_or(AgeBand::UnderOne, |a| a.age_band);
    let chosen_usual = asked.as_ref().and_then(|a| a.usual).map(|at| at.to_string()).unwrap_or_default();
    let languages: Rc<[(AttrValue, AttrValue)]> =
        SPOKEN.iter().map(|code| (AttrValue::from(*code), AttrValue::from(language_name(code, lang)))).collect();
    let any = (AttrValue::default(), AttrValue::from(tr.buddy_usual_any()));
    let sessions: Rc<[(AttrValue, AttrValue)]> = std::iter::once(any)
        .chain(props.sessions.iter().map(|at| (at.timestamp().to_string().into(), date_time(*at, lang).into())))
        .collect();
    let problem = |field: &str| Problem::from(submit.problems().of(field));
    html! {
        <form class="card signup member-form buddy-ask" {onsubmit} novalidate=true ref={submit.form()}>
            <h2>{ tr.ask_heading() }</h2>
            { submit.notice(tr) }
            if asked.is_some() { <p class="notice notice-ok" role="status">{ tr.waiting_for_buddy() }</p> }
            <Field id="buddy-language" label={tr.buddy_language()} control={Control::Choice(languages)}
                value={chosen_language} problem={problem("language")} oninput={forgetting(&submit, "language")}
                node={language} />
            <Field id="buddy-age" label={tr.child_age()} control={Control::Choice(age_bands(tr))}
                value={age_band_code(chosen_band)} problem={problem("age_band")}
                oninput={forgetting(&submit, "age_band")} node={band} />
            <Field id="buddy-usual" label={tr.buddy_usual()} control={Control::Choice(sessions)} value={chosen_usual}
                problem={problem("usual")} oninput={forgetting(&submit, "usual")} node={usual} />
            <ShareField id="buddy-share" node={share} chosen={asked.as_ref().is_some_and(|a| a.share_contact)} />
            <button class="button-primary" type="submit" disabled={submit.busy()}>
                { if asked.is_some() { tr.save_changes() } else { tr.ask_for_buddy() } }
            </button>
            if asked.is_some() {
                <button class="button-secondary" type="button" disabled={submit.busy()} onclick={withdraw}>
                    { tr.stop_waiting() }
                </button>
            }
        </form>
    }
}

#[derive(Properties, PartialEq)]
struct OfferProps {
    token: String,
    offered: Option<Offer>,
    free: u8,
    state: UseStateHandle<Remote<FamilyBuddies>>,
}

#[function_component]
fn OfferForm(props: &OfferProps) -> Html {
    let tr = use_tr();
    let lang = tr.lang();
    let submit = use_submit();
    let languages: Vec<NodeRef> = SPOKEN.iter().map(|_| NodeRef::default()).collect();
    let languages = use_state(move || languages);
    let (band, can_take, share) = (use_node_ref(), use_node_ref(), use_node_ref());
    let offered = props.offered.clone();
    let onsubmit = {
        let (token, submit, state) = (props.token.clone(), submit.clone(), props.state.clone());
        let (languages, band, can_take, share) = (languages.clone(), band.clone(), can_take.clone(), share.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let offer = Offer {
                languages: SPOKEN.iter().zip(languages.iter()).filter(|(_, n)| checked(n)).map(|(c, _)| c.to_string()).collect(),
                age_band: age_band_of(&value_in(&band)),
                can_take: value_in(&can_take).parse().unwrap_or(1),
                share_contact: checked(&share),
            };
            act(&token, lang, (Method::PUT, "/offer"), Some(offer), &submit, &state)
        })
    };
    let stop = {
        let (token, submit, state) = (props.token.clone(), submit.clone(), props.state.clone());
        Callback::from(move |_: MouseEvent| act(&token, lang, (Method::DELETE, "/offer"), None::<()>, &submit, &state))
    };
    let speaks = |code: &str| offered.as_ref().map_or(code == lang.code(), |o| o.languages.iter().any(|l| l == code));
    let problem = |field: &str| Problem::from(submit.problems().of(field));
    // Checkboxes are no one control: the problem is told once, under the group, and each box
    // is marked (the focus goes to the first).
    let languages_error = submit.problems().of("languages");
    let (invalid, described) = match languages_error {
        Some(_) => (Some("true"), Some("buddy-languages-error")),
        None => (None, None),
    };
    let on_language = {
        let submit = submit.clone();
        Callback::from(move |_: Event| submit.forget("languages"))
    };
    let can_takes: Rc<[(AttrValue, AttrValue)]> =
        (1..=CAN_TAKE_MAX).map(|n| (AttrValue::from(n.to_string()), AttrValue::from(n.to_string()))).collect();
    html! {
        <form class="card signup member-form buddy-offer" {onsubmit} novalidate=true ref={submit.form()}>
            <h2>{ tr.offer_heading() }</h2>
            <p class="hint">{ tr.offer_intro() }</p>
            { submit.notice(tr) }
            if offered.is_some() { <p class="notice notice-ok" role="status">{ tr.offering(props.free) }</p> }
            <fieldset class={classes!("field", "choices", invalid.map(|_| "field-invalid"))}>
                <legend>{ tr.buddy_speaks() }</legend>
                { for SPOKEN.iter().zip(languages.iter()).map(|(code, node)| html! {
                    <label class="choice">
                        <input type="checkbox" ref={node.clone()} value={*code} checked={speaks(code)}
                            onchange={on_language.clone()} aria-invalid={invalid} aria-describedby={described} />
                        { " " }{ language_name(code, lang) }
                    </label>
                }) }
                if let Some(error) = languages_error { <p class="field-error" id="buddy-languages-error">{ error }</p> }
            </fieldset>
            <Field id="offer-age" label={tr.child_age()} control={Control::Choice(age_bands(tr))}
                value={age_band_code(offered.as_ref().map_or(AgeBand::UnderOne, |o| o.age_band))}
                problem={problem("age_band")} oninput={forgetting(&submit, "age_band")} node={band} />
            <Field id="offer-can-take" label={tr.can_take()} control={Control::Choice(can_takes)}
                value={offered.as_ref().map_or(1, |o| o.can_take).to_string()}
                problem={problem("can_take")} oninput={forgetting(&submit, "can_take")} node={can_take} />
            <ShareField id="offer-share" node={share} chosen={offered.as_ref().is_some_and(|o| o.share_contact)} />
            <button class="button-primary" type="submit" disabled={submit.busy()}>
                { if offered.is_some() { tr.save_changes() } else { tr.offer_to_be_buddy() } }
            </button>
            if offered.is_some() {
                <button class="button-secondary" type="button" disabled={submit.busy()} onclick={stop}>
                    { tr.stop_offering() }
                </button>
            }
        </form>
    }
}

#[derive(Properties, PartialEq)]
struct ShareProps {
    id: AttrValue,
    node: NodeRef,
    chosen: bool,
}

/// A checkbox, which the shared field does not draw: its label holds it.
#[function_component]
fn ShareField(props: &ShareProps) -> Html {
    let tr = use_tr();
    html! {
        <div class="field field-check">
            <label><input id={props.id.clone()} type="checkbox" ref={props.node.clone()} checked={props.chosen} />{ " " }{ tr.share_contact() }</label>
            <p class="hint">{ tr.share_contact_hint() }</p>
        </div>
    }
}
