//! Who a person is, for "same person twice → same signup".

/// The identity key of an email address: trimmed and lowercased. `" Ana@Example.COM "` and
/// `"ana@example.com"` are the same person.
pub fn normalize_email(email: &str) -> String {
    email.trim().to_lowercase()
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
}
