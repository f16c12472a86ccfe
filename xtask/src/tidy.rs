//! `cargo xtask tidy`: the project's conventions as checks. Each rule names a string, the only
//! places it may appear, and why; `cargo xtask test` runs them (the test below), so a change
//! that writes a rule in a second place fails before review has to notice.

use std::path::{Path, PathBuf};

/// One convention: each of `needles` appears, within `scope`, only in files under `allowed`.
struct Rule {
    needles: &'static [&'static str],
    scope: &'static [&'static str],
    allowed: &'static [&'static str],
    why: &'static str,
}

const RULES: &[Rule] = &[
    Rule {
        // An arm that picks a sentence by language: `En => "…"`, `(X, Es) => format!(…)`, `Es => {`.
        needles: &["En => \"", "Es => \"", "En) => \"", "Es) => \"", "En => format!", "Es => format!", "En) => format!", "Es) => format!", "En => {", "Es => {", "En) => {", "Es) => {"],
        scope: &["edge/src", "frontend/src", "seed/src", "xtask/src", "shared/src"],
        allowed: &[
            "shared/src/text.rs",
            "shared/src/messages.rs",
            "shared/src/i18n.rs",
            "frontend/src/i18n/text.rs",
            "frontend/src/admin/text.rs",
            "frontend/src/member/text.rs",
            "frontend/src/directory/text.rs",
        ],
        why: "a sentence in two languages is a row of a text table (`texts!`: shared/src/text.rs, frontend/src/*/text.rs; the messages Village sends: shared/src/messages.rs), not an arm in a rule, a handler or a component",
    },
    Rule {
        needles: &["Content-Security-Policy"],
        scope: &["edge/src"],
        allowed: &["edge/src/routes/respond.rs"],
        why: "every API answer and download gets its security headers from routes/respond.rs",
    },
    Rule {
        needles: &["var(\"PUBLIC_URL\")"],
        scope: &["edge/src"],
        allowed: &["edge/src/routes/mod.rs"],
        why: "where links point is read once (routes::public_url)",
    },
    Rule {
        needles: &["/admin/sign-in/"],
        scope: &["edge/src"],
        allowed: &["edge/src/routes/admin/sign_in_links.rs"],
        why: "a sign-in link is issued and spelled in one place (routes/admin/sign_in_links.rs)",
    },
    Rule {
        needles: &["Err(response) => return Ok(response)"],
        scope: &["edge/src"],
        allowed: &[],
        why: "a refusal travels as routes::Problem with `?` (routes/respond.rs), not as an answer nested in a result",
    },
    Rule {
        needles: &[", Response>>"],
        scope: &["edge/src"],
        allowed: &[],
        why: "a step that may refuse returns routes::Answer<T> (one error type, routes/respond.rs), not a result nested in a result",
    },
    Rule {
        needles: &["\"subscriber:", "\"sub-token:", "\"session:", "\"notify:", "\"history:", "\"person:", "\"outbox:", "\"pending:", "\"manage:", "\"listed:", "\"group-private:", "\"directory-report:", "\"directory-steward:"],
        scope: &["edge/src/store"],
        allowed: &["edge/src/store/keys.rs"],
        why: "a KV key is spelled once, in store/keys.rs",
    },
    Rule {
        needles: &["format!(\"group:", "format!(\"user:", "format!(\"signup:"],
        scope: &["edge/src/routes", "edge/src/objects"],
        allowed: &[],
        why: "an audit target is built as a model::AuditTarget, so it is spelled one way and an erasure finds who it names",
    },
    Rule {
        needles: &["[\"api\",", "Method::Get =>", "(Method::Post,", "(Method::Get,"],
        scope: &["edge/src"],
        allowed: &[],
        why: "a route is a row of shared/src/api/routes.rs (PUBLIC or ADMIN), which the routers look up and the published contract describes",
    },
    Rule {
        needles: &["<textarea", "<select", "type=\"text\"", "type=\"email\"", "type=\"tel\"", "type=\"number\"", "type=\"search\"", "type=\"url\"", "type=\"date"],
        scope: &["frontend/src"],
        allowed: &["frontend/src/components/field.rs"],
        why: "a labelled control is a components::Field (label, hint, problem and aria tied together); forms send with hooks::use_submit",
    },
    Rule {
        needles: &["storage().put"],
        scope: &["edge/src/objects/group_seats.rs"],
        allowed: &[],
        why: "a group's roster and owed work are written through objects/roster_storage.rs (parts, one atomic write)",
    },
    Rule {
        needles: &["storage().get"],
        scope: &["edge/src/objects/group_seats.rs"],
        allowed: &[],
        why: "a group's roster and owed work are read through objects/roster_storage.rs",
    },
];

/// A line that breaks a rule.
#[derive(Debug, PartialEq, Eq)]
pub struct Violation {
    pub file: PathBuf,
    pub line: usize,
    pub needle: &'static str,
    pub why: &'static str,
}

