//! The two languages Village speaks, and how a preference is read from a browser or a request.

use serde::{Deserialize, Serialize};

/// How an instant is written everywhere (the app, the dashboard, messages): `Intl` options for
/// "Tue, Dec 15, 6:30 PM PST" / "mar, 15 dic, 6:30 p. m. PST".
pub const DATE_TIME_PARTS: [(&str, &str); 6] = [
    ("weekday", "short"),
    ("month", "short"),
    ("day", "numeric"),
    ("hour", "numeric"),
    ("minute", "2-digit"),
    ("timeZoneName", "short"),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Language {
    #[default]
    En,
    Es,
}

impl Language {
    pub const ALL: [Language; 2] = [Language::En, Language::Es];

    pub fn code(self) -> &'static str {
        match self {
            Language::En => "en",
            Language::Es => "es",
        }
    }

    /// BCP 47 tag used for dates and numbers (`Intl` in the browser).
    pub fn locale(self) -> &'static str {
        match self {
            Language::En => "en-US",
            Language::Es => "es-US",
        }
    }

    /// `"es"`, `"es-MX"`, `"ES"` → Spanish; `"en-GB"` → English; anything else → `None`.
    pub fn from_tag(tag: &str) -> Option<Language> {
        let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "en" => Some(Language::En),
            "es" => Some(Language::Es),
            _ => None,
        }
    }

    /// The first supported language of an `Accept-Language` header, honouring q-values.
    pub fn from_accept_language(header: &str) -> Option<Language> {
        let mut choices: Vec<(f32, usize, Language)> = header
            .split(',')
            .enumerate()
            .filter_map(|(order, part)| {
                let mut pieces = part.split(';');
                let lang = Language::from_tag(pieces.next()?)?;
                let q = pieces
                    .find_map(|p| p.trim().strip_prefix("q="))
                    .and_then(|q| q.trim().parse::<f32>().ok())
                    .unwrap_or(1.0);
                (q > 0.0).then_some((q, order, lang))
            })
            .collect();
        choices.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        choices.first().map(|c| c.2)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regional_tags_map_to_their_language() {
        assert_eq!(Language::from_tag("es-MX"), Some(Language::Es));
        assert_eq!(Language::from_tag("EN_gb"), Some(Language::En));
        assert_eq!(Language::from_tag("fr"), None);
        assert_eq!(Language::from_tag(""), None);
    }

    #[test]
    fn accept_language_prefers_the_highest_quality_supported_tag() {
        assert_eq!(Language::from_accept_language("fr-FR, es;q=0.8, en;q=0.7"), Some(Language::Es));
        assert_eq!(Language::from_accept_language("en;q=0.2, es;q=0.9"), Some(Language::Es));
        assert_eq!(Language::from_accept_language("es;q=0, en"), Some(Language::En));
        assert_eq!(Language::from_accept_language("de, fr"), None);
    }
}

/// The spoken languages offered to choose from (Norfolk's most spoken), by ISO 639-1 code.
pub const SPOKEN: [&str; 9] = ["en", "es", "pl", "pt", "lt", "ro", "ar", "uk", "bn"];

/// A spoken language's name by its ISO 639-1 code (lower case in Spanish, as Spanish writes them), for the directory's "languages spoken"
/// (the ones Norfolk's services list most); any other code is shown as it is, upper case.
pub fn language_name(code: &str, lang: Language) -> String {
    let name = match (code, lang) {
        ("en", Language::En) => "English",
        ("en", Language::Es) => "inglés",
        ("es", Language::En) => "Spanish",
        ("es", Language::Es) => "español",
        ("pl", Language::En) => "Polish",
        ("pl", Language::Es) => "polaco",
        ("pt", Language::En) => "Portuguese",
        ("pt", Language::Es) => "portugués",
        ("lt", Language::En) => "Lithuanian",
        ("lt", Language::Es) => "lituano",
        ("ro", Language::En) => "Romanian",
        ("ro", Language::Es) => "rumano",
        ("ar", Language::En) => "Arabic",
        ("ar", Language::Es) => "árabe",
        ("uk", Language::En) => "Ukrainian",
        ("uk", Language::Es) => "ucraniano",
        ("bn", Language::En) => "Bengali",
        ("bn", Language::Es) => "bengalí",
        _ => return code.to_ascii_uppercase(),
    };
    name.to_string()
}
