//! The per-person index: `person:{sha256(email)}:{what}` — one empty key for each record held
//! about a person outside the groups' rosters' own storage (a signup in a group, a message, an
//! opening watch, a subscription link token). A person's data and their erasure list their own
//! prefix and read only what is theirs: the cost follows the person's records, never the
//! network's size. Each key is written by the writer of the record it points to.

use worker::Result;

use village_shared::rules::eligibility::Participation;

use super::{keys, Store, StoredSubscriber};

/// One record filed under a person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Filed {
    Signup {
        group_id: String,
        signup_id: String,
    },
    Message {
        id: String,
    },
    Watch {
        group_id: String,
    },
    /// A subscription link token (its digest).
    Token {
        digest: String,
    },
}

impl Filed {
    fn suffix(&self) -> String {
        match self {
            Filed::Signup { group_id, signup_id } => format!("signup:{group_id}:{signup_id}"),
            Filed::Message { id } => format!("message:{id}"),
            Filed::Watch { group_id } => format!("watch:{group_id}"),
            Filed::Token { digest } => format!("token:{digest}"),
        }
    }

    fn parse(suffix: &str) -> Option<Filed> {
        let (kind, rest) = suffix.split_once(':')?;
        Some(match kind {
            "signup" => {
                let (group_id, signup_id) = rest.split_once(':')?;
                Filed::Signup { group_id: group_id.into(), signup_id: signup_id.into() }
            }
            "message" => Filed::Message { id: rest.into() },
            "watch" => Filed::Watch { group_id: rest.into() },
            "token" => Filed::Token { digest: rest.into() },
            _ => return None,
        })
    }
}

fn person_key(email_digest: &str, filed: &Filed) -> String {
    keys::PERSON.within(email_digest, &filed.suffix())
}

/// What is filed under a person's email digest outside the groups' rosters.
pub struct PersonRecords {
    /// Everything in their index (their signups are read from the groups' objects).
    pub filed: Vec<Filed>,
    pub history: Vec<Participation>,
    pub subscriber: Option<StoredSubscriber>,
    /// Groups whose opening they asked to hear about.
    pub watching: Vec<String>,
}

impl Store {
    /// File a record under a person (idempotent: the same key, empty). `ttl`: the record's own.
    pub async fn file(&self, email_digest: &str, filed: &Filed, ttl: Option<u64>) -> Result<()> {
        self.write(&person_key(email_digest, filed), String::new(), None, ttl).await
    }

    pub async fn unfile(&self, email_digest: &str, filed: &Filed) -> Result<()> {
        self.delete(&person_key(email_digest, filed)).await
    }

    /// Everything filed under this email (one listing per 1,000 of their records).
    pub async fn filed(&self, email: &str) -> Result<Vec<Filed>> {
        let prefix = keys::PERSON.scope(&crate::tokens::digest(email));
        Ok(self.listing(&prefix, 100_000).await?.iter().filter_map(|(suffix, _)| Filed::parse(suffix)).collect())
    }

    /// Everything held under this email's digest outside the groups' rosters: their index,
    /// attendance history, updates-list entry, opening watches.
    pub async fn person_records(&self, email: &str) -> Result<PersonRecords> {
        let filed = self.filed(email).await?;
        let watching =
            filed.iter().filter_map(|f| if let Filed::Watch { group_id } = f { Some(group_id.clone()) } else { None });
        Ok(PersonRecords {
            watching: watching.collect(),
            history: self.history(email).await?,
            subscriber: self.subscriber(email).await?,
            filed,
        })
    }

    /// Delete a person's history, updates-list entry with its link tokens, opening watches and
    /// their index but for their signups (messages are blanked by the caller first; the
    /// signups' entries go once their groups have erased them).
    pub async fn erase_person_records(&self, email: &str, records: &PersonRecords) -> Result<()> {
        let digest = crate::tokens::digest(email);
        self.delete_history(email).await?;
        if let Some(stored) = &records.subscriber {
            for token in [&stored.confirm_token, &stored.unsubscribe_token] {
                self.delete(&keys::SUBSCRIPTION_TOKEN.key(&crate::tokens::digest(token))).await?;
            }
            self.delete(&keys::SUBSCRIBER.key(&digest)).await?;
        }
        for filed in &records.filed {
            match filed {
                Filed::Token { digest: token } => self.delete(&keys::SUBSCRIPTION_TOKEN.key(token)).await?,
                Filed::Watch { group_id } => {
                    self.forget_opening_watch(group_id, &digest).await?;
                    continue;
                }
                // Signups stay filed until their groups have erased them (a retry finds them).
                Filed::Signup { .. } => continue,
                Filed::Message { .. } => {}
            }
            self.unfile(&digest, filed).await?;
        }
        Ok(())
    }
}
