use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::model::{Signup, SignupStatus};
use crate::rules::identity::normalize_email;
use crate::Language;

use super::FieldMessage;

pub const NAME_MAX: usize = 100;
pub const EMAIL_MAX: usize = 254;
pub const PHONE_MAX: usize = 32;

/// `POST /api/groups/{id}/signups`: what a person types. Short and forgiving: a name, an email,
/// optionally a phone, and the language they want to hear from us in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SignupRequest {
    pub name: String,
    pub email: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// The language to hear from us in; a regional tag such as `es-MX` is read as its language.
    /// English when absent.
    #[serde(default)]
    pub language: Language,
}

/// Which field a problem is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SignupField {
    Name,
    Email,
    Phone,
    Language,
}

impl SignupField {
    /// The fields typed in (the language is chosen): each is checked once the form is sent.
    pub const TYPED: [SignupField; 3] = [SignupField::Name, SignupField::Email, SignupField::Phone];

    pub fn as_str(self) -> &'static str {
        match self {
            SignupField::Name => "name",
            SignupField::Email => "email",
            SignupField::Phone => "phone",
            SignupField::Language => "language",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    Required,
    TooLong(usize),
    NotAnEmail,
    NotAPhone,
    UnknownLanguage,
    WrongType,
    /// A number outside `min..=max`.
    OutOfRange(u32, u32),
    /// A time that has to be in the future.
    InThePast,
    /// A time that has to come after the one before it on the form.
    NotAfterThePrevious,
    /// A span shorter than this many days.
    TooSoon(u32),
}

impl Problem {
    /// What to do about it, in the person's language, for any field.
    pub fn message(self, lang: Language) -> String {
        let words = crate::text::Words(lang);
        match self {
            Problem::Required => words.problem_required().into(),
            Problem::TooLong(max) => words.problem_too_long(max),
            Problem::NotAnEmail => words.problem_not_an_email().into(),
            Problem::NotAPhone => words.problem_not_a_phone().into(),
            Problem::UnknownLanguage => words.problem_unknown_language().into(),
            Problem::WrongType => words.problem_wrong_type().into(),
            Problem::OutOfRange(min, max) => words.problem_out_of_range(min, max),
            Problem::InThePast => words.problem_in_the_past().into(),
            Problem::NotAfterThePrevious => words.problem_not_after_the_previous().into(),
            Problem::TooSoon(days) => words.problem_too_soon(days),
        }
    }

