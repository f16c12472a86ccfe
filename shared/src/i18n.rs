//! The two languages Village speaks, and how a preference is read from a browser or a request.

use std::fmt::Write as _;

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

    /// The cookie the app keeps the person's choice in, so the pages the Worker renders come in it.
    pub const COOKIE: &'static str = "village_lang";

    /// The cookie remembering this language for a year (`Set-Cookie`, `document.cookie`).
    pub fn cookie(self) -> String {
        format!("{}={}; Path=/; Max-Age=31536000; SameSite=Lax", Self::COOKIE, self.code())
    }

    /// The language a page is rendered in: `?lang=` in its address (links in Spanish messages),
    /// else the remembered choice (the cookie), else the browser's `Accept-Language`, else English.
    pub fn for_page(query_lang: Option<&str>, cookie_header: Option<&str>, accept_language: Option<&str>) -> Language {
        let remembered = cookie_header.and_then(|header| {
            header.split(';').find_map(|pair| {
                let (name, value) = pair.trim().split_once('=')?;
                (name == Self::COOKIE).then(|| Language::from_tag(value)).flatten()
            })
        });
        query_lang
            .and_then(Language::from_tag)
            .or(remembered)
            .or_else(|| accept_language.and_then(Language::from_accept_language))
            .unwrap_or_default()
    }
}

/// A whole number as the languages write it, in groups of three (`1,234,567`: English and the
/// Spanish of the US, the programmes' `es-US`, group the same way), straight into what is
/// being written: no string of its own.
pub struct Grouped(pub u64);

impl std::fmt::Display for Grouped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut digits = [0u8; 20];
        let (mut n, mut len) = (self.0, 0);
        loop {
            digits[len] = b'0' + (n % 10) as u8;
            len += 1;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        for i in (0..len).rev() {
            f.write_char(digits[i] as char)?;
            if i > 0 && i % 3 == 0 {
                f.write_char(',')?;
            }
        }
        Ok(())
    }
}

/// How a text's parameter is written in a language: whole numbers grouped the language's way,
/// text as it is. Every parameter of a [`texts!`](crate::texts) row goes through it.
pub trait Shown {
    type As: std::fmt::Display;
    fn shown(self, lang: Language) -> Self::As;
}

macro_rules! shown_as_number {
    ($($ty:ty),*) => {$(
        impl Shown for $ty {
            type As = Grouped;
            fn shown(self, _: Language) -> Grouped {
                Grouped(self as u64)
            }
        }
    )*};
}
shown_as_number!(u8, u16, u32, u64, usize);

impl<'a> Shown for &'a str {
    type As = &'a str;
    fn shown(self, _: Language) -> &'a str {
        self
    }
}

impl<'a> Shown for &'a String {
    type As = &'a str;
    fn shown(self, _: Language) -> &'a str {
        self
    }
}

impl Shown for char {
    type As = char;
    fn shown(self, _: Language) -> char {
        self
    }
}

