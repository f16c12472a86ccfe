//! What search engines are told: `robots.txt` (the public pages only) and `sitemap.xml` (the
//! catalogue and every published group, each in both languages with its alternate).

use crate::Language;

/// `robots.txt`: the catalogue and group pages may be indexed; the dashboard, the API, a
/// person's manage page and the updates-list links may not (they act for someone), nor the join
/// bundle's bare page (`/join/`: the app's empty page, which a group's page is drawn into).
pub fn robots_txt(base: &str) -> String {
    format!(
        "User-agent: *\nDisallow: /admin\nDisallow: /api/\nDisallow: /join/\nDisallow: /manage/\nDisallow: /member/\nDisallow: /signed-up/\nDisallow: /updates/\n\nSitemap: {base}/sitemap.xml\n"
    )
}

/// `sitemap.xml`: the catalogue and each group (given by id: the published ones), in English
/// and Spanish, each address naming the other language's as its alternate.
pub fn sitemap_xml<'a>(base: &str, group_ids: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    let paths = std::iter::once("/".to_string()).chain(group_ids.into_iter().map(|id| format!("/groups/{}", escape(id))));
    for path in paths {
        for lang in [Language::En, Language::Es] {
            out.push_str(&format!("  <url>\n    <loc>{base}{path}?lang={}</loc>\n", lang.code()));
            for alternate in [Language::En, Language::Es] {
                out.push_str(&format!(
                    "    <xhtml:link rel=\"alternate\" hreflang=\"{0}\" href=\"{base}{path}?lang={0}\"/>\n",
                    alternate.code()
                ));
            }
            out.push_str("  </url>\n");
        }
    }
    out.push_str("</urlset>\n");
    out
}

/// What a group page's first answer says about the group before any script runs, for the
/// card a shared link shows (WhatsApp, Facebook) and for search engines: title, description,
/// canonical address with its language alternates, Open Graph and Twitter card tags, and
/// schema.org `EventSeries` data. `when`: the first session on the group's own clock, written
/// out; `seats_left`: what the card says of room.
pub struct GroupCard<'a> {
    pub group: &'a crate::model::Group,
    pub seats_left: u32,
    pub when: Option<String>,
    pub lang: Language,
    pub base: &'a str,
}

impl GroupCard<'_> {
    pub fn title(&self) -> String {
        format!("{} · Village", self.group.title.get(self.lang))
    }

    /// One line: when, in which language, how much room.
    pub fn summary(&self) -> String {
        let g = self.group;
        let words = crate::text::Words(self.lang);
        let language = words.delivery_language(g.language);
        let room = match (g.kind.takes_signups(), self.seats_left) {
            (false, _) => words.card_drop_in().to_string(),
            (true, 0) => words.card_full().to_string(),
            (true, n) => words.card_spots_left(n),
        };
        let mut parts: Vec<String> = self.when.iter().cloned().collect();
        parts.push(language.to_string());
        parts.push(room);
        parts.join(" · ")
    }

    /// The tags, ready to go before `</head>`.
    pub fn head(&self) -> String {
        let g = self.group;
        let page = |lang: Language| format!("{}/groups/{}?lang={}", self.base, escape(&g.id), lang.code());
        let description = {
            let text = g.description.get(self.lang);
            let short: String = text.chars().take(200).collect();
            if short.is_empty() { self.summary() } else { format!("{} — {short}", self.summary()) }
        };
        let mut out = String::new();
        out.push_str(&format!("<meta name=\"description\" content=\"{}\" />\n", escape(&description)));
        out.push_str(&format!("<link rel=\"canonical\" href=\"{}\" />\n", page(self.lang)));
        for lang in [Language::En, Language::Es] {
            out.push_str(&format!("<link rel=\"alternate\" hreflang=\"{}\" href=\"{}\" />\n", lang.code(), page(lang)));
        }
        let locale = crate::text::Words(self.lang).card_locale();
        for (property, content) in [
            ("og:type", "website".to_string()),
            ("og:site_name", "Village".to_string()),
            ("og:title", g.title.get(self.lang).to_string()),
            ("og:description", self.summary()),
            ("og:url", page(self.lang)),
            ("og:image", format!("{}/icons/icon-512.png", self.base)),
            ("og:locale", locale.to_string()),
        ] {
            out.push_str(&format!("<meta property=\"{property}\" content=\"{}\" />\n", escape(&content)));
        }
        out.push_str("<meta name=\"twitter:card\" content=\"summary\" />\n");
        out.push_str(&format!("<meta name=\"twitter:title\" content=\"{}\" />\n", escape(g.title.get(self.lang))));
        out.push_str(&format!("<meta name=\"twitter:description\" content=\"{}\" />\n", escape(&self.summary())));
        out.push_str(&format!("<script type=\"application/ld+json\">{}</script>\n", self.json_ld()));
        out
    }

    /// schema.org `EventSeries` with each session as a sub-event (times with their offset,
    /// online or at the area, the language, whether places are left).
    fn json_ld(&self) -> String {
        let g = self.group;
        let location = match &g.format {
            crate::model::Format::Virtual => serde_json::json!({ "@type": "VirtualLocation", "url": format!("{}/groups/{}", self.base, g.id) }),
            crate::model::Format::InPerson { area, postcode, .. } => serde_json::json!({
                "@type": "Place", "name": area, "address": { "@type": "PostalAddress", "addressLocality": area, "postalCode": postcode }
            }),
        };
        let mode = if g.format.is_virtual() { "OnlineEventAttendanceMode" } else { "OfflineEventAttendanceMode" };
        let availability = if g.kind.takes_signups() && self.seats_left == 0 { "LimitedAvailability" } else { "InStock" };
        let events: Vec<serde_json::Value> = g
            .sessions
            .iter()
            .map(|s| serde_json::json!({
                "@type": "Event",
                "name": format!("{} — {}", g.title.get(self.lang), s.topic.get(self.lang)),
                "startDate": s.starts_at.to_rfc3339(),
                "endDate": (s.starts_at + chrono::Duration::minutes(i64::from(s.duration_minutes))).to_rfc3339(),
                "eventAttendanceMode": format!("https://schema.org/{mode}"),
                "location": location,
                "inLanguage": g.language.code(),
            }))
            .collect();
        let data = serde_json::json!({
            "@context": "https://schema.org",
            "@type": "EventSeries",
            "name": g.title.get(self.lang),
            "description": g.description.get(self.lang),
            "url": format!("{}/groups/{}?lang={}", self.base, g.id, self.lang.code()),
            "inLanguage": g.language.code(),
            "organizer": { "@type": "Organization", "name": "Village", "url": self.base },
            "eventAttendanceMode": format!("https://schema.org/{mode}"),
            "location": location,
            "offers": { "@type": "Offer", "price": 0, "priceCurrency": "USD", "availability": format!("https://schema.org/{availability}") },
            "subEvent": events,
        });
        script_safe(&data.to_string())
    }
}