    /// This problem as the answer's field message.
    pub fn for_field(self, field: &str, lang: Language) -> FieldMessage {
        FieldMessage { field: field.to_string(), message: self.message(lang) }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldProblem {
    pub field: SignupField,
    pub problem: Problem,
}

impl FieldProblem {
    /// What to do about it, in the person's language.
    pub fn message(&self, lang: Language) -> String {
        let words = crate::text::Words(lang);
        match (self.field, self.problem) {
            (SignupField::Name, Problem::Required) => words.name_required().into(),
            (SignupField::Email, Problem::Required) => words.email_required().into(),
            _ => self.problem.message(lang),
        }
    }

    pub fn to_field_message(&self, lang: Language) -> FieldMessage {
        FieldMessage { field: self.field.as_str().to_string(), message: self.message(lang) }
    }
}

impl SignupRequest {
    /// Read a request from any JSON object, reporting every field's problem at once (a wrong
    /// type is a problem of that field, not a failure of the whole form).
    pub fn from_json(value: &Value) -> Result<SignupRequest, Vec<FieldProblem>> {
        let (request, problems) = SignupRequest::read(value);
        if problems.is_empty() {
            Ok(request.normalized())
        } else {
            Err(problems)
        }
    }

    /// What was typed, as typed (to show a refused form again): the text fields whatever they
    /// hold, the language when it is one we speak.
    pub fn as_typed(value: &Value) -> SignupRequest {
        SignupRequest::read(value).0
    }

    /// The request as typed, and every problem of its fields.
    fn read(value: &Value) -> (SignupRequest, Vec<FieldProblem>) {
        let mut problems = Vec::new();
        let mut text = |field: SignupField| -> Option<String> {
            match value.get(field.as_str()) {
                None | Some(Value::Null) => None,
                Some(Value::String(s)) => Some(s.clone()),
                Some(_) => {
                    problems.push(FieldProblem { field, problem: Problem::WrongType });
                    None
                }
            }
        };
        let name = text(SignupField::Name).unwrap_or_default();
        let email = text(SignupField::Email).unwrap_or_default();
        let phone = text(SignupField::Phone);
        let language = match text(SignupField::Language) {
            None => Ok(Language::default()),
            Some(tag) => Language::from_tag(&tag)
                .ok_or(FieldProblem { field: SignupField::Language, problem: Problem::UnknownLanguage }),
        };
        let language = language.unwrap_or_else(|p| {
            problems.push(p);
            Language::default()
        });
        let request = SignupRequest { name, email, phone, language };
        // A field already reported as the wrong type is not reported again as missing.
        let typed: Vec<SignupField> = problems.iter().map(|p| p.field).collect();
        problems.extend(request.problems().into_iter().filter(|p| !typed.contains(&p.field)));
        (request, problems)
    }

    /// Every field's problem, in form order. The app shows these inline as the person types;
    /// the Worker refuses a request that has any.
    pub fn problems(&self) -> Vec<FieldProblem> {
        let mut out = Vec::new();
        let name = self.name.trim();
        if name.is_empty() {
            out.push(FieldProblem { field: SignupField::Name, problem: Problem::Required });
        } else if name.chars().count() > NAME_MAX {
            out.push(FieldProblem { field: SignupField::Name, problem: Problem::TooLong(NAME_MAX) });
        }
        let email = self.email.trim();
        if email.is_empty() {
            out.push(FieldProblem { field: SignupField::Email, problem: Problem::Required });
        } else if email.chars().count() > EMAIL_MAX {
            out.push(FieldProblem { field: SignupField::Email, problem: Problem::TooLong(EMAIL_MAX) });
        } else if !looks_like_email(email) {
            out.push(FieldProblem { field: SignupField::Email, problem: Problem::NotAnEmail });
        }
        if let Some(phone) = self.phone.as_deref().map(str::trim).filter(|p| !p.is_empty()) {
            if phone.chars().count() > PHONE_MAX {
                out.push(FieldProblem { field: SignupField::Phone, problem: Problem::TooLong(PHONE_MAX) });
            } else if !looks_like_phone(phone) {
                out.push(FieldProblem { field: SignupField::Phone, problem: Problem::NotAPhone });
            }
        }
        out
    }

    /// Trimmed name and phone (an empty phone is none), normalized email.
    pub fn normalized(self) -> SignupRequest {
        SignupRequest {
            name: self.name.trim().to_string(),
            email: normalize_email(&self.email),
            phone: self.phone.map(|p| p.trim().to_string()).filter(|p| !p.is_empty()),
            language: self.language,
        }
    }
}

/// Deliberately forgiving: one `@`, something before it, a dotted domain after it, no spaces.
/// Whether the address really receives mail is learned by sending to it, not by a pattern.
pub fn looks_like_email(email: &str) -> bool {
    let mut parts = email.split('@');
    let (Some(local), Some(domain), None) = (parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    !local.is_empty()
        && !email.chars().any(char::is_whitespace)
        && !crate::rules::identity::has_hidden_characters(email)
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..")
}

fn looks_like_phone(phone: &str) -> bool {
    let digits = phone.chars().filter(char::is_ascii_digit).count();
    (6..=15).contains(&digits) && phone.chars().all(|c| c.is_ascii_digit() || " +-().".contains(c))
}

/// A signup as shown to its owner and in signup answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SignupView {
    pub id: String,
    pub group_id: String,
    pub status: SignupStatus,
    pub waitlist_position: Option<u32>,
    pub name: String,
    pub email: String,
    pub phone: Option<String>,
    pub language: Language,
}

impl From<&Signup> for SignupView {
    fn from(s: &Signup) -> Self {
        SignupView {
            id: s.id.clone(),
            group_id: s.group_id.clone(),
            status: s.status,
            waitlist_position: s.waitlist_position,
            name: s.name.clone(),
            email: s.email.clone(),
            phone: s.phone.clone(),
            language: s.language,
        }
    }
}

/// Answer to a signup: `201` when new, `200` when this email already had a signup here.
/// The manage token is only ever handed out once, to the request that created the signup:
/// anyone can type someone else's email, so a repeat must not reveal the owner's link.
/// The answer to a signup. A new signup (`201`) carries what the person just typed, its status
/// and its manage token. A repeat (`200`) carries nothing stored: the link goes by email to the
/// address on file, so someone who only knows an email learns nothing but that it was known.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SignupResponse {
    pub signup: Option<SignupView>,
    pub manage_token: Option<String>,
    pub already_signed_up: bool,
}

/// `GET`, `PATCH` and `DELETE /api/manage/{token}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ManageResponse {
    pub signup: SignupView,
    pub group: super::GroupDetail,
    /// Only for a confirmed person: the meeting link (virtual) or the address (in person).
    #[serde(default)]
    pub private: Option<crate::model::GroupPrivate>,
}

/// `PATCH /api/manage/{token}`: change name, phone or language. The email is the person's
/// identity in the group and is not changed here.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DetailsUpdate {
    pub name: String,
    #[serde(default)]
    pub phone: Option<String>,
    pub language: Language,
}

