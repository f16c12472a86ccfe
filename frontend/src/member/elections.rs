//! The group's elections in the member space: who leads now, standing (or accepting a
//! nomination, or nominating another member), and a secret ballot that can change until the
//! close. The rules are the group's object's (`rules::election`); this shows what it answers.

use std::rc::Rc;

use gloo_net::http::Method;
use village_shared::api::local_group::{
    BallotAnswer, BallotBody, ElectionPhase, LeaderView, MemberElection, NominateBody, Nominee,
};
use yew::prelude::*;

use super::{Space, NO_BODY};
use crate::components::{Control, Field, Problem, WriteFailure};
use crate::hooks::{use_submit, use_writing};
use crate::i18n::format::date_time_in_zone;
use crate::i18n::use_tr;

#[derive(Properties, PartialEq)]
pub struct ElectionsProps {
    pub space: Space,
    pub elections: Vec<MemberElection>,
    pub leaders: Vec<LeaderView>,
    pub nominees: Vec<Nominee>,
    pub zone: String,
}

/// Who leads, and every election still running plus the last one closed.
#[function_component]
pub fn Elections(props: &ElectionsProps) -> Html {
    let tr = use_tr();
    let lang = tr.lang();
    let running = props.elections.iter().filter(|e| e.election.phase != ElectionPhase::Closed);
    let last_closed = props.elections.iter().find(|e| e.election.phase == ElectionPhase::Closed);
    let shown: Vec<&MemberElection> = running.chain(last_closed).collect();
    if shown.is_empty() && props.leaders.is_empty() {
        return html! {};
    }
    html! {
        <section aria-labelledby="elections-heading">
            <h2 id="elections-heading">{ tr.leaders_heading() }</h2>
            if props.leaders.is_empty() {
                <p class="hint">{ tr.no_leader_yet() }</p>
            }
            <ul class="leaders">
                { for props.leaders.iter().map(|l| html! {
                    <li>
                        <strong>{ l.role.label(lang) }{ ": " }</strong>{ &l.name }
                        { " · " }{ tr.until(&date_time_in_zone(l.until, lang, &props.zone)) }
                        if l.acting { { " · " }<span class="tag">{ tr.acting() }</span> }
                    </li>
                }) }
            </ul>
            <ul class="cards elections">
                { for shown.into_iter().map(|e| html! {
                    <ElectionCard key={e.election.id.clone()} space={props.space.clone()} election={e.clone()}
                        nominees={props.nominees.clone()} zone={props.zone.clone()} />
                }) }
            </ul>
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct CardProps {
    space: Space,
    election: MemberElection,
    nominees: Vec<Nominee>,
    zone: String,
}

#[function_component]
fn ElectionCard(props: &CardProps) -> Html {
    let tr = use_tr();
    let lang = tr.lang();
    // The buttons' writes; the phase's one form (nominating someone, or the ballot) has its own.
    let writing = use_writing();
    let submit = use_submit();
    let busy = writing.busy() || submit.busy();
    let mine = &props.election;
    let e = &mine.election;
    // Nobody is chosen for the member: the first listed has no head start.
    let choice = use_state(|| mine.my_ballot.clone());
    let nominee = use_state(|| props.nominees.first().map(|n| n.member.clone()));
    let path = |rest: &str| format!("/elections/{}/{rest}", e.id);
    // Every act answers the election; the page loads again so leaders and counts agree.
    let nominate = |member: Option<String>| {
        let (space, writing, rest) = (props.space.clone(), writing.clone(), path("nominations"));
        Callback::from(move |_: MouseEvent| {
            let body = Some(NominateBody { member: member.clone() });
            space.write(&writing, Method::POST, &rest, body, |space, _: BallotAnswer| space.reload());
        })
    };
    let stand_down = {
        let (space, writing, rest) = (props.space.clone(), writing.clone(), path("nominations"));
        Callback::from(move |_: MouseEvent| {
            space.write(&writing, Method::DELETE, &rest, NO_BODY, |space, _: BallotAnswer| space.reload())
        })
    };
    let nominate_other = {
        let (space, submit, rest, nominee) =
            (props.space.clone(), submit.clone(), path("nominations"), nominee.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let body = Some(NominateBody { member: (*nominee).clone() });
            space.write(&submit, Method::POST, &rest, body, |space, _: BallotAnswer| space.reload());
        })
    };
    let cast = {
        let (space, submit, rest, choice) = (props.space.clone(), submit.clone(), path("ballot"), choice.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Some(candidate) = (*choice).clone() else { return };
            let body = Some(BallotBody { candidate });
            space.write(&submit, Method::PUT, &rest, body, |space, _: BallotAnswer| space.reload());
        })
    };
    let when = |at| date_time_in_zone(at, lang, &props.zone);
    let role = e.role.label(lang);
    let phase = match e.phase {
        ElectionPhase::Nominating => tr.nominations_until(&when(e.voting_opens_at)),
        ElectionPhase::Voting => tr.voting_until(&when(e.closes_at), e.turnout),
        ElectionPhase::Closed => tr.closed_turnout(e.turnout),
    };
    let group_name = format!("ballot-{}", e.id);
    let nominees: Rc<[(AttrValue, AttrValue)]> =
        props.nominees.iter().map(|n| (AttrValue::from(n.member.clone()), AttrValue::from(n.name.clone()))).collect();
    let on_nominee = {
        let (nominee, submit) = (nominee.clone(), submit.clone());
        Callback::from(move |member: String| {
            nominee.set(Some(member));
            submit.forget("member");
        })
    };
    html! {
        <li class="card election">
            <h3 class="card-title">{ tr.election_for(role) }{ if e.runoff { tr.runoff_mark() } else { "" } }</h3>
            <p class="meta">{ phase }</p>
            if let Some(failure) = (*writing).clone() { <WriteFailure {failure} /> }
            { match e.phase {
                ElectionPhase::Nominating => html! {
                    <>
                        if e.candidates.is_empty() {
                            <p class="hint">{ tr.nobody_standing_yet() }</p>
                        } else {
                            <p>{ tr.standing_so_far() }{ " " }{ e.candidates.iter().map(|c| c.name.as_str()).collect::<Vec<_>>().join(", ") }</p>
                        }
                        if mine.nominated {
                            <p class="notice notice-step">{ tr.you_were_nominated(role) }</p>
                            <div class="actions-row">
                                <button class="button-primary accept-nomination" onclick={nominate(None)}
                                    disabled={busy}>
                                    { tr.accept_nomination() }
                                </button>
                                <button class="button-secondary" onclick={stand_down.clone()} disabled={busy}>
                                    { tr.decline_nomination() }
                                </button>
                            </div>
                        } else if mine.standing {
                            <p><strong>{ tr.you_are_standing() }</strong></p>
                            <button class="button-secondary stand-down" onclick={stand_down} disabled={busy}>
                                { tr.stand_down() }
                            </button>
                        } else {
                            <button class="button-primary stand" onclick={nominate(None)} disabled={busy}>
                                { tr.stand_for(role) }
                            </button>
                        }
                        if !props.nominees.is_empty() {
                            <form class="nominate-form" onsubmit={nominate_other} ref={submit.form()}>
                                { submit.notice(tr) }
                                <Field id={format!("nominee-{}", e.id)} label={tr.nominate_someone()}
                                    hint={tr.nominee_asked()} control={Control::Choice(nominees)}
                                    value={(*nominee).clone()} problem={Problem::from(submit.problems().of("member"))}
                                    oninput={on_nominee} />
                                <button type="submit" class="button-secondary" disabled={busy}>
                                    { tr.nominate() }
                                </button>
                            </form>
                        }
                    </>
                },
                ElectionPhase::Voting => html! {
                    <form class="ballot" onsubmit={cast} ref={submit.form()}>
                        { submit.notice(tr) }
                        <fieldset>
                            <legend>{ tr.your_secret_vote() }</legend>
                            { for e.candidates.iter().map(|c| {
                                let id = format!("{group_name}-{}", c.id);
                                let onchange = {
                                    let (choice, value) = (choice.clone(), c.id.clone());
                                    Callback::from(move |_: Event| choice.set(Some(value.clone())))
                                };
                                html! {
                                    <label class="check" for={id.clone()}>
                                        <input type="radio" id={id} name={group_name.clone()} value={c.id.clone()}
                                            checked={choice.as_deref() == Some(c.id.as_str())} {onchange} />
                                        <span>{ &c.name }</span>
                                    </label>
                                }
                            }) }
                        </fieldset>
                        if mine.my_ballot.is_some() { <p role="status"><strong>{ tr.you_voted() }</strong></p> }
                        <button type="submit" class="button-primary cast-vote" disabled={busy || choice.is_none()}>
                            { if mine.my_ballot.is_some() { tr.change_vote() } else { tr.cast_vote() } }
                        </button>
                    </form>
                },
                ElectionPhase::Closed => html! {
                    <>
                        <ul class="results">
                            { for e.candidates.iter().zip(e.votes.iter().copied().chain(std::iter::repeat(0))).map(|(c, n)| html! {
                                <li>
                                    { &c.name }{ " · " }{ tr.votes(n) }
                                    if e.elected.as_ref().is_some_and(|w| w.id == c.id) { { " · " }<strong>{ tr.elected() }</strong> }
                                </li>
                            }) }
                        </ul>
                        if e.elected.is_none() {
                            <p class="hint">{ if e.runoff_id.is_some() { tr.went_to_runoff() } else { tr.nobody_elected() } }</p>
                        }
                    </>
                },
            } }
        </li>
    }
}
