//! Buddies at a family group, on the wire: what a family sees from their link (their request,
//! their offer, their pairings — the other family by first name, their contact only when both
//! agreed) and what a leader sees on the dashboard (the queue with ranked suggestions).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::rules::buddies::{AgeBand, Ask, Offer, Pairing, PairingState};
use crate::rules::election::public_name;

/// One of a family's pairings, from their side.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PairingView {
    pub id: String,
    /// `true` when this family is the buddy (they may step back).
    pub is_buddy: bool,
    /// The other family's first name and initial.
    pub other: String,
    /// The other family's email and phone, only when both agreed to share.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact: Option<String>,
    #[serde(default, deserialize_with = "crate::wire_time::utc_opt")]
    pub meet_at: Option<DateTime<Utc>>,
    pub state: PairingState,
}

impl PairingView {
    /// `name`: the other family's (empty once they are erased); `contact`: their contact line
    /// while they are in the group — shown only as `Pairing::shows_contact` allows.
    pub fn of(pairing: &Pairing, signup: &str, name: &str, contact: Option<String>) -> PairingView {
        PairingView {
            id: pairing.id.clone(),
            is_buddy: pairing.buddy == signup,
            other: public_name(name),
            contact: contact.filter(|_| pairing.shows_contact()),
            meet_at: pairing.meet_at.and_then(|s| DateTime::from_timestamp(s, 0)),
            state: pairing.state,
        }
    }
}

/// `GET /api/manage/{token}/buddy`, and the answer to every family act on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FamilyBuddies {
    /// What they asked for, while they wait.
    pub asked: Option<Ask>,
    /// Their offer to be a buddy, and how many more families it has room for.
    pub offered: Option<Offer>,
    pub free: u8,
    pub pairings: Vec<PairingView>,
    /// The group's sessions ahead, for "the session I usually come to".
    #[serde(deserialize_with = "crate::wire_time::utc_vec")]
    pub sessions: Vec<DateTime<Utc>>,
}

/// A buddy suggested for a waiting family, best first (`Buddies::suggestions`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Suggestion {
    pub signup_id: String,
    pub name: String,
    pub languages: Vec<String>,
    pub age_band: AgeBand,
    pub free: u8,
}

/// A waiting family on the leader's queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WaitingFamily {
    pub signup_id: String,
    pub name: String,
    pub ask: Ask,
    #[serde(deserialize_with = "crate::wire_time::utc")]
    pub since: DateTime<Utc>,
    pub suggestions: Vec<Suggestion>,
}

/// A pairing as the leader sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PairingRow {
    pub id: String,
    pub newcomer: String,
    pub buddy: String,
    #[serde(deserialize_with = "crate::wire_time::utc")]
    pub paired_at: DateTime<Utc>,
    #[serde(default, deserialize_with = "crate::wire_time::utc_opt")]
    pub meet_at: Option<DateTime<Utc>>,
    pub state: PairingState,
    #[serde(default, deserialize_with = "crate::wire_time::utc_opt")]
    pub ended_at: Option<DateTime<Utc>>,
}

/// `GET /api/admin/groups/{group}/buddies`: who waits (longest first, each with suggestions),
/// who offers, and the pairings (newest first).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BuddyBoard {
    pub waiting: Vec<WaitingFamily>,
    pub offering: Vec<Suggestion>,
    pub pairings: Vec<PairingRow>,
}

/// `POST /api/admin/groups/{group}/buddies/pairings`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PairBody {
    pub newcomer: String,
    pub buddy: String,
}

/// `POST /api/admin/groups/{group}/buddies/pairings/{pairing}/end`: `completed` when the
/// pairing did its job, else it simply ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EndPairingBody {
    pub completed: bool,
}