/// The text tables, whose rows' languages must say the same parameters.
const TEXT_TABLES: &[&str] = &[
    "shared/src/text.rs",
    "frontend/src/i18n/text.rs",
    "frontend/src/admin/text.rs",
    "frontend/src/member/text.rs",
    "frontend/src/directory/text.rs",
];

const SAME_PARAMETERS: &str = "each language of a text row says the same `{parameters}` (a plural's forms together), so no language leaves out the name, the date or the number";

/// The `{name}`s a piece of a row says (`{{` is a brace, not a parameter).
fn parameters(text: &str) -> std::collections::BTreeSet<String> {
    let text = text.replace("{{", "").replace("}}", "");
    text.split('{').skip(1).filter_map(|rest| rest.split_once('}')).map(|(name, _)| name.to_string()).collect()
}

/// The rows of `table` whose languages do not say the same parameters: a row on one line
/// (`name(n: u32) => "…{n}…", "…{n}…";`) compares its two texts; a plural compares the
/// parameters of all the forms of each language.
fn uneven_rows(table: &str) -> Vec<usize> {
    let mut uneven = Vec::new();
    let lines: Vec<&str> = table.lines().collect();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i].trim();
        let start = i;
        i += 1;
        let Some((head, body)) = line.split_once(") => ") else { continue };
        if !head.contains('(') {
            continue;
        }
        let columns: Vec<std::collections::BTreeSet<String>> = if body.starts_with("plural ") {
            // Forms up to the row's end, each language's between braces.
            let mut text = body.to_string();
            while !text.trim_end().ends_with("};") && i < lines.len() {
                text.push('\n');
                text.push_str(lines[i]);
                i += 1;
            }
            let forms = text.split_once('{').map_or("", |(_, rest)| rest);
            forms.split("}, {").map(parameters).collect()
        } else if body.starts_with('"') {
            body.trim_end_matches(';').split("\", \"").map(parameters).collect()
        } else {
            continue;
        };
        if columns.windows(2).any(|pair| pair[0] != pair[1]) {
            uneven.push(start + 1);
        }
    }
    uneven
}

const TIMES_READ_ONE_WAY: &str = "a time field of a type that is read back says `#[serde(deserialize_with = \"crate::wire_time::…\")]`: chrono's own reader is ~6.5 KB gzip of every bundle (shared/src/wire_time.rs)";

/// The lines of `source` declaring a field of a `Deserialize` type whose type holds a time
/// (`DateTime<…>`, alone or in an `Option`, a `Vec`, a tuple) without a `wire_time` reader named
/// in the attributes above it. A function's parameters are not fields.
fn unread_times(source: &str) -> Vec<usize> {
    let lines: Vec<&str> = source.lines().collect();
    let is_time = |line: &str| {
        let Some((name, ty)) = line.trim().trim_start_matches("pub ").split_once(": ") else { return false };
        name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_') && ty.contains("DateTime<")
    };
    let is_attribute = |line: &str| line.trim_start().starts_with("#[") || line.trim_start().starts_with("///");
    let mut unread = Vec::new();
    for i in (0..lines.len()).filter(|&i| is_time(lines[i])) {
        let mut above = i;
        while above > 0 && is_attribute(lines[above - 1]) {
            above -= 1;
        }
        if lines[above..i].iter().any(|a| a.contains("deserialize_with = \"crate::wire_time::")) {
            continue;
        }
        // The item it belongs to: a function (a parameter), or a struct or enum and its derive.
        let Some(item) = (0..i).rev().find(|&j| {
            let words: Vec<&str> = lines[j].split_whitespace().collect();
            words.iter().any(|w| *w == "fn" || *w == "struct" || *w == "enum")
        }) else {
            continue;
        };
        if lines[item].split_whitespace().any(|w| w == "fn") {
            continue;
        }
        let mut attribute = item;
        let mut read_back = false;
        while attribute > 0 && is_attribute(lines[attribute - 1]) {
            attribute -= 1;
            read_back |= lines[attribute].contains("derive(") && lines[attribute].contains("Deserialize");
        }
        if read_back {
            unread.push(i + 1);
        }
    }
    unread
}

/// Every line under `root` that breaks a rule (this file, which names them, excepted).
pub fn check(root: &Path) -> Vec<Violation> {
    let mut found = Vec::new();
    for file in rust_files(&root.join("shared/src")) {
        let relative = file.strip_prefix(root).unwrap_or(&file).to_string_lossy().replace('\\', "/");
        let Ok(text) = std::fs::read_to_string(&file) else { continue };
        for line in unread_times(&text) {
            found.push(Violation { file: relative.clone().into(), line, needle: "DateTime<Utc>", why: TIMES_READ_ONE_WAY });
        }
    }
    for table in TEXT_TABLES {
        let Ok(text) = std::fs::read_to_string(root.join(table)) else { continue };
        for line in uneven_rows(&text) {
            found.push(Violation { file: table.into(), line, needle: "{…}", why: SAME_PARAMETERS });
        }
    }
    for rule in RULES {
        for scope in rule.scope {
            for file in rust_files(&root.join(scope)) {
                let relative = file.strip_prefix(root).unwrap_or(&file).to_string_lossy().replace('\\', "/");
                if relative == "xtask/src/tidy.rs" || rule.allowed.iter().any(|a| relative.starts_with(a)) {
                    continue;
                }
                let Ok(text) = std::fs::read_to_string(&file) else { continue };
                for (n, line) in text.lines().enumerate() {
                    for needle in rule.needles.iter().filter(|needle| line.contains(**needle)) {
                        found.push(Violation { file: relative.clone().into(), line: n + 1, needle, why: rule.why });
                    }
                }
            }
        }
    }
    found
}

