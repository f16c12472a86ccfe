//! Who a person is, for "same person twice → same signup".

use unicode_normalization::UnicodeNormalization;

/// The identity key of an email address: trimmed, in Unicode's composed form (NFC) and
/// lowercased. `" Ana@Example.COM "` and `"ana@example.com"` are the same person, and so are
/// `josé` typed with a composed `é` and with `e` + a combining accent.
pub fn normalize_email(email: &str) -> String {
    email.trim().nfc().collect::<String>().to_lowercase()
}

/// Characters that draw nothing (zero-width spaces and joiners, the byte-order mark, a soft
/// hyphen) or reorder text (bidirectional controls): in an email they only make two addresses
/// look like one, so they are refused rather than kept or silently dropped.
pub fn has_hidden_characters(text: &str) -> bool {
    text.chars().any(|c| {
        // Unicode's default-ignorable code points, and the bidirectional controls.
        matches!(c,
            '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}'
            | '\u{180B}'..='\u{180F}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{206F}'
            | '\u{3164}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}' | '\u{FFA0}' | '\u{FFF0}'..='\u{FFF8}'
            | '\u{1BCA0}'..='\u{1BCA3}' | '\u{1D173}'..='\u{1D17A}' | '\u{E0000}'..='\u{E0FFF}')
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizing_trims_and_lowercases() {
        assert_eq!(normalize_email("  Ana.Ruiz@Example.COM\t"), "ana.ruiz@example.com");
    }

    #[test]
    fn normalizing_is_idempotent() {
        let once = normalize_email(" MARÍA@Correo.mx ");
        assert_eq!(normalize_email(&once), once);
        assert_eq!(once, "maría@correo.mx");
    }

    #[test]
    fn composed_and_decomposed_forms_of_one_email_are_one_person() {
        let composed = "jos\u{e9}@example.org";
        let decomposed = "jose\u{301}@example.org";
        assert_ne!(composed, decomposed);
        assert_eq!(normalize_email(composed), normalize_email(decomposed));
        assert_eq!(normalize_email("JOSE\u{301}@Example.org"), composed);
    }

    #[test]
    fn invisible_and_reordering_characters_are_found() {
        for hidden in [
            "ana\u{200B}@example.org",
            "\u{202E}gro.elpmaxe@ana",
            "ana@exa\u{FEFF}mple.org",
            "a\u{2066}na@x.org",
            "ana\u{FE0F}@x.org",
            "ana\u{E0041}@x.org",
            "ana\u{3164}@x.org",
        ] {
            assert!(has_hidden_characters(hidden), "{hidden:?}");
        }
        assert!(!has_hidden_characters("maría.josé@correo.mx"));
    }
}
