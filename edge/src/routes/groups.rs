use chrono::DurationRound;
use worker::Result;

use village_shared::api::seat_protocol::{CapacityReply, CatalogueCommand, SeatCommand};
use village_shared::api::{
    group_problems, CataloguePage, ErrorCode, GroupDetail, NextStep, ProgrammeName, SeatCount, PREREQUISITES_MAX,
};
use village_shared::model::{Bilingual, Format, Group, GroupPrivate, Prerequisite};
use village_shared::rules::finding::{catalogue_page, CatalogueQuery};
use village_shared::Language;

use super::{json, refused, refused_fields, Answer, Ctx};
use crate::objects;
use crate::store::Store;

/// `GET /api/groups?{filters}&near=&tz=&program=&cursor=`: one page of the catalogue
/// (`rules::finding::catalogue_page`), found from the listed facts (one KV operation per 1,000
/// published groups) and then its cards (one read each, at most a page). Day and time filters
/// read each group's first session on the viewer's clock (`tz`, the browser's zone; UTC
/// without one).
pub async fn catalogue(ctx: &Ctx, req: &worker::Request) -> Answer {
    let url = req.url()?;
    let pairs: Vec<(String, String)> = url.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
    json(200, &load_catalogue(ctx, &pairs).await?)
}

/// The catalogue's page for a query's `pairs` (the API's answer, and the first of `/`).
pub async fn load_catalogue(ctx: &Ctx, pairs: &[(String, String)]) -> Result<CataloguePage> {
    let query = CatalogueQuery::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    let zone = pairs.iter().find(|(k, _)| k == "tz").map(|(_, v)| v.clone()).filter(|z| crate::zones::is_known_zone(z));
    let zone = zone.unwrap_or_else(|| "UTC".to_string());
    let local = |at: chrono::DateTime<chrono::Utc>| {
        crate::zones::weekday_and_hour(at, &zone).unwrap_or((chrono::Datelike::weekday(&at), chrono::Timelike::hour(&at)))
    };
    let store = Store::from_env(&ctx.env)?;
    let size = crate::limits::limits(&ctx.env).catalogue_page_size as usize;
    let found = catalogue_page(store.catalogue_facts().await?, &query, local, size);
    let cards = store.catalogue_cards(&found.ids).await?;
    Ok(found.with_cards(cards))
}

/// `GET /api/groups/{id}`: the group document with its exact, live seat count.
pub async fn detail(ctx: &Ctx, id: &str) -> Answer {
    match load_page_detail(ctx, id).await? {
        Some(detail) => json(200, &detail),
        None => Err(refused(ErrorCode::GroupNotFound, ctx.lang)),
    }
}

/// The group as its page shows it: [`load_detail`] with what the programmes its prerequisites
/// name are called.
pub async fn load_page_detail(ctx: &Ctx, id: &str) -> Result<Option<GroupDetail>> {
    let Some(mut detail) = load_detail(ctx, id).await? else { return Ok(None) };
    detail.programmes = programme_names(&Store::from_env(&ctx.env)?, &detail.group).await;
    Ok(Some(detail))
}

/// A public group with its live seat count (beside a signup, as `manage` shows it: its
/// prerequisites' programmes unnamed, see [`load_page_detail`]).
pub async fn load_detail(ctx: &Ctx, id: &str) -> Result<Option<GroupDetail>> {
    // Drafts are the network's work in progress: not found until published.
    let Some(group) = Store::from_env(&ctx.env)?.group(id).await?.filter(|g| g.status.is_public()) else {
        return Ok(None);
    };
    let mut group = group;
    if !group.status.accepts_signups() {
        // Unpublished or archived: closed to newcomers. The app already says "Registration
        // closed" (and points to the next term) for a window that has shut, so say it that way:
        // shut since the day began (the same answer all day, so its page's drawing is kept).
        let now = crate::clock::now();
        let t = now.duration_trunc(chrono::Duration::days(1)).unwrap_or(now);
        let opens_at = group.registration.map_or(t, |w| w.opens_at).min(t - chrono::Duration::days(1));
        group.registration = Some(village_shared::model::RegistrationWindow { opens_at, closes_at: t });
    }
    let count: SeatCount = objects::group_seats(&ctx.env, id, &SeatCommand::Count).await?;
    Ok(Some(GroupDetail { group, seats_left: count.seats_left, waitlist_length: count.waitlist_length, programmes: Vec::new() }))
}