/// JSON to put inside a `<script>` element: with no `<` at all (written `\u003c`, the same
/// string to a JSON reader), neither a `</script>` nor a `<!--` in a text can change how the
/// page is read.
pub fn script_safe(json: &str) -> String {
    json.replace('<', "\\u003c")
}

/// Text made safe inside an HTML or XML attribute or element.
pub fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;").replace('\'', "&apos;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sitemap_lists_each_page_in_both_languages_with_its_alternates() {
        let xml = sitemap_xml("https://village.example", ["cos-well-being-es"]);
        assert_eq!(xml.matches("<url>").count(), 4, "the catalogue and one group, twice each");
        assert!(xml.contains("<loc>https://village.example/groups/cos-well-being-es?lang=es</loc>"));
        assert!(xml.contains("hreflang=\"en\" href=\"https://village.example/groups/cos-well-being-es?lang=en\""));
        assert!(sitemap_xml("https://x", ["a&b"]).contains("/groups/a&amp;b?lang=en"));
    }

    #[test]
    fn a_group_card_says_what_when_and_how_much_room_in_the_readers_language() {
        let group = crate::model::Group {
            title: crate::model::Bilingual::new("Caregiver Circle", "Círculo de cuidadoras"),
            description: crate::model::Bilingual::new("Share \"what works\" </script>", "Compartir"),
            ..crate::model::Group::example("circle")
        };
        let card = GroupCard { group: &group, seats_left: 3, when: Some("Tue, Dec 15, 6:30 PM PST".into()), lang: Language::Es, base: "https://v.example" };
        assert_eq!(card.summary(), "Tue, Dec 15, 6:30 PM PST · En inglés · Quedan 3 lugares");
        let head = card.head();
        assert!(head.contains("<meta property=\"og:title\" content=\"Círculo de cuidadoras\" />"), "{head}");
        assert!(head.contains("<link rel=\"canonical\" href=\"https://v.example/groups/circle?lang=es\" />"));
        assert!(head.contains("hreflang=\"en\" href=\"https://v.example/groups/circle?lang=en\""));
        assert!(head.contains("\"@type\":\"EventSeries\""));
        let full = GroupCard { seats_left: 0, lang: Language::En, ..card };
        assert!(full.summary().ends_with("Full: join the waitlist"));
        assert!(!full.head().contains("</script> "), "nothing closes the data early: {}", full.head());
        assert!(full.head().contains("&quot;what works&quot;"));
    }

    #[test]
    fn robots_keep_out_of_what_acts_for_someone() {
        let robots = robots_txt("https://village.example");
        for private in ["/admin", "/api/", "/join/", "/manage/", "/member/", "/signed-up/", "/updates/"] {
            assert!(robots.contains(&format!("Disallow: {private}")), "{private}");
        }
        assert!(!robots.contains("Disallow: /groups") && !robots.contains("Disallow: /\n"), "{robots}");
        assert!(robots.ends_with("Sitemap: https://village.example/sitemap.xml\n"));
    }
}