impl DetailsUpdate {
    /// Read and check an update, with the same rules and messages as the signup form.
    pub fn from_json(value: &Value) -> Result<DetailsUpdate, Vec<FieldProblem>> {
        let mut value = value.clone();
        if let Some(object) = value.as_object_mut() {
            // Reuse the signup rules: a placeholder email stands in for the unchanged identity.
            object.insert("email".into(), Value::String("unchanged@example.org".into()));
        }
        SignupRequest::from_json(&value).map(|r| DetailsUpdate { name: r.name, phone: r.phone, language: r.language })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn problems_of(v: Value) -> Vec<(SignupField, Problem)> {
        SignupRequest::from_json(&v).unwrap_err().into_iter().map(|p| (p.field, p.problem)).collect()
    }

    #[test]
    fn a_good_request_is_trimmed_and_its_email_normalized() {
        let r = SignupRequest::from_json(&json!({
            "name": "  Rosa Martínez ", "email": " Rosa@Example.ORG ", "phone": " ", "language": "es-MX"
        }))
        .unwrap();
        assert_eq!(r.name, "Rosa Martínez");
        assert_eq!(r.email, "rosa@example.org");
        assert_eq!(r.phone, None);
        assert_eq!(r.language, Language::Es);
    }

    #[test]
    fn missing_fields_are_each_reported() {
        assert_eq!(
            problems_of(json!({})),
            vec![(SignupField::Name, Problem::Required), (SignupField::Email, Problem::Required)]
        );
    }

    #[test]
    fn wrong_types_are_problems_of_their_field() {
        let p = problems_of(json!({"name": 42, "email": ["a@b.co"], "language": "en"}));
        assert_eq!(p, vec![(SignupField::Name, Problem::WrongType), (SignupField::Email, Problem::WrongType)]);
    }

    #[test]
    fn an_unknown_language_is_reported() {
        let p = problems_of(json!({"name": "Ana", "email": "ana@example.com", "language": "fr"}));
        assert_eq!(p, vec![(SignupField::Language, Problem::UnknownLanguage)]);
    }

    #[test]
    fn overlong_and_malformed_values_are_reported() {
        let long = "x".repeat(NAME_MAX + 1);
        let p = problems_of(json!({"name": long, "email": "ana at example", "phone": "call me"}));
        assert_eq!(
            p,
            vec![
                (SignupField::Name, Problem::TooLong(NAME_MAX)),
                (SignupField::Email, Problem::NotAnEmail),
                (SignupField::Phone, Problem::NotAPhone)
            ]
        );
    }

    #[test]
    fn emails_are_checked_forgivingly() {
        for ok in ["a@b.co", "maría.lópez@correo.mx", "x+tag@sub.domain.org"] {
            assert!(looks_like_email(ok), "{ok}");
        }
        for bad in ["", "@b.co", "a@", "a@b", "a@@b.co", "a b@c.co", "a@.co", "a@b.co.", "a@b..co"] {
            assert!(!looks_like_email(bad), "{bad}");
        }
    }

    #[test]
    fn every_problem_has_a_message_in_both_languages() {
        let fields = [SignupField::Name, SignupField::Email, SignupField::Phone, SignupField::Language];
        let problems = [
            Problem::Required,
            Problem::TooLong(9),
            Problem::NotAnEmail,
            Problem::NotAPhone,
            Problem::UnknownLanguage,
            Problem::WrongType,
        ];
        for field in fields {
            for problem in problems {
                let p = FieldProblem { field, problem };
                assert_ne!(p.message(Language::En), p.message(Language::Es));
            }
        }
    }
}
