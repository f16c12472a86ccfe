//! The public pages the Worker draws (`/`, `/groups/{id}`, `/signed-up/{token}`): what it drew
//! each from, which the page carries for the app's first render, and the forms they post when
//! the app is not there to send them.

use serde::Serialize;
use serde_json::{Map, Value};

use chrono::{DateTime, Utc};

use super::{ApiError, Availability, CataloguePage, ErrorBody, GroupDetail, ManageResponse, SignupRequest};
use crate::Language;

/// What the Worker rendered a public page from. The page carries it
/// (`PageStart::elements`), so the app's first render is the page as it arrived — the same
/// components on the same answers — instead of "Loading…". Its parts are the API's own answers,
/// each in an element of its own, which the app reads as it reads those answers.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PageStart {
    /// The path and query it was rendered for (`/groups/x`, `?day=tue`): an app opened at
    /// another address (a kept shell offline) does not use it.
    pub path: String,
    pub search: String,
    pub lang: Language,
    /// Where Village is served (`PUBLIC_URL`, as in messages): the start of a link the page
    /// shows to be kept.
    pub origin: String,
    /// The catalogue's first page for the address's filters.
    pub catalogue: Option<CataloguePage>,
    pub group: Option<GroupDetail>,
    /// The group's signup form, posted to its page and answered there (see [`SignupSent`]).
    pub sent: Option<SignupSent>,
    /// `/signed-up/{token}`: the new signup with its group.
    pub signup: Option<ManageResponse>,
}

impl PageStart {
    /// What a drawing of it depends on beyond what it carries: the time, which the pages read
    /// only as each group's availability (not open yet, open, closed) at `now`.
    pub fn availabilities(&self, now: DateTime<Utc>) -> Vec<Availability> {
        let cards = self.catalogue.iter().flat_map(|page| &page.groups);
        let mut at: Vec<_> = cards.map(|card| card.availability(now)).collect();
        at.extend(self.group.as_ref().map(|detail| detail.availability(now)));
        at
    }

    /// The id of the element holding the address and language (as `data-` attributes); each
    /// answer is in `{ID}-{part}` (`catalogue`, `group`, `sent`: a form's refusal,
    /// `signup`).
    pub const ELEMENT_ID: &'static str = "village-start";

    /// The elements carrying it, for the end of the page's body. A `<` never appears raw in
    /// them (no text can end its element early), nor a `"` in an attribute.
    pub fn elements(&self) -> String {
        let attribute = crate::seo::escape;
        // A form's answer: its status here, its error (the API's own body) a part of its own.
        let sent = self.sent.as_ref().map(|s| format!(" data-sent=\"{}\"", s.status)).unwrap_or_default();
        let mut html = format!(
            "<template id=\"{}\" data-path=\"{}\" data-search=\"{}\" data-lang=\"{}\" data-origin=\"{}\"{sent}></template>",
            Self::ELEMENT_ID,
            attribute(&self.path),
            attribute(&self.search),
            self.lang.code(),
            attribute(&self.origin),
        );
        fn part<T: Serialize>(html: &mut String, name: &str, answer: &Option<T>) {
            if let Some(json) = answer.as_ref().and_then(|a| serde_json::to_string(a).ok()) {
                let (id, json) = (PageStart::ELEMENT_ID, crate::seo::script_safe(&json));
                html.push_str(&format!("<script type=\"application/json\" id=\"{id}-{name}\">{json}</script>"));
            }
        }
        part(&mut html, "catalogue", &self.catalogue);
        part(&mut html, "group", &self.group);
        let refusal = self.sent.as_ref().and_then(|s| Some(ErrorBody { error: s.error.clone()? }));
        part(&mut html, "sent", &refusal);
        part(&mut html, "signup", &self.signup);
        html
    }
}

