use village_shared::model::Group;
use yew::prelude::*;

use crate::i18n::{group_date_time, time_in_zone, use_tr, viewer_zone};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub group: Group,
}

/// Every session with its topic, in the viewer's time zone (named), and the group's own clock
/// beside it when the two differ. Rendered by the Worker, which knows no viewer: on the
/// group's clock, named.
#[function_component]
pub fn SessionList(props: &Props) -> Html {
    let tr = use_tr();
    let lang = tr.lang();
    let zone = viewer_zone();
    let group_zone = &props.group.time_zone;
    let other_zone = zone.as_ref().is_some_and(|z| z != group_zone);
    let hint = match &zone {
        Some(zone) => tr.times_in_your_zone(zone),
        None => tr.times_in_group_zone(group_zone),
    };
    let mut sessions = props.group.sessions.clone();
    sessions.sort_by_key(|s| s.starts_at);
    html! {
        <>
            <p class="hint">{ hint }</p>
            <ol class="sessions">
                { for sessions.iter().enumerate().map(|(i, s)| html! {
                    <li>
                        <p class="session-when">
                            <time datetime={s.starts_at.to_rfc3339()}>{ group_date_time(s.starts_at, lang, group_zone) }</time>
                            if other_zone {
                                <span class="group-time">{ " " }{ tr.group_time(&time_in_zone(s.starts_at, lang, group_zone)) }</span>
                            }
                        </p>
                        <p class="session-topic">{
                            if s.topic.get(lang).is_empty() { tr.session_number(i + 1) } else { s.topic.get(lang).to_string() }
                        }</p>
                        if let Some(v) = &s.visitor {
                            <p class="session-visitor">
                                { v.line(lang) }
                                // Their organisation in the signposting directory, when it is there.
                                if let Some(entry) = &v.directory_entry {
                                    { " " }<a href={format!("/directory/?q={entry}")}>{ tr.visitor_in_directory() }</a>
                                }
                            </p>
                        }
                    </li>
                }) }
            </ol>
        </>
    }
}
