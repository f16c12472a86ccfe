//! What search engines are told: `robots.txt` (the public pages only) and `sitemap.xml` (the
//! catalogue and every published group, each in both languages with its alternate).

use crate::Language;

/// `robots.txt`: the catalogue and group pages may be indexed; the dashboard, the API, a
/// person's manage page and the updates-list links may not (they act for someone).
pub fn robots_txt(base: &str) -> String {
    format!(
        "User-agent: *\nDisallow: /admin\nDisallow: /api/\nDisallow: /manage/\nDisallow: /updates/\n\nSitemap: {base}/sitemap.xml\n"
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

fn escape(text: &str) -> String {
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
    fn robots_keep_out_of_what_acts_for_someone() {
        let robots = robots_txt("https://village.example");
        for private in ["/admin", "/api/", "/manage/", "/updates/"] {
            assert!(robots.contains(&format!("Disallow: {private}")), "{private}");
        }
        assert!(robots.ends_with("Sitemap: https://village.example/sitemap.xml\n"));
    }
}
