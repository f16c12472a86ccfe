//! The network's opportunities board in the member space: one's own posts with those
//! interested (accept or decline; contact details once accepted), the board's open posts from
//! every local group ("I'm interested"; the poster's contact once they accept), and a form to
//! offer or ask for a visit, shadowing, mentoring or training. The rules are
//! `shared::rules::board`; this shows what the Worker answers.

use std::rc::Rc;

use gloo_net::http::Method;
use village_shared::api::local_group::{
    Contact, InterestAnswerBody, InterestState, MemberBoard, OpportunityKind, PostBody, PostSide, PostSummary, PostView,
};
use yew::prelude::*;

use super::{forgetting, Space, NO_BODY};
use crate::components::{value_in, Control, Field, Problem, WriteFailure};
use crate::hooks::{use_submit, use_writing, Remote};
use crate::i18n::format::date_time_in_zone;
use crate::i18n::{use_tr, Tr};

#[derive(Properties, PartialEq)]
pub struct BoardProps {
    pub space: Space,
    pub board: UseStateHandle<Remote<MemberBoard>>,
    pub zone: String,
}

/// "Offer · A visit to a setting" as a tag.
fn what(tr: Tr, side: PostSide, kind: OpportunityKind) -> String {
    format!("{} · {}", tr.post_side(side), tr.opportunity(kind))
}

#[function_component]
pub fn Board(props: &BoardProps) -> Html {
    let tr = use_tr();
    let board = match &*props.board {
        Remote::Ready(board) => board.clone(),
        Remote::Loading => return html! {},
        Remote::Failed(failure) => return html! { <crate::components::ErrorNotice failure={failure.clone()} /> },
    };
    let mine_ids: Vec<&str> = board.mine.iter().map(|p| p.post.id.as_str()).collect();
    let others: Vec<&PostSummary> = board.board.posts.iter().filter(|p| !mine_ids.contains(&p.id.as_str())).collect();
    html! {
        <section id="board" aria-labelledby="board-heading">
            <h2 id="board-heading">{ tr.board_heading() }</h2>
            <p class="hint">{ tr.board_intro() }</p>
            if !board.mine.is_empty() {
                <h3>{ tr.your_posts() }</h3>
                <ul class="cards my-posts">
                    { for board.mine.iter().map(|p| html! {
                        <MyPost key={p.post.id.clone()} space={props.space.clone()} board={props.board.clone()} post={p.clone()} zone={props.zone.clone()} />
                    }) }
                </ul>
            }
            <h3>{ tr.on_the_board() }</h3>
            if others.is_empty() { <p class="hint">{ tr.nothing_on_board() }</p> }
            <ul class="cards board-posts">
                { for others.into_iter().map(|p| html! {
                    <BoardPost key={format!("{}/{}", p.group_id, p.id)} space={props.space.clone()} post={p.clone()} zone={props.zone.clone()} />
                }) }
            </ul>
            <PostForm space={props.space.clone()} board={props.board.clone()} />
        </section>
    }
}

/// Load the member's board again (after a change to their own posts).
pub fn reload(space: &Space, board: &UseStateHandle<Remote<MemberBoard>>) {
    let (board, path, lang) = (board.clone(), space.path("/board"), space.lang);
    wasm_bindgen_futures::spawn_local(async move {
        if let Ok((_, answer)) = crate::api::request_with::<MemberBoard>(Method::GET, &path, NO_BODY, lang, None).await
        {
            board.set(Remote::Ready(answer));
        }
    });
}

fn contact_card(tr: Tr, contact: &Contact) -> Html {
    html! {
        <dl class="meeting-place contact">
            <dt>{ tr.contact_name() }</dt><dd>{ &contact.name }</dd>
            <dt>{ tr.contact_email() }</dt><dd><a href={format!("mailto:{}", contact.email)}>{ &contact.email }</a></dd>
            if let Some(phone) = &contact.phone {
                <dt>{ tr.contact_phone() }</dt><dd><a href={format!("tel:{phone}")}>{ phone }</a></dd>
            }
        </dl>
    }
}

#[derive(Properties, PartialEq)]
struct MyPostProps {
    space: Space,
    board: UseStateHandle<Remote<MemberBoard>>,
    post: PostView,
    zone: String,
}

