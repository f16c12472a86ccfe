//! Buddies at a family group (`/member/{token}/buddy`): ask for a buddy (the language you'd
//! like, your child's age, the session you usually come to), or offer to be one; see who you
//! are paired with — by first name, and their contact only when you both agreed — and, as a
//! buddy, step back. The group's object decides; this shows what it answers.

use gloo_net::http::Method;
use serde::Serialize;
use village_shared::api::buddies::{FamilyBuddies, PairingView};
use village_shared::i18n::{language_name, SPOKEN};
use village_shared::rules::buddies::{AgeBand, Ask, Offer, PairingState};
use village_shared::Language;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::api::{request_with, ApiFailure};
use crate::components::{ErrorNotice, Loading, WriteFailure};
use crate::hooks::{spawn_write, use_remote, use_writing, Remote, Writing};
use crate::i18n::format::date_time;
use crate::i18n::use_tr;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub token: String,
}

/// Send one act and show what the object answers.
fn act<B: Serialize + 'static>(
    token: &str,
    lang: Language,
    (method, path): (Method, &str),
    body: Option<B>,
    writing: &Writing,
    state: &UseStateHandle<Remote<FamilyBuddies>>,
) {
    let path = format!("/api/manage/{token}/buddy{path}");
    let future = async move { request_with::<FamilyBuddies>(method, &path, body.as_ref(), lang, None).await.map(|(_, b)| b) };
    let state = state.clone();
    spawn_write(future, writing.clone(), move |answer| state.set(Remote::Ready(answer)));
}

