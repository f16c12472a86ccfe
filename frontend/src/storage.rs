//! "My groups": what this device remembers about the person's signups, so they can find their
//! manage links again (and, later, read their schedule offline).

use gloo_storage::{LocalStorage, Storage};
use serde::{Deserialize, Serialize};
use village_shared::api::ManageResponse;
use village_shared::model::{Bilingual, GroupKind, SignupStatus};

const KEY: &str = "village.my-groups";

fn detail_key(token: &str) -> String {
    format!("village.signup.{token}")
}

/// What the phone keeps under `key`, if it reads as a `T`.
pub fn read<T: serde::de::DeserializeOwned>(key: &str) -> Option<T> {
    crate::json::decode(&LocalStorage::raw().get_item(key).ok()??)
}

/// Keep `value` under `key` (a phone's storage may be full or switched off: then it is not kept).
pub fn write<T: Serialize + ?Sized>(key: &str, value: &T) {
    if let Some(json) = crate::json::encode(value) {
        let _ = LocalStorage::raw().set_item(key, &json);
    }
}

/// The last copy of a signup seen online, for reading it offline.
pub fn saved_signup(token: &str) -> Option<ManageResponse> {
    read(&detail_key(token))
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SavedSignup {
    pub token: String,
    pub group_id: String,
    pub title: Bilingual,
    pub status: SignupStatus,
    pub waitlist_position: Option<u32>,
}

pub fn my_groups() -> Vec<SavedSignup> {
    read(KEY).unwrap_or_default()
}

/// Add or refresh one signup (by its token); `answer` is the Worker's answer as it came, kept
/// as it came for reading offline (so the app carries no code to write a signup back out).
/// Not a local group's: its answer also lists its meetings, whose places are members' homes,
/// which no device keeps; its offline copy is the list's line.
pub fn remember(token: &str, manage: &ManageResponse, answer: &str) {
    let mut all = my_groups();
    all.retain(|s| s.token != token);
    all.insert(
        0,
        SavedSignup {
            token: token.to_string(),
            group_id: manage.group.group.id.clone(),
            title: manage.group.group.title.clone(),
            status: manage.signup.status,
            waitlist_position: manage.signup.waitlist_position,
        },
    );
    write(KEY, &all);
    if manage.group.group.kind == GroupKind::LocalGroup {
        LocalStorage::delete(detail_key(token));
    } else {
        let _ = LocalStorage::raw().set_item(&detail_key(token), answer);
    }
    crate::app::keep_manage_bundle();
}