/// One of the member's own posts: who is interested, accept or decline, done, renew.
#[function_component]
fn MyPost(props: &MyPostProps) -> Html {
    let tr = use_tr();
    let lang = tr.lang();
    let writing = use_writing();
    let p = &props.post;
    let rest = |tail: &str| format!("/board/{}/{}/{tail}", p.post.group_id, p.post.id);
    let act = |tail: String, method: Method, accept: Option<bool>| {
        let (space, board, writing) = (props.space.clone(), props.board.clone(), writing.clone());
        Callback::from(move |_: MouseEvent| {
            let board = board.clone();
            let body = accept.map(|accept| InterestAnswerBody { accept });
            space.write(&writing, method.clone(), &tail, body, move |space, _: PostView| reload(space, &board));
        })
    };
    html! {
        <li class="card my-post" id={format!("my-post-{}", p.post.id)}>
            <p class="tag">{ what(tr, p.post.side, p.post.kind) }</p>
            <h4 class="card-title">{ &p.post.title }</h4>
            <p class="hint">
                { &p.post.area }{ if p.post.dates.is_empty() { String::new() } else { format!(" · {}", p.post.dates) } }
                { " · " }{ tr.places_taken(p.accepted, p.post.places) }
            </p>
            <p class="hint">{ if p.done { tr.post_done().to_string() } else { tr.post_until(&date_time_in_zone(p.post.expires_at, lang, &props.zone)) } }</p>
            if let Some(failure) = (*writing).clone() { <WriteFailure {failure} /> }
            if p.interests.is_empty() {
                <p class="hint">{ tr.nobody_interested_yet() }</p>
            }
            <ul class="interests">
                { for p.interests.iter().map(|i| html! {
                    <li class="interest">
                        <strong>{ &i.name }</strong>{ " · " }{ tr.interest_state(i.state) }
                        if i.state == InterestState::Pending && !p.done {
                            <div class="actions-row">
                                <button class="button-primary accept-interest" disabled={writing.busy()}
                                    onclick={act(rest(&format!("interests/{}", i.id)), Method::PUT, Some(true))}>{ tr.accept_interest() }</button>
                                <button class="button-secondary" disabled={writing.busy()}
                                    onclick={act(rest(&format!("interests/{}", i.id)), Method::PUT, Some(false))}>{ tr.decline_interest() }</button>
                            </div>
                        }
                        if let Some(contact) = &i.contact { { contact_card(tr, contact) } }
                    </li>
                }) }
            </ul>
            if !p.done {
                <div class="actions-row">
                    <button class="button-secondary mark-done" disabled={writing.busy()} onclick={act(rest("done"), Method::POST, None)}>{ tr.mark_done() }</button>
                    <button class="button-secondary renew" disabled={writing.busy()} onclick={act(rest("renew"), Method::POST, None)}>{ tr.renew_post() }</button>
                </div>
            }
        </li>
    }
}

#[derive(Properties, PartialEq)]
struct BoardPostProps {
    space: Space,
    post: PostSummary,
    zone: String,
}

/// A post from the board: open it to see its details and where one stands; say "I'm
/// interested"; the poster's contact once they accept.
#[function_component]
fn BoardPost(props: &BoardPostProps) -> Html {
    let tr = use_tr();
    let writing = use_writing();
    let opened = use_state(|| None::<PostView>);
    let p = &props.post;
    let path = |tail: &str| format!("/board/{}/{}{tail}", p.group_id, p.id);
    let open = {
        let (space, opened, path, writing) = (props.space.clone(), opened.clone(), path(""), writing.clone());
        Callback::from(move |_: MouseEvent| {
            let opened = opened.clone();
            space.write(&writing, Method::GET, &path, NO_BODY, move |_, view: PostView| opened.set(Some(view)));
        })
    };
    let act = |tail: &str| {
        let (space, opened, path, writing) = (props.space.clone(), opened.clone(), path(tail), writing.clone());
        Callback::from(move |_: MouseEvent| {
            let opened = opened.clone();
            space.write(&writing, Method::POST, &path, NO_BODY, move |_, view: PostView| opened.set(Some(view)));
        })
    };
    html! {
        <li class="card board-post" id={format!("post-{}-{}", p.group_id, p.id)}>
            <p class="tag">{ what(tr, p.side, p.kind) }</p>
            <h4 class="card-title">{ &p.title }</h4>
            <p class="hint">
                { &p.area }{ if p.dates.is_empty() { String::new() } else { format!(" · {}", p.dates) } }
                { " · " }{ tr.places(p.places) }
            </p>
            if let Some(failure) = (*writing).clone() { <WriteFailure {failure} /> }
            { match &*opened {
                None => html! {
                    <button class="button-secondary open-post" disabled={writing.busy()} onclick={open}>{ tr.open_post() }</button>
                },
                Some(view) => html! {
                    <>
                        if let Some(title) = &view.group_title { <p class="hint">{ tr.posted_in(title.get(tr.lang())) }</p> }
                        if !view.details.is_empty() { <p>{ &view.details }</p> }
                        { match view.my_interest {
                            None => html! {
                                <button class="button-primary interested" disabled={writing.busy()} onclick={act("/interest")}>{ tr.interested() }</button>
                            },
                            Some(state) => html! { <p class="interest-state" role="status"><strong>{ tr.my_interest_state(state) }</strong></p> },
                        } }
                        if let Some(contact) = &view.poster { { contact_card(tr, contact) } }
                        if view.my_interest == Some(InterestState::Accepted) {
                            <button class="button-secondary mark-done" disabled={writing.busy()} onclick={act("/done")}>{ tr.mark_done() }</button>
                        }
                    </>
                },
            } }
        </li>
    }
}