fn select_value(node: &NodeRef) -> String {
    node.cast::<HtmlSelectElement>().map(|s| s.value()).unwrap_or_default()
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

#[function_component]
pub fn BuddyPage(props: &Props) -> Html {
    let tr = use_tr();
    let lang = tr.lang();
    let (remote, retry, state) = use_remote((props.token.clone(), lang), |(token, lang)| async move {
        let path = format!("/api/manage/{token}/buddy");
        request_with::<FamilyBuddies>(Method::GET, &path, None::<&()>, lang, None).await.map(|(_, b)| b)
    });
    let writing = use_writing();
    let buddies = match remote {
        Remote::Loading => return html! { <Loading /> },
        Remote::Failed(failure) => return html! { <ErrorNotice {failure} on_retry={retry} /> },
        Remote::Ready(buddies) => buddies,
    };
    let active_as_newcomer = buddies.pairings.iter().any(|p| !p.is_buddy && p.state == PairingState::Active);
    let failure = (*writing).clone();
    html! {
        <article class="buddy">
            <h1>{ tr.buddy_heading() }</h1>
            <p>{ tr.buddy_intro() }</p>
            if let Some(failure) = failure.clone().filter(|f| !matches!(f, ApiFailure::Api { status: 422, .. })) { <WriteFailure {failure} /> }
            if !buddies.pairings.is_empty() {
                <section class="card buddy-pairings">
                    <h2>{ tr.buddy_pairings() }</h2>
                    <ul class="pairings">
                        { for buddies.pairings.iter().map(|p| pairing(p, &props.token, lang, &writing, &state)) }
                    </ul>
                </section>
            }
            if !active_as_newcomer {
                <AskForm token={props.token.clone()} asked={buddies.asked.clone()} sessions={buddies.sessions.clone()} writing={writing.clone()} state={state.clone()} />
            }
            <OfferForm token={props.token.clone()} offered={buddies.offered.clone()} free={buddies.free} writing={writing.clone()} state={state.clone()} />
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
    writing: Writing,
    state: UseStateHandle<Remote<FamilyBuddies>>,
}

#[function_component]
fn AskForm(props: &AskProps) -> Html {
    let tr = use_tr();
    let lang = tr.lang();
    let (language, band, usual, share) = (use_node_ref(), use_node_ref(), use_node_ref(), use_node_ref());
    let asked = props.asked.clone();
    let submit = {
        let (token, writing, state) = (props.token.clone(), props.writing.clone(), props.state.clone());
        let (language, band, usual, share) = (language.clone(), band.clone(), usual.clone(), share.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let ask = Ask {
                language: select_value(&language),
                age_band: age_band_of(&select_value(&band)),
                usual: select_value(&usual).parse().ok(),
                share_contact: checked(&share),
            };
            act(&token, lang, (Method::PUT, "/request"), Some(ask), &writing, &state)
        })
    };
    let withdraw = {
        let (token, writing, state) = (props.token.clone(), props.writing.clone(), props.state.clone());
        Callback::from(move |_: MouseEvent| act(&token, lang, (Method::DELETE, "/request"), None::<()>, &writing, &state))
    };
    let chosen_language = asked.as_ref().map_or_else(|| lang.code().to_string(), |a| a.language.clone());
    let chosen_band = asked.as_ref().map_or(AgeBand::UnderOne, |a| a.age_band);
    let chosen_usual = asked.as_ref().and_then(|a| a.usual);
    html! {
        <form class="card signup member-form buddy-ask" onsubmit={submit} novalidate=true>
            <h2>{ tr.ask_heading() }</h2>
            if asked.is_some() { <p class="notice notice-ok" role="status">{ tr.waiting_for_buddy() }</p> }
            <div class="field">
                <label for="buddy-language">{ tr.buddy_language() }</label>
                <select id="buddy-language" ref={language}>
                    { for SPOKEN.iter().map(|code| html! {
                        <option value={*code} selected={*code == chosen_language}>{ language_name(code, lang) }</option>
                    }) }
                </select>
            </div>
            <AgeBandField id="buddy-age" node={band} chosen={chosen_band} />
            <div class="field">
                <label for="buddy-usual">{ tr.buddy_usual() }</label>
                <select id="buddy-usual" ref={usual}>
                    <option value="" selected={chosen_usual.is_none()}>{ tr.buddy_usual_any() }</option>
                    { for props.sessions.iter().map(|at| html! {
                        <option value={at.timestamp().to_string()} selected={chosen_usual == Some(at.timestamp())}>{ date_time(*at, lang) }</option>
                    }) }
                </select>
            </div>
            <ShareField id="buddy-share" node={share} chosen={asked.as_ref().is_some_and(|a| a.share_contact)} />
            <button class="button-primary" type="submit" disabled={props.writing.busy()}>
                { if asked.is_some() { tr.save_changes() } else { tr.ask_for_buddy() } }
            </button>
            if asked.is_some() {
                <button class="button-secondary" type="button" disabled={props.writing.busy()} onclick={withdraw}>{ tr.stop_waiting() }</button>
            }
        </form>
    }
}

#[derive(Properties, PartialEq)]
struct OfferProps {
    token: String,
    offered: Option<Offer>,
    free: u8,
    writing: Writing,
    state: UseStateHandle<Remote<FamilyBuddies>>,
}

#[function_component]
fn OfferForm(props: &OfferProps) -> Html {
    let tr = use_tr();
    let lang = tr.lang();
    let languages: Vec<NodeRef> = SPOKEN.iter().map(|_| NodeRef::default()).collect();
    let languages = use_state(move || languages);
    let (band, can_take, share) = (use_node_ref(), use_node_ref(), use_node_ref());
    let offered = props.offered.clone();
    let submit = {
        let (token, writing, state) = (props.token.clone(), props.writing.clone(), props.state.clone());
        let (languages, band, can_take, share) = (languages.clone(), band.clone(), can_take.clone(), share.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let offer = Offer {
                languages: SPOKEN.iter().zip(languages.iter()).filter(|(_, n)| checked(n)).map(|(c, _)| c.to_string()).collect(),
                age_band: age_band_of(&select_value(&band)),
                can_take: select_value(&can_take).parse().unwrap_or(1),
                share_contact: checked(&share),
            };
            act(&token, lang, (Method::PUT, "/offer"), Some(offer), &writing, &state)
        })
    };
    let stop = {
        let (token, writing, state) = (props.token.clone(), props.writing.clone(), props.state.clone());
        Callback::from(move |_: MouseEvent| act(&token, lang, (Method::DELETE, "/offer"), None::<()>, &writing, &state))
    };
    let speaks = |code: &str| offered.as_ref().map_or(code == lang.code(), |o| o.languages.iter().any(|l| l == code));
    let error = match &*props.writing {
        Some(ApiFailure::Api { error, .. }) => error.fields.iter().find(|f| f.field == "languages").map(|f| f.message.clone()),
        _ => None,
    };
    html! {
        <form class="card signup member-form buddy-offer" onsubmit={submit} novalidate=true>
            <h2>{ tr.offer_heading() }</h2>
            <p class="hint">{ tr.offer_intro() }</p>
            if offered.is_some() { <p class="notice notice-ok" role="status">{ tr.offering(props.free) }</p> }
            <fieldset class={classes!("field", "choices", error.is_some().then_some("field-invalid"))}
                aria-describedby={error.is_some().then_some("buddy-languages-error")}>
                <legend>{ tr.buddy_speaks() }</legend>
                { for SPOKEN.iter().zip(languages.iter()).map(|(code, node)| html! {
                    <label class="choice"><input type="checkbox" ref={node.clone()} value={*code} checked={speaks(code)} />{ " " }{ language_name(code, lang) }</label>
                }) }
                if let Some(error) = error { <p class="field-error" id="buddy-languages-error">{ error }</p> }
            </fieldset>
            <AgeBandField id="offer-age" node={band} chosen={offered.as_ref().map_or(AgeBand::UnderOne, |o| o.age_band)} />
            <div class="field">
                <label for="offer-can-take">{ tr.can_take() }</label>
                <select id="offer-can-take" ref={can_take}>
                    { for (1..=village_shared::rules::buddies::CAN_TAKE_MAX).map(|n| html! {
                        <option value={n.to_string()} selected={offered.as_ref().map_or(1, |o| o.can_take) == n}>{ n }</option>
                    }) }
                </select>
            </div>
            <ShareField id="offer-share" node={share} chosen={offered.as_ref().is_some_and(|o| o.share_contact)} />
            <button class="button-primary" type="submit" disabled={props.writing.busy()}>
                { if offered.is_some() { tr.save_changes() } else { tr.offer_to_be_buddy() } }
            </button>
            if offered.is_some() {
                <button class="button-secondary" type="button" disabled={props.writing.busy()} onclick={stop}>{ tr.stop_offering() }</button>
            }
        </form>
    }
}

#[derive(Properties, PartialEq)]
struct ChoiceProps<T: PartialEq> {
    id: AttrValue,
    node: NodeRef,
    chosen: T,
}

#[function_component]
fn AgeBandField(props: &ChoiceProps<AgeBand>) -> Html {
    let tr = use_tr();
    html! {
        <div class="field">
            <label for={props.id.clone()}>{ tr.child_age() }</label>
            <select id={props.id.clone()} ref={props.node.clone()}>
                { for AgeBand::ALL.iter().map(|b| html! {
                    <option value={age_band_code(*b)} selected={*b == props.chosen}>{ b.label(tr.lang()) }</option>
                }) }
            </select>
        </div>
    }
}

#[function_component]
fn ShareField(props: &ChoiceProps<bool>) -> Html {
    let tr = use_tr();
    html! {
        <div class="field field-check">
            <label><input id={props.id.clone()} type="checkbox" ref={props.node.clone()} checked={props.chosen} />{ " " }{ tr.share_contact() }</label>
            <p class="hint">{ tr.share_contact_hint() }</p>
        </div>
    }
}
