//! What a phone downloads on first load: a page plus the JS, Wasm and CSS it names.

use std::io::Write;
use std::path::Path;

#[derive(Debug, Clone, Copy, Default)]
pub struct Bytes {
    pub raw: usize,
    pub gzip: usize,
    pub brotli: usize,
}

impl std::ops::AddAssign for Bytes {
    fn add_assign(&mut self, o: Bytes) {
        self.raw += o.raw;
        self.gzip += o.gzip;
        self.brotli += o.brotli;
    }
}

pub fn compressed(data: &[u8]) -> Bytes {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(data).expect("in-memory gzip");
    let gzip = gz.finish().expect("in-memory gzip").len();
    let mut br = Vec::new();
    {
        let mut w = brotli::CompressorWriter::new(&mut br, 4096, 11, 22);
        w.write_all(data).expect("in-memory brotli");
    }
    Bytes { raw: data.len(), gzip, brotli: br.len() }
}

/// What a phone downloads on first load of one of `dist`'s pages (`index.html`, `join/index.html`):
/// the page, and each JS, Wasm and CSS file it names by its address (`"/…"`: the app's own, and
/// the loader's Intl worker, which every bundle shares), with its sizes.
pub fn first_load(dist: &Path, page: &str) -> Vec<(String, Bytes)> {
    let html = std::fs::read_to_string(dist.join(page)).unwrap_or_else(|_| panic!("{page}: build first"));
    let mut files = vec![(page.to_string(), compressed(html.as_bytes()))];
    let named = html.split('"').filter_map(|quoted| {
        let path = quoted.strip_prefix('/').filter(|path| !path.starts_with('/'))?;
        let file = !path.contains(char::is_whitespace) && [".js", ".wasm", ".css"].iter().any(|ext| path.ends_with(ext));
        file.then_some(path)
    });
    for path in named.collect::<std::collections::BTreeSet<_>>() {
        let file = std::fs::read(dist.join(path)).unwrap_or_else(|_| panic!("{page} names /{path}, which dist/ does not hold"));
        files.push((path.to_string(), compressed(&file)));
    }
    files
}

pub fn total(files: &[(String, Bytes)]) -> Bytes {
    let mut sum = Bytes::default();
    for (_, b) in files {
        sum += *b;
    }
    sum
}