fn rust_files(path: &Path) -> Vec<PathBuf> {
    if path.is_file() {
        return vec![path.to_path_buf()];
    }
    let mut files = Vec::new();
    let Ok(entries) = std::fs::read_dir(path) else { return files };
    for entry in entries.flatten() {
        let p = entry.path();
        if p.is_dir() {
            files.extend(rust_files(&p));
        } else if p.extension().is_some_and(|e| e == "rs") {
            files.push(p);
        }
    }
    files.sort();
    files
}

/// `cargo xtask tidy`: print what breaks a rule; fail if anything does.
pub fn run(root: &Path) -> Result<(), Box<dyn std::error::Error>> {
    let found = check(root);
    for v in &found {
        eprintln!("{}:{}: `{}` here: {}", v.file.display(), v.line, v.needle, v.why);
    }
    if found.is_empty() {
        println!("tidy: {} conventions hold", RULES.len());
        Ok(())
    } else {
        Err(format!("tidy: {} lines break the project's conventions", found.len()).into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_project_keeps_its_conventions() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
        let found = check(root);
        assert!(found.is_empty(), "{found:#?}");
    }

    #[test]
    fn a_text_row_whose_languages_say_different_parameters_is_caught() {
        let table = r#"texts! { impl Tr {
    hello(name: &str) => "Hello, {name}.", "Hola, {name}.";
    waiting(n: u32) => "{n} waiting", "en espera";
    braces(n: u32) => "{{{n}}}", "{{{n}}}";
    spots(n: u32) => plural n {
        1 => "1 spot", _ => "{n} spots"
    }, {
        1 => "Un lugar", _ => "{n} lugares"
    };
    seats(n: u32, who: &str) => plural n {
        1 => "1 seat for {who}", _ => "{n} seats for {who}"
    }, {
        1 => "Un asiento", _ => "{n} asientos"
    };
    kind(kind: Kind) => match {
        Kind::A => "A", "A";
    };
}}"#;
        assert_eq!(uneven_rows(table), vec![3, 10], "the Spanish that drops {{n}}, and the plural whose Spanish never names {{who}}");
    }

    #[test]
    fn a_time_read_back_by_chronos_own_reader_is_caught() {
        let source = r#"
#[derive(Serialize, Deserialize)]
pub struct Read {
    #[serde(deserialize_with = "crate::wire_time::utc")]
    pub at: DateTime<Utc>,
    /// Not named.
    #[serde(default)]
    pub until: Option<DateTime<Utc>>,
    pub seen: Vec<(chrono::DateTime<chrono::Utc>, bool)>,
}
#[derive(Serialize)]
pub struct Written {
    pub at: DateTime<Utc>,
}
pub fn at(
    now: DateTime<Utc>,
) {}
"#;
        assert_eq!(unread_times(source), vec![8, 9]);
    }

    #[test]
    fn a_sentence_written_in_a_handler_is_caught() {
        let root = std::env::temp_dir().join(format!("tidy-{}", std::process::id()));
        let handler = root.join("edge/src/routes");
        std::fs::create_dir_all(&handler).unwrap();
        std::fs::write(handler.join("planted.rs"), "match lang {\n    Language::En => \"Hello\",\n    Language::Es => \"Hola\",\n}\n").unwrap();
        let rule = root.join("shared/src/rules");
        std::fs::create_dir_all(&rule).unwrap();
        std::fs::write(rule.join("planted.rs"), "match (kind, lang) {\n    (Kind::A, Language::En) => format!(\"{n} left\"),\n    (Kind::A, Language::Es) => {\n        format!(\"quedan {n}\")\n    }\n}\n").unwrap();
        let text = root.join("shared/src/text.rs");
        std::fs::write(&text, "texts! { impl Words {\n    hello => \"Hello\", \"Hola\";\n}}\nmatch lang { Language::En => \"a\", Language::Es => \"b\" }\n").unwrap();
        let found = check(&root);
        std::fs::remove_dir_all(&root).unwrap();
        let lines: Vec<(String, usize)> = found.iter().map(|v| (v.file.display().to_string(), v.line)).collect();
        assert_eq!(
            lines,
            vec![
                ("edge/src/routes/planted.rs".to_string(), 2),
                ("edge/src/routes/planted.rs".to_string(), 3),
                ("shared/src/rules/planted.rs".to_string(), 2),
                ("shared/src/rules/planted.rs".to_string(), 3),
            ],
            "a sentence picked by language in a rule is caught; the text table is where it belongs"
        );
    }
}