/// A group's signup form posted to the group's page and answered by the Worker — sent without
/// the app, or before it had loaded — when it made no new signup (a new one goes on to its
/// outcome page): what was typed, and the answer the API would have given.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SignupSent {
    /// What was typed, drawn into the form's fields again. The app reads it back from those
    /// fields (with anything typed there since), so the page does not carry it twice.
    pub request: SignupRequest,
    /// The API's status: `200` already on the list (nothing stored, the link goes to the
    /// address by email), or the refusal's.
    pub status: u16,
    /// The refusal: its fields, or the next step.
    pub error: Option<ApiError>,
}

/// A form post's fields (decoded `application/x-www-form-urlencoded` pairs) as the JSON object
/// the API reads, every value a string and the first of a name kept: the API's own rules
/// (`SignupRequest::from_json`) judge a posted form as they judge the app's request.
pub fn form_fields<K: AsRef<str>, V: AsRef<str>>(pairs: impl IntoIterator<Item = (K, V)>) -> Value {
    let mut fields = Map::new();
    for (name, value) in pairs {
        if !fields.contains_key(name.as_ref()) {
            fields.insert(name.as_ref().to_string(), Value::String(value.as_ref().to_string()));
        }
    }
    Value::Object(fields)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::{ErrorCode, FieldMessage, ProgrammeName, SignupField};
    use crate::model::Bilingual;

    #[test]
    fn a_pages_start_cannot_end_its_elements_early_and_reads_back_as_it_was() {
        let mut g = crate::api::groups::tests::group();
        g.title = Bilingual::new("A </script><!--<script>x", "B</SCRIPT>");
        let programmes = vec![ProgrammeName { program: "p".into(), name: Bilingual::new("</script>", "<!--") }];
        let detail = GroupDetail { group: g, seats_left: 3, waitlist_length: 0, programmes };
        let mut error = ErrorBody::new(ErrorCode::InvalidFields, Language::Es).error;
        error.fields = vec![FieldMessage { field: "name".into(), message: "</script><b>".into() }];
        let sent = SignupSent { status: 422, error: Some(error), ..Default::default() };
        let start = PageStart {
            path: "/groups/a\"b".into(),
            search: "?q=<x>&lang=es".into(),
            lang: Language::Es,
            origin: "https://v.example\"><x".into(),
            group: Some(detail.clone()),
            sent: Some(sent.clone()),
            ..Default::default()
        };
        let html = start.elements();
        assert_eq!(html.matches('<').count(), 6, "two script elements and a template, nothing else: {html}");
        assert!(html.contains(
            "data-path=\"/groups/a&quot;b\" data-search=\"?q=&lt;x&gt;&amp;lang=es\" data-lang=\"es\" data-origin=\"https://v.example&quot;&gt;&lt;x\" data-sent=\"422\">"
        ));
        let json = |part: &str| {
            let from = format!("village-start-{part}\">");
            let json = &html[html.find(&from).unwrap() + from.len()..];
            json[..json.find("</script>").unwrap()].to_string()
        };
        assert_eq!(serde_json::from_str::<GroupDetail>(&json("group")).unwrap(), detail);
        assert_eq!(serde_json::from_str::<ErrorBody>(&json("sent")).unwrap().error, sent.error.unwrap());
        assert!(!html.contains("village-start-catalogue"), "a part it has not is not there");
    }

    #[test]
    fn a_posted_form_is_judged_by_the_apis_rules() {
        let posted = [("name", " Ana "), ("email", "ANA@Example.org"), ("phone", ""), ("language", "es"), ("name", "x")];
        let request = SignupRequest::from_json(&form_fields(posted)).unwrap();
        assert_eq!(request.name, "Ana", "the first of a name is kept, trimmed as the API trims");
        assert_eq!((request.phone, request.language), (None, Language::Es));

        let refused = form_fields([("name", ""), ("email", "not an email"), ("language", "xx")]);
        let fields: Vec<SignupField> = SignupRequest::from_json(&refused).unwrap_err().iter().map(|p| p.field).collect();
        assert_eq!(fields, [SignupField::Language, SignupField::Name, SignupField::Email]);
        let typed = SignupRequest::as_typed(&refused);
        assert_eq!((typed.name.as_str(), typed.email.as_str()), ("", "not an email"), "kept as typed, to show again");
    }
}
