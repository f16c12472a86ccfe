use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{looks_like_email, FieldMessage, EMAIL_MAX};
use crate::model::{Audience, GroupKind, SubscriptionStatus};
use crate::rules::identity::normalize_email;
use crate::Language;
use crate::text::Words;

/// `POST /api/subscriptions`: join the updates list, optionally asking to hear when one group
/// opens ("tell me when it opens").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SubscribeRequest {
    pub email: String,
    pub language: Language,
    #[serde(default)]
    pub audiences: Vec<Audience>,
    #[serde(default)]
    pub kinds: Vec<GroupKind>,
    #[serde(default)]
    pub group_id: Option<String>,
}

impl SubscribeRequest {
    /// Read and check a request; the email is normalized.
    pub fn from_json(value: &Value, lang: Language) -> Result<SubscribeRequest, Vec<FieldMessage>> {
        let request: SubscribeRequest = serde_json::from_value(value.clone()).map_err(|_| {
            vec![FieldMessage {
                field: "email".into(),
                message: Words(lang).form_unreadable().into(),
            }]
        })?;
        let email = normalize_email(&request.email);
        if email.is_empty() || email.len() > EMAIL_MAX || !looks_like_email(&email) {
            return Err(vec![FieldMessage { field: "email".into(), message: Words(lang).email_shape().into() }]);
        }
        Ok(SubscribeRequest { email, ..request })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SubscriptionResponse {
    pub status: SubscriptionStatus,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_subscription_needs_a_real_looking_email_and_keeps_the_interests() {
        let ok = SubscribeRequest::from_json(&json!({"email": " Rosa@Example.org", "language": "es", "audiences": ["ffn"], "kinds": ["series"], "group_id": "g"}), Language::Es).unwrap();
        assert_eq!(ok.email, "rosa@example.org");
        assert_eq!(ok.audiences, vec![Audience::Ffn]);
        assert_eq!(ok.group_id.as_deref(), Some("g"));
        let bad = SubscribeRequest::from_json(&json!({"email": "rosa", "language": "es"}), Language::Es).unwrap_err();
        assert_eq!(bad[0].field, "email");
        assert!(bad[0].message.starts_with("Escribe"));
        assert!(SubscribeRequest::from_json(&json!({"email": 5}), Language::En).is_err());
    }
}