/// What each programme `group`'s prerequisites name is called: the titles of the groups that
/// name them (`NextStep::group_naming`, as a refusal's next step does), found from the listed
/// facts (one KV operation per 1,000 published groups) and then read (at most two cards a
/// prerequisite, `PREREQUISITES_MAX` of them). None without prerequisites; a failure leaves
/// them unnamed (the page says each programme's id), not the page unanswered.
async fn programme_names(store: &Store, group: &Group) -> Vec<ProgrammeName> {
    if group.prerequisites.is_empty() {
        return Vec::new();
    }
    match read_programme_names(store, &group.prerequisites[..group.prerequisites.len().min(PREREQUISITES_MAX)]).await {
        Ok(names) => names,
        Err(e) => {
            worker::console_error!("naming {}'s prerequisites: {e}", group.id);
            Vec::new()
        }
    }
}

async fn read_programme_names(store: &Store, prerequisites: &[Prerequisite]) -> Result<Vec<ProgrammeName>> {
    let (facts, now) = (store.catalogue_facts().await?, crate::clock::now());
    // For each prerequisite, the group naming its programme in English and in Spanish.
    let naming: Vec<(&Prerequisite, [Option<String>; 2])> = prerequisites
        .iter()
        .map(|p| (p, [Language::En, Language::Es].map(|lang| NextStep::group_naming(p, &facts, lang, now).map(|g| g.id.clone()))))
        .collect();
    let mut ids: Vec<String> = naming.iter().flat_map(|(_, ids)| ids.iter().flatten().cloned()).collect();
    ids.sort();
    ids.dedup();
    let cards = store.catalogue_cards(&ids).await?;
    let title = |id: &Option<String>, lang| cards.iter().find(|c| Some(&c.id) == id.as_ref()).map(|c| c.title.get(lang).to_string());
    let mut names: Vec<ProgrammeName> = Vec::new();
    for (p, [en, es]) in &naming {
        if names.iter().any(|n| n.program == p.program()) {
            continue;
        }
        if let (Some(en), Some(es)) = (title(en, Language::En), title(es, Language::Es)) {
            names.push(ProgrammeName { program: p.program().to_string(), name: Bilingual { en, es } });
        }
    }
    Ok(names)
}

/// Validate and store a group (from the dashboard or the seeding tool): the document, its
/// private details, its seats through its object (a larger capacity promotes from the
/// waitlist, with messages), and its catalogue entry. An in-person group with a US ZIP or a UK
/// postcode and no point gets that code's centre for "nearest first". Refused with what is
/// wrong, field by field, in `ctx.lang`.
pub async fn save(ctx: &Ctx, group: &mut Group, private: Option<&GroupPrivate>) -> Answer<CapacityReply> {
    let mut problems = group_problems(group, ctx.lang);
    if !crate::zones::is_known_zone(&group.time_zone) {
        problems.push(village_shared::api::unknown_zone_problem(ctx.lang));
    }
    if !problems.is_empty() {
        return Err(refused_fields(problems, ctx.lang));
    }
    // Only for a group that will be stored: a refusal spends nothing.
    if let Format::InPerson { postcode, point: point @ None, .. } = &mut group.format {
        *point = crate::places::point_of(&ctx.env, postcode).await;
    }
    let store = Store::from_env(&ctx.env)?;
    store.put_group(group).await?;
    if let Some(private) = private {
        store.put_group_private(&group.id, private).await?;
    }
    let command = SeatCommand::SetCapacity {
        group_id: group.id.clone(),
        capacity: group.capacity,
        sessions: group.reminded_sessions(),
        reminding: group.sends_reminders(),
    };
    let reply: CapacityReply = objects::group_seats(&ctx.env, &group.id, &command).await?;
    objects::catalogue_index(&ctx.env, &CatalogueCommand::Group { group: group.clone() }).await?;
    Ok(reply)
}
