//! Helping out at a family group's sessions (`/member/{token}/helping`): the upcoming sessions'
//! tasks, "3 of 5 covered", and one tap to take a place or give it back. The group's object
//! keeps every task within what it needs; this shows what it answers.

use gloo_net::http::Method;
use village_shared::api::helping::{FamilyTasks, FamilyTopics, TaskView, TopicBody};
use yew::prelude::*;

use crate::api::request_with;
use crate::components::{ErrorNotice, Field, Loading, Problem, WriteFailure};
use crate::hooks::{spawn_write, use_remote, use_submit, use_writing, Remote};
use crate::i18n::format::date_time;
use crate::i18n::use_tr;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub token: String,
}

#[function_component]
pub fn HelpingPage(props: &Props) -> Html {
    let tr = use_tr();
    let lang = tr.lang();
    let (remote, retry, state) = use_remote((props.token.clone(), lang), |(token, lang)| async move {
        let path = format!("/api/manage/{token}/tasks");
        request_with::<FamilyTasks>(Method::GET, &path, None::<&()>, lang, None).await.map(|(_, tasks)| tasks)
    });
    let writing = use_writing();
    let tasks = match remote {
        Remote::Loading => return html! { <Loading /> },
        Remote::Failed(failure) => return html! { <ErrorNotice {failure} on_retry={retry} /> },
        Remote::Ready(tasks) => tasks,
    };
    let tap = |task: &TaskView| {
        let (token, id, take, writing, state) = (props.token.clone(), task.id.clone(), !task.mine, writing.clone(), state.clone());
        Callback::from(move |_: MouseEvent| {
            let path = format!("/api/manage/{token}/tasks/{id}");
            let method = if take { Method::PUT } else { Method::DELETE };
            let future = async move { request_with::<FamilyTasks>(method, &path, None::<&()>, lang, None).await.map(|(_, t)| t) };
            let state = state.clone();
            spawn_write(future, writing.clone(), move |answer| state.set(Remote::Ready(answer)));
        })
    };
    html! {
        <article class="helping">
            <h1>{ tr.helping_heading() }</h1>
            <p>{ tr.helping_intro() }</p>
            if let Some(failure) = (*writing).clone() { <WriteFailure {failure} /> }
            if tasks.sessions.is_empty() { <p class="empty">{ tr.helping_none() }</p> }
            { for tasks.sessions.iter().map(|session| {
                let covered: u8 = session.tasks.iter().map(|t| t.taken).sum();
                let needed: u8 = session.tasks.iter().map(|t| t.needed).sum();
                html! {
                    <section class="card helping-session">
                        <h2><time datetime={session.starts_at.to_rfc3339()}>{ date_time(session.starts_at, lang) }</time></h2>
                        <p class="meta covered">{ tr.places_covered(covered, needed) }</p>
                        <ul class="tasks">
                            { for session.tasks.iter().map(|task| {
                                let full = task.taken >= task.needed && !task.mine;
                                html! {
                                    <li class={classes!("task", task.mine.then_some("mine"))}>
                                        <span class="task-info">
                                            <span class="task-title">{ task.title.get(lang) }</span>
                                            <span class="meta">{ format!(" · {}/{}", task.taken, task.needed) }</span>
                                            if task.mine { <strong class="task-mine">{ " · " }{ tr.task_yours() }</strong> }
                                        </span>
                                        <button type="button" class={if task.mine { "button-secondary give-back" } else { "button-primary take-task" }}
                                            disabled={full || writing.busy()} onclick={tap(task)}>
                                            { if task.mine { tr.task_give_back() } else if full { tr.task_full() } else { tr.task_take() } }
                                        </button>
                                    </li>
                                }
                            }) }
                        </ul>
                    </section>
                }
            }) }
            <TopicForm token={props.token.clone()} />
            <p><a href={format!("/manage/{}", props.token)}>{ tr.helping_back() }</a></p>
        </article>
    }
}

/// "What would you like a visitor to talk about?": the family's own suggestions, and one more.
#[function_component]
fn TopicForm(props: &Props) -> Html {
    let tr = use_tr();
    let lang = tr.lang();
    let (remote, _, state) = use_remote((props.token.clone(), lang), |(token, lang)| async move {
        let path = format!("/api/manage/{token}/topics");
        request_with::<FamilyTopics>(Method::GET, &path, None::<&()>, lang, None).await.map(|(_, t)| t)
    });
    let submit = use_submit();
    let text = use_state(String::new);
    let on_text = submit.typed(&text, "text");
    let onsubmit = {
        let (token, submit, state, text) = (props.token.clone(), submit.clone(), state.clone(), text.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let body = TopicBody { text: (*text).clone() };
            let path = format!("/api/manage/{token}/topics");
            let future = async move { request_with::<FamilyTopics>(Method::POST, &path, Some(&body), lang, None).await.map(|(_, t)| t) };
            let (state, text) = (state.clone(), text.clone());
            submit.send(future, move |answer| {
                text.set(String::new());
                state.set(Remote::Ready(answer));
            });
        })
    };
    let Remote::Ready(topics) = remote else { return html! {} };
    html! {
        <form class="card signup topic-form" {onsubmit} novalidate=true ref={submit.form()}>
            <h2>{ tr.topic_heading() }</h2>
            if !topics.ideas.is_empty() {
                <p class="meta">{ tr.topic_yours() }{ " " }{ topics.ideas.join(" · ") }</p>
            }
            { submit.notice(tr) }
            <Field id="topic-text" label={tr.topic_label()} hint={tr.topic_hint()} value={(*text).clone()}
                maxlength={village_shared::rules::topics::TOPIC_MAX.to_string()}
                problem={Problem::from(submit.problems().of("text"))} oninput={on_text} />
            <button class="button-primary suggest-topic" type="submit" disabled={submit.busy()}>
                { tr.suggest_topic() }
            </button>
        </form>
    }
}