#[derive(Properties, PartialEq)]
struct FormProps {
    space: Space,
    board: UseStateHandle<Remote<MemberBoard>>,
}

/// Offer or ask for something.
#[function_component]
fn PostForm(props: &FormProps) -> Html {
    let tr = use_tr();
    let submit = use_submit();
    let side = use_state(|| PostSide::Offer);
    let kind = use_state(|| OpportunityKind::Visit);
    let nodes = use_state(|| (0..5).map(|_| NodeRef::default()).collect::<Vec<_>>());
    let done = use_state(|| false);
    let onsubmit = {
        let (space, board, submit, side, kind, nodes, done) = (
            props.space.clone(),
            props.board.clone(),
            submit.clone(),
            side.clone(),
            kind.clone(),
            nodes.clone(),
            done.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            done.set(false);
            let body = PostBody {
                side: *side,
                kind: *kind,
                title: value_in(&nodes[0]),
                details: value_in(&nodes[1]),
                area: value_in(&nodes[2]),
                dates: value_in(&nodes[3]),
                // Unreadable: out of range on purpose, so the Worker names the field.
                places: value_in(&nodes[4]).trim().parse().unwrap_or(0),
            };
            let (board, done) = (board.clone(), done.clone());
            space.write(&submit, Method::POST, "/board", Some(body), move |space, _: PostView| {
                done.set(true);
                reload(space, &board);
            });
        })
    };
    let on_side = {
        let (side, submit) = (side.clone(), submit.clone());
        Callback::from(move |value: String| {
            side.set(if value == "request" { PostSide::Request } else { PostSide::Offer });
            submit.forget("side");
        })
    };
    let on_kind = {
        let (kind, submit) = (kind.clone(), submit.clone());
        Callback::from(move |value: String| {
            kind.set(OpportunityKind::ALL.into_iter().find(|k| k.code() == value).unwrap_or(OpportunityKind::Visit));
            submit.forget("kind");
        })
    };
    let sides: Rc<[(AttrValue, AttrValue)]> = [PostSide::Offer, PostSide::Request]
        .into_iter()
        .map(|s| (AttrValue::from(side_code(s)), AttrValue::from(tr.post_side(s))))
        .collect();
    let kinds: Rc<[(AttrValue, AttrValue)]> = OpportunityKind::ALL
        .into_iter()
        .map(|k| (AttrValue::from(k.code()), AttrValue::from(tr.opportunity(k))))
        .collect();
    let problem = |field: &str| Problem::from(submit.problems().of(field));
    html! {
        <form class="signup member-form post-form" {onsubmit} novalidate=true ref={submit.form()}>
            <h3>{ tr.post_heading() }</h3>
            { submit.notice(tr) }
            <Field id="post-side" label={tr.post_side_label()} control={Control::Choice(sides)} value={side_code(*side)}
                problem={problem("side")} oninput={on_side} />
            <Field id="post-kind" label={tr.post_kind_label()} control={Control::Choice(kinds)} value={kind.code()}
                problem={problem("kind")} oninput={on_kind} />
            <Field id="post-title" label={tr.post_title()} problem={problem("title")}
                oninput={forgetting(&submit, "title")} node={nodes[0].clone()} />
            <Field id="post-details" label={tr.post_details()} control={Control::Multiline { rows: 3 }}
                problem={problem("details")} oninput={forgetting(&submit, "details")} node={nodes[1].clone()} />
            <Field id="post-area" label={tr.post_area()} problem={problem("area")} oninput={forgetting(&submit, "area")}
                node={nodes[2].clone()} />
            <Field id="post-dates" label={tr.post_dates()} problem={problem("dates")}
                oninput={forgetting(&submit, "dates")} node={nodes[3].clone()} />
            <Field id="post-places" label={tr.post_places()} control={Control::Number} problem={problem("places")}
                oninput={forgetting(&submit, "places")} node={nodes[4].clone()} />
            if *done { <p class="notice notice-ok" role="status">{ tr.posted() }</p> }
            <button class="button-primary publish-post" type="submit" disabled={submit.busy()}>
                { tr.publish_post() }
            </button>
        </form>
    }
}

/// The `<option>` value of a side (what the API calls it).
fn side_code(side: PostSide) -> &'static str {
    match side {
        PostSide::Offer => "offer",
        PostSide::Request => "request",
    }
}
