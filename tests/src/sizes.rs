//! What a phone downloads on first load: a bundle's index.html plus the JS, Wasm and CSS it names.

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

/// Each first-load file of a bundle's directory (`dist/`, `dist/join/`) with its sizes.
pub fn first_load(dist: &Path) -> Vec<(String, Bytes)> {
    let html = std::fs::read_to_string(dist.join("index.html")).expect("index.html: build first");
    let mut files = vec![("index.html".to_string(), compressed(html.as_bytes()))];
    for entry in std::fs::read_dir(dist).expect("a bundle's directory") {
        let name = entry.expect("entry").file_name().to_string_lossy().to_string();
        let first_load =
            [".js", ".wasm", ".css"].iter().any(|ext| name.ends_with(ext)) && html.contains(&format!("/{name}"));
        if first_load {
            files.push((name.clone(), compressed(&std::fs::read(dist.join(&name)).expect("asset"))));
        }
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
