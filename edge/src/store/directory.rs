//! The signposting directory in KV: `directory:{id}` → the `DirectoryEntry`, with its
//! `EntrySummary` as the key's metadata, so a page of the directory (public or the leaders'
//! queue) is one listing whatever its size; and `directory-report:{entry}:{newest first id}` →
//! a `DirectoryReport` (also its metadata, the note cut to fit), kept until the entry is
//! checked, edited or retired, and at most 180 days; and `directory-steward:{id}` → the
//! `TeamContact` of whoever last added, edited or checked it (told when a report comes in;
//! never in a public answer).

use village_shared::api::directory::EntrySummary;
use village_shared::model::{DirectoryEntry, DirectoryReport, Steward};
use worker::Result;

use super::{keys, Store};

/// Reports listed at once (KV lists up to 1,000 keys at once; at most `REPORTS_PER_ENTRY` wait
/// on one entry).
const REPORTS_PAGE: u64 = 1_000;
const REPORT_TTL_SECS: u64 = 180 * 24 * 3600;

fn entry_key(id: &str) -> String {
    keys::DIRECTORY.key(id)
}

fn steward_key(id: &str) -> String {
    keys::DIRECTORY_STEWARD.key(id)
}

fn report_prefix(entry: &str) -> String {
    keys::DIRECTORY_REPORT.scope(entry)
}

impl Store {
    pub async fn directory_entry(&self, id: &str) -> Result<Option<DirectoryEntry>> {
        if !village_shared::rules::directory::is_entry_id(id) {
            return Ok(None);
        }
        self.get(&entry_key(id)).await
    }

    /// Who last vouched for an entry (added, edited or checked it), and whether a report has
    /// been sent to them since.
    pub async fn directory_steward(&self, id: &str) -> Result<Option<Steward>> {
        self.get(&steward_key(id)).await
    }

    pub async fn put_directory_steward(&self, id: &str, steward: &Steward) -> Result<()> {
        self.put(&steward_key(id), steward).await
    }

    pub async fn put_directory_entry(&self, entry: &DirectoryEntry) -> Result<()> {
        // KV keeps 1,024 bytes beside a key: texts a summary could not hold are cut, longest
        // first; what is left when they are all gone (it cannot be, with a valid entry) goes.
        let mut summary = EntrySummary::of(entry);
        while serde_json::to_string(&summary)?.len() > village_shared::api::METADATA_JSON_MAX {
            let texts = [&mut summary.name.en, &mut summary.name.es, &mut summary.organization, &mut summary.area];
            if !village_shared::api::shorten_longest(texts) {
                summary.phone = None;
                summary.languages.truncate(3);
                break;
            }
        }
        self.put_with_metadata(&entry_key(&entry.id), entry, serde_json::to_value(&summary)?).await
    }

    /// One listing page of the directory's summaries (retired and unchecked ones too: the caller
    /// decides what its reader may see).
    pub async fn directory_page(&self, cursor: Option<String>, size: u32) -> Result<(Vec<EntrySummary>, Option<String>)> {
        let (keys, next) = self.list_page(keys::DIRECTORY.prefix(), cursor, size as u64).await?;
        let summaries =
            keys.into_iter().filter_map(|(_, metadata)| serde_json::from_value::<EntrySummary>(metadata?).ok()).collect();
        Ok((summaries, next))
    }

    /// A page of whole entries, `size` at most (one listing and a read each, only of those
    /// `keep` accepts by their summary), for the export.
    pub async fn directory_entries(
        &self,
        cursor: Option<String>,
        size: u64,
        keep: impl Fn(&EntrySummary) -> bool,
    ) -> Result<(Vec<DirectoryEntry>, Option<String>)> {
        let (keys, next) = self.list_page(keys::DIRECTORY.prefix(), cursor, size).await?;
        let mut entries = Vec::with_capacity(keys.len());
        for (id, metadata) in keys {
            let summary = metadata.and_then(|m| serde_json::from_value::<EntrySummary>(m).ok());
            if summary.is_some_and(|s| keep(&s)) {
                entries.extend(self.directory_entry(&id).await?);
            }
        }
        Ok((entries, next))
    }

    pub async fn put_directory_report(&self, report: &DirectoryReport) -> Result<()> {
        let mut listed = report.clone();
        while serde_json::to_string(&listed)?.len() > 1000 {
            let keep = listed.note.as_deref().map_or(0, |n| n.chars().count().saturating_sub(16));
            listed.note = listed.note.map(|n| n.chars().take(keep).collect::<String>() + "…");
        }
        let key = format!("{}{}", report_prefix(&report.entry), report.id);
        self.write(&key, serde_json::to_string(report)?, Some(serde_json::to_value(&listed)?), Some(REPORT_TTL_SECS))
            .await
    }

    /// The reports waiting (one listing page), newest first.
    pub async fn directory_reports(&self) -> Result<Vec<DirectoryReport>> {
        let (keys, _) = self.list_page(keys::DIRECTORY_REPORT.prefix(), None, REPORTS_PAGE).await?;
        let mut reports: Vec<DirectoryReport> = keys
            .into_iter()
            .filter_map(|(_, metadata)| serde_json::from_value::<DirectoryReport>(metadata?).ok())
            .collect();
        reports.sort_by(|a, b| b.at.cmp(&a.at));
        Ok(reports)
    }

    /// How many reports wait on an entry, counting up to `at_most` (one listing).
    pub async fn directory_reports_waiting(&self, entry: &str, at_most: u64) -> Result<usize> {
        Ok(self.list_page(&report_prefix(entry), None, at_most).await?.0.len())
    }

    /// An entry was checked, edited or retired: its reports have been answered.
    pub async fn clear_directory_reports(&self, entry: &str) -> Result<usize> {
        let prefix = report_prefix(entry);
        let (keys, _) = self.list_page(&prefix, None, REPORTS_PAGE).await?;
        for (id, _) in &keys {
            self.delete(&format!("{prefix}{id}")).await?;
        }
        Ok(keys.len())
    }
}
