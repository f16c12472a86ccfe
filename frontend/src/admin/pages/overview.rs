//! The network at a glance: this week's sessions, fill and waitlists, where demand is,
//! attendance by session, completions and incentives owed, the updates list. Small inline
//! SVG charts with the numbers beside them.

use village_shared::model::Audience;
use village_shared::rules::progress::{Overview as Summary, Tally};
use village_shared::Language;
use yew::prelude::*;

use crate::admin::charts::{Bar, Bars, Columns};
use crate::admin::{api, AdminRoute};
use crate::components::{ErrorNotice, Loading};
use crate::hooks::{spawn_write, use_remote, use_writing, Remote};
use crate::i18n::{use_tr, Tr};
use crate::router::RouteLink;

fn audience_name(tr: Tr, code: &str) -> String {
    Audience::ALL.iter().find(|a| a.code() == code).map(|a| tr.audience(*a).to_string()).unwrap_or(code.into())
}

fn language_label(tr: Tr, code: &str) -> String {
    Language::from_tag(code).map(|l| tr.language_name(l).to_string()).unwrap_or(code.into())
}

fn tally_bars(tallies: &[Tally], name: impl Fn(&str) -> String, tr: Tr) -> Vec<Bar> {
    tallies
        .iter()
        .map(|t| Bar {
            label: name(&t.key),
            value: t.count,
            behind: None,
            note: format!("{} {}", t.count, tr.waiting_label()),
        })
        .collect()
}

#[function_component]
pub fn Overview() -> Html {
    let tr = use_tr();
    let lang = tr.lang();
    let (overview, retry, _) = use_remote((), move |_| api::overview(lang));
    // An export arrives a page at a time and is saved as one file; its button waits meanwhile.
    let downloading = use_writing();
    let download = |path: &'static str, filename: &'static str| {
        let downloading = downloading.clone();
        Callback::from(move |_: MouseEvent| {
            spawn_write(api::download_csv(path, filename, lang), downloading.clone(), |_| ());
        })
    };
    let o: Summary = match overview {
        Remote::Loading => return html! { <Loading /> },
        Remote::Failed(failure) => return html! { <ErrorNotice {failure} on_retry={retry} /> },
        Remote::Ready(o) => o,
    };
    let fill: Vec<Bar> = o
        .fill
        .iter()
        .map(|g| Bar {
            label: match g.term.get(lang) {
                "" => g.title.get(lang).to_string(),
                term => format!("{} · {term}", g.title.get(lang)),
            },
            value: g.confirmed,
            behind: Some(g.capacity),
            note: format!(
                "{}/{} {} · {} {}",
                g.confirmed,
                g.capacity,
                tr.seats_label(),
                g.waitlist,
                tr.waiting_label()
            ),
        })
        .collect();
    let attendance: Vec<Bar> = o
        .attendance
        .iter()
        .map(|s| Bar {
            label: format!("{} · {}", s.title.get(lang), crate::i18n::short_date(s.starts_at, lang)),
            value: s.present,
            behind: Some(s.expected),
            note: format!(
                "{} · {}%",
                tr.present_of(s.present, s.expected),
                (s.present * 100).checked_div(s.expected).unwrap_or(0)
            ),
        })
        .collect();
    let t = &o.incentives;
    let s = &o.subscribers;
    let weekly_words = s
        .weekly
        .iter()
        .rev()
        .enumerate()
        .map(|(i, n)| format!("{}: {n}", tr.weeks_ago(i)))
        .collect::<Vec<_>>()
        .join(", ");
    html! {
        <section class="overview">
            <h1>{ tr.overview_heading() }</h1>
            <p class="actions">
                <button type="button" class="button-secondary download-incentives" disabled={downloading.busy()} onclick={download("/api/admin/incentives.csv", "incentives.csv")}>{ tr.download_incentives() }</button>
                <button type="button" class="button-secondary download-subscribers" disabled={downloading.busy()} onclick={download("/api/admin/subscribers.csv", "subscribers.csv")}>{ tr.download_subscribers() }</button>
            </p>
            if downloading.busy() { <p class="meta" role="status">{ tr.downloading() }</p> }
            if let Some(failure) = (*downloading).clone() { <ErrorNotice {failure} /> }

            <h2>{ tr.this_week_heading() }</h2>
            if o.this_week.is_empty() {
                <p>{ tr.nothing_this_week() }</p>
            } else {
                <ul class="week">
                    { for o.this_week.iter().map(|w| html! {
                        <li>
                            <strong>{ crate::i18n::time_in_zone(w.starts_at, lang, &w.time_zone) }</strong>{ " · " }{ crate::i18n::short_date(w.starts_at, lang) }{ " · " }
                            <RouteLink<AdminRoute> to={AdminRoute::Attendance { id: w.group_id.clone() }}>{ w.title.get(lang) }</RouteLink<AdminRoute>>
                            if w.capacity > 0 { { " · " }{ format!("{}/{}", w.confirmed, w.capacity) } }
                        </li>
                    }) }
                </ul>
            }

            <h2>{ tr.fill_heading() }</h2>
            <Bars bars={fill} title={tr.fill_heading().to_string()} class="fill-chart" />

            <h2>{ tr.demand_heading() }</h2>
            <p class="meta">{ tr.demand_intro() }</p>
            if o.demand_by_language.is_empty() {
                <p>{ tr.nobody_waiting() }</p>
            } else {
                <h3>{ tr.demand_language() }</h3>
                <Bars bars={tally_bars(&o.demand_by_language, |c| language_label(tr, c), tr)} title={tr.demand_language().to_string()} class="demand-language" />
                <h3>{ tr.demand_audience() }</h3>
                <Bars bars={tally_bars(&o.demand_by_audience, |c| audience_name(tr, c), tr)} title={tr.demand_audience().to_string()} />
                <h3>{ tr.demand_program() }</h3>
                <Bars bars={tally_bars(&o.demand_by_program, |c| c.to_string(), tr)} title={tr.demand_program().to_string()} />
            }

            <h2>{ tr.attendance_heading() }</h2>
            if attendance.is_empty() {
                <p>{ tr.no_attendance_yet() }</p>
            } else {
                <Bars bars={attendance} title={tr.attendance_heading().to_string()} class="attendance-chart" />
            }

            <h2>{ tr.incentives_owed_heading() }</h2>
            <ul class="figures">
                <li>{ tr.completed_count(t.completed) }</li>
                <li class={classes!((t.stipends_owed > 0).then_some("owed-text"))}>{ tr.stipends_owed(t.stipends_owed, t.stipend_amount_owed) }</li>
                <li>{ tr.stipends_issued(t.stipends_issued, t.stipend_amount_issued) }</li>
                <li class={classes!((t.kits_owed > 0).then_some("owed-text"))}>{ tr.kits(t.kits_owed, t.kits_shipped) }</li>
            </ul>

            <h2>{ tr.subscribers_heading() }</h2>
            <p>{ tr.subscribers_summary(s.confirmed, s.pending, s.new_last_7_days, s.new_last_30_days) }</p>
            <Columns values={s.weekly.clone()} title={weekly_words} />
        </section>
    }
}