/// The text tables: every sentence Village says, one row per text, one column per language, so
/// a text cannot exist in one language and not the other (the compiler refuses a missing
/// column) and a third language is one more column. The rows become methods of a `Copy`
/// newtype over [`Language`] (`struct Tr(pub Language)`):
///
/// ```
/// use village_shared::{texts, Language};
/// #[derive(Clone, Copy)]
/// struct Tr(Language);
/// #[derive(Clone, Copy)]
/// enum Kind { Series, DropIn }
///
/// texts! { impl Tr {
///     loading => "Loading…", "Cargando…";                          // -> &'static str
///     starts(when: &str) => "Starts {when}", "Empieza el {when}";  // -> String
///     spots_left(n: u32) => plural n {                             // -> String, forms by count
///         1 => "1 spot left", _ => "{n} spots left"
///     }, {
///         1 => "Queda 1 lugar", _ => "Quedan {n} lugares"
///     };
///     kind(kind: Kind) => match {                                  // -> &'static str
///         Kind::Series => "Group series", "Serie de grupo";
///         Kind::DropIn => "Drop-in", "Sesión abierta";
///     };
/// }}
///
/// assert_eq!(Tr(Language::Es).spots_left(1200), "Quedan 1,200 lugares");
/// assert_eq!(Tr(Language::En).kind(Kind::DropIn), "Drop-in");
/// ```
///
/// A row without its Spanish does not compile (nor would one without a third language's
/// column, once the macro has it):
///
/// ```compile_fail
/// use village_shared::{texts, Language};
/// struct Tr(Language);
/// texts! { impl Tr {
///     loading => "Loading…";
/// }}
/// ```
///
/// A parameter is written through [`Shown`] (every whole number grouped as the language does:
/// pass a year or a code as text), and a plural's forms are chosen per language, since
/// languages count differently. A row without parameters is not a format string: `{` is a
/// brace there. `cargo xtask tidy` checks that a row's languages say the same parameters.
#[macro_export]
macro_rules! texts {
    (impl $ty:ident { $($rows:tt)* }) => {
        impl $ty { $crate::texts!(@rows $($rows)*); }
    };
    (@rows) => {};
    (@rows $(#[$m:meta])* $name:ident => $en:literal, $es:literal; $($rest:tt)*) => {
        $(#[$m])*
        pub fn $name(self) -> &'static str {
            match self.0 {
                $crate::Language::En => $en,
                $crate::Language::Es => $es,
            }
        }
        $crate::texts!(@rows $($rest)*);
    };
    (@rows $(#[$m:meta])* $name:ident ($on:ident : $on_ty:ty) => match {
        $($pat:pat => $en:literal, $es:literal;)+
    }; $($rest:tt)*) => {
        $(#[$m])*
        pub fn $name(self, $on: $on_ty) -> &'static str {
            match $on {
                $($pat => match self.0 {
                    $crate::Language::En => $en,
                    $crate::Language::Es => $es,
                },)+
            }
        }
        $crate::texts!(@rows $($rest)*);
    };
    (@rows $(#[$m:meta])* $name:ident ($($arg:ident : $arg_ty:ty),+) => plural $on:ident $en:tt, $es:tt; $($rest:tt)*) => {
        $(#[$m])*
        pub fn $name(self, $($arg: $arg_ty),+) -> String {
            match self.0 {
                $crate::Language::En => $crate::texts!(@forms $crate::Language::En, $on, [$($arg)+] $en),
                $crate::Language::Es => $crate::texts!(@forms $crate::Language::Es, $on, [$($arg)+] $es),
            }
        }
        $crate::texts!(@rows $($rest)*);
    };
    (@rows $(#[$m:meta])* $name:ident ($($arg:ident : $arg_ty:ty),+) => $en:literal, $es:literal; $($rest:tt)*) => {
        $(#[$m])*
        pub fn $name(self, $($arg: $arg_ty),+) -> String {
            let lang = self.0;
            $(let $arg = $crate::i18n::Shown::shown($arg, lang);)+
            match lang {
                $crate::Language::En => format!($en),
                $crate::Language::Es => format!($es),
            }
        }
        $crate::texts!(@rows $($rest)*);
    };
    (@forms $lang:expr, $on:ident, [$($arg:ident)+] { $($pat:pat => $text:literal),+ $(,)? }) => {{
        let count = $on;
        // A form need not say every parameter ("1 spot left" leaves out the 1).
        $(#[allow(unused_variables)] let $arg = $crate::i18n::Shown::shown($arg, $lang);)+
        match count {
            $($pat => format!($text),)+
        }
    }};
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

    #[test]
    fn a_page_is_in_the_address_language_then_the_remembered_one_then_the_browser_one() {
        let es = Some("es");
        assert_eq!(Language::for_page(Some("es"), Some("village_lang=en"), Some("en")), Language::Es);
        assert_eq!(Language::for_page(None, Some("a=1; village_lang=es; b=2"), Some("en")), Language::Es);
        assert_eq!(Language::for_page(None, Some("village_lang=xx"), es), Language::Es);
        assert_eq!(Language::for_page(Some("fr"), Some("other_lang=es"), Some("en-GB")), Language::En);
        assert_eq!(Language::for_page(None, None, Some("de")), Language::En);
    }

    #[test]
    fn numbers_are_grouped_in_thousands() {
        assert_eq!(Grouped(0).to_string(), "0");
        assert_eq!(Grouped(999).to_string(), "999");
        assert_eq!(Grouped(1234).to_string(), "1,234");
        assert_eq!(Grouped(100_000).to_string(), "100,000");
        assert_eq!(Grouped(1_000_000).to_string(), "1,000,000");
        assert_eq!(Grouped(1_234_567).to_string(), "1,234,567");
    }

    struct Tr(Language);
    crate::texts! { impl Tr {
        hello => "Hello", "Hola";
        /// A parameter and a number.
        waiting(who: &str, n: u32) => "{who}: {n} waiting", "{who}: {n} en espera";
        spots(n: u32) => plural n { 1 => "1 spot", _ => "{n} spots" }, { 0 => "Ningún lugar", 1 => "Un lugar", _ => "{n} lugares" };
        side(left: bool) => match {
            true => "Left", "Izquierda";
            false => "Right", "Derecha";
        };
    }}

    #[test]
    fn a_text_table_says_each_row_in_the_language_asked_with_its_parameters_and_plural_forms() {
        assert_eq!(Tr(Language::Es).hello(), "Hola");
        assert_eq!(Tr(Language::En).waiting("Ana", 1500), "Ana: 1,500 waiting");
        assert_eq!(Tr(Language::Es).waiting("Ana", 2), "Ana: 2 en espera");
        assert_eq!(Tr(Language::En).spots(1), "1 spot");
        assert_eq!(Tr(Language::En).spots(0), "0 spots", "English has no form for none here");
        assert_eq!(Tr(Language::Es).spots(0), "Ningún lugar", "each language chooses its own forms");
        assert_eq!(Tr(Language::Es).spots(12_000), "12,000 lugares");
        assert_eq!(Tr(Language::Es).side(false), "Derecha");
    }
}

/// The spoken languages offered to choose from (Norfolk's most spoken), by ISO 639-1 code.
pub const SPOKEN: [&str; 9] = ["en", "es", "pl", "pt", "lt", "ro", "ar", "uk", "bn"];

/// A spoken language's name by its ISO 639-1 code, for the directory's "languages spoken" and a
/// visitor's line; a code without a name is shown as it is, upper case.
pub fn language_name(code: &str, lang: Language) -> String {
    match crate::text::Words(lang).spoken_language(code) {
        "" => code.to_ascii_uppercase(),
        name => name.to_string(),
    }
}
