//! A large value stored as parts, none past the bound on one stored value.
//!
//! A group's object keeps its roster in storage. As one value it grows with every person (a
//! group at its fullest is ~200 KB) and every change rewrites all of it. Split into parts — a
//! part per signup, per note, per session's attendance — each change writes only the few parts
//! it touched, and no part grows with the group. The parts are keyed by their JSON path, so they
//! join back into exactly the value that was split.
//!
//! The rule: a piece of the value whose JSON is at most `SPLIT_ABOVE` bytes is one part; a
//! larger object is split by its keys, a larger array into consecutive chunks of elements.
//! Only a single element or string larger than `MAX_PART_BYTES` could pass the bound, and the
//! roster caps what it keeps so none does (tested at a group's fullest).

use std::collections::BTreeMap;

use serde_json::value::RawValue;
use serde_json::{Map, Value};

/// The most one stored value may hold (issue: "no stored value can grow past 128 KiB").
pub const MAX_PART_BYTES: usize = 128 * 1024;

/// Pieces up to this size stay whole: small enough that a change rewrites little, large enough
/// that a small roster is a handful of parts.
pub const SPLIT_ABOVE: usize = 8 * 1024;

/// A value's parts: its path (a JSON array of object keys and chunk numbers) → its JSON text.
pub type Parts = BTreeMap<String, String>;

/// What a change writes: the parts that are new or different, and the paths no longer used.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Diff {
    pub put: Vec<(String, String)>,
    pub delete: Vec<String>,
}

impl Diff {
    pub fn is_empty(&self) -> bool {
        self.put.is_empty() && self.delete.is_empty()
    }
}

/// One step of a path: an object's key, or an array chunk's number.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[serde(untagged)]
enum Step {
    Chunk(u64),
    Key(String),
}

/// What one piece became: whole (its JSON text) or parts below it (relative paths).
enum Piece {
    Whole(String),
    Split(Vec<(Vec<Step>, String)>),
}

/// Split a value, given as its compact JSON text (`serde_json::to_string`), into parts. The
/// text is read in place: a piece that stays whole is a slice of it, so splitting costs little
/// more than serializing the value once.
pub fn split(json: &str) -> Result<Parts, Broken> {
    let raw: &RawValue = serde_json::from_str(json).map_err(|e| Broken(e.to_string()))?;
    let parts = match piece(raw)? {
        Piece::Whole(text) => vec![(Vec::new(), text)],
        Piece::Split(parts) => parts,
    };
    Ok(parts.into_iter().map(|(path, text)| (path_key(&path), text)).collect())
}

fn path_key(path: &[Step]) -> String {
    serde_json::to_string(path).expect("a path serializes")
}

fn piece(raw: &RawValue) -> Result<Piece, Broken> {
    let text = raw.get();
    if text.len() <= SPLIT_ABOVE {
        return Ok(Piece::Whole(text.to_string()));
    }
    let broken = |e: serde_json::Error| Broken(e.to_string());
    Ok(match text.as_bytes()[0] {
        b'{' => {
            let children: Vec<(String, &RawValue)> =
                serde_json::from_str::<BTreeMap<String, &RawValue>>(text).map_err(broken)?.into_iter().collect();
            let mut parts = Vec::new();
            for (k, child) in children {
                let below = match piece(child)? {
                    Piece::Whole(text) => vec![(Vec::new(), text)],
                    Piece::Split(parts) => parts,
                };
                parts.extend(below.into_iter().map(|(mut path, text)| {
                    path.insert(0, Step::Key(k.clone()));
                    (path, text)
                }));
            }
            Piece::Split(parts)
        }
        b'[' => {
            let items: Vec<&RawValue> = serde_json::from_str(text).map_err(broken)?;
            // Consecutive chunks, each filled up to the size a whole piece may have.
            let mut chunks: Vec<String> = Vec::new();
            let mut current = String::from("[");
            for item in items {
                let item = item.get();
                if current.len() > 1 && current.len() + item.len() + 1 > SPLIT_ABOVE {
                    current.push(']');
                    chunks.push(std::mem::replace(&mut current, String::from("[")));
                }
                if current.len() > 1 {
                    current.push(',');
                }
                current.push_str(item);
            }
            current.push(']');
            chunks.push(current);
            Piece::Split(chunks.into_iter().enumerate().map(|(n, chunk)| (vec![Step::Chunk(n as u64)], chunk)).collect())
        }
        // A long string (or number) stays whole: nothing in it can be split.
        _ => Piece::Whole(text.to_string()),
    })
}

/// Why stored parts could not be joined.
#[derive(Debug, PartialEq, Eq)]
pub struct Broken(pub String);

impl std::fmt::Display for Broken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "stored parts do not join: {}", self.0)
    }
}

/// A tree being joined back from parts.
enum Node {
    Whole(Value),
    Object(BTreeMap<String, Node>),
    /// Chunk number → its elements.
    Chunks(BTreeMap<u64, Vec<Value>>),
}

/// Join parts back into the value they were split from.
pub fn join<'a>(parts: impl IntoIterator<Item = (&'a str, &'a str)>) -> Result<Value, Broken> {
    let mut root: Option<Node> = None;
    for (key, text) in parts {
        let path: Vec<Step> = serde_json::from_str(key).map_err(|e| Broken(format!("path {key}: {e}")))?;
        let value: Value = serde_json::from_str(text).map_err(|e| Broken(format!("part {key}: {e}")))?;
        place(&mut root, &path, value).map_err(|why| Broken(format!("part {key}: {why}")))?;
    }
    root.map(into_value).ok_or_else(|| Broken("no parts".into()))?
}

fn place(slot: &mut Option<Node>, path: &[Step], value: Value) -> Result<(), &'static str> {
    match path.split_first() {
        None => match slot {
            None => {
                *slot = Some(Node::Whole(value));
                Ok(())
            }
            Some(_) => Err("a whole piece where parts are"),
        },
        Some((Step::Key(k), rest)) => {
            let node = slot.get_or_insert_with(|| Node::Object(BTreeMap::new()));
            let Node::Object(children) = node else { return Err("a key where no object is") };
            let mut child = children.remove(k);
            place(&mut child, rest, value)?;
            children.insert(k.clone(), child.expect("placed"));
            Ok(())
        }
        Some((Step::Chunk(n), rest)) => {
            if !rest.is_empty() {
                return Err("a path below a chunk");
            }
            let node = slot.get_or_insert_with(|| Node::Chunks(BTreeMap::new()));
            let Node::Chunks(chunks) = node else { return Err("a chunk where no array is") };
            let Value::Array(items) = value else { return Err("a chunk that is not an array") };
            chunks.insert(*n, items);
            Ok(())
        }
    }
}

fn into_value(node: Node) -> Result<Value, Broken> {
    Ok(match node {
        Node::Whole(value) => value,
        Node::Object(children) => {
            let mut map = Map::new();
            for (k, child) in children {
                map.insert(k, into_value(child)?);
            }
            Value::Object(map)
        }
        Node::Chunks(chunks) => {
            if chunks.keys().copied().ne(0..chunks.len() as u64) {
                return Err(Broken("a chunk is missing".into()));
            }
            Value::Array(chunks.into_values().flatten().collect())
        }
    })
}

/// What turns the stored parts `old` into `new`.
pub fn diff(old: &Parts, new: &Parts) -> Diff {
    Diff {
        put: new.iter().filter(|(k, v)| old.get(*k) != Some(v)).map(|(k, v)| (k.clone(), v.clone())).collect(),
        delete: old.keys().filter(|k| !new.contains_key(*k)).cloned().collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::json;

    fn rejoin(parts: &Parts) -> Value {
        join(parts.iter().map(|(k, v)| (k.as_str(), v.as_str()))).unwrap()
    }

    #[test]
    fn a_small_value_is_one_part_under_the_empty_path() {
        let value = json!({"group_id": "g", "version": 3, "signups": {"a": {"name": "Ana"}}});
        let parts = split(&value.to_string()).unwrap();
        assert_eq!(parts.len(), 1);
        assert_eq!(serde_json::from_str::<Value>(&parts["[]"]).unwrap(), value);
        assert_eq!(rejoin(&parts), value);
    }

    #[test]
    fn a_large_object_is_split_by_its_keys_and_joins_back() {
        let signups: Map<String, Value> =
            (0..300).map(|n| (format!("s{n:03}"), json!({"name": format!("Person {n}"), "n": n}))).collect();
        let value = json!({"group_id": "g", "signups": signups, "waitlist": (0..3000).collect::<Vec<_>>()});
        let parts = split(&value.to_string()).unwrap();
        assert!(parts.contains_key(r#"["signups","s042"]"#));
        assert!(parts.contains_key(r#"["waitlist",0]"#) && parts.contains_key(r#"["waitlist",1]"#));
        assert!(parts.values().all(|p| p.len() <= SPLIT_ABOVE), "every part within the size a whole piece has");
        assert_eq!(rejoin(&parts), value);
    }

    #[test]
    fn one_change_writes_only_the_part_it_touched() {
        let signups: Map<String, Value> = (0..300).map(|n| (format!("s{n:03}"), json!({"status": "waitlisted"}))).collect();
        let before = json!({"signups": signups.clone(), "version": 1});
        let mut after = before.clone();
        after["signups"]["s123"]["status"] = json!("confirmed");
        after["version"] = json!(2);
        let d = diff(&split(&before.to_string()).unwrap(), &split(&after.to_string()).unwrap());
        let written: Vec<&str> = d.put.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(written, vec![r#"["signups","s123"]"#, r#"["version"]"#]);
        assert!(d.delete.is_empty());
    }

    #[test]
    fn a_piece_that_shrinks_back_is_whole_again_and_its_old_parts_are_deleted() {
        let big: Map<String, Value> = (0..500).map(|n| (format!("k{n}"), json!("some text to fill"))).collect();
        let before = json!({"notes": big.clone(), "kept": big});
        let mut after = before.clone();
        after["notes"] = json!({"k1": "x"});
        let d = diff(&split(&before.to_string()).unwrap(), &split(&after.to_string()).unwrap());
        assert_eq!(d.put, vec![(r#"["notes"]"#.to_string(), r#"{"k1":"x"}"#.to_string())]);
        assert_eq!(d.delete.len(), 500);
    }

    #[test]
    fn a_missing_chunk_is_refused_rather_than_joined_short() {
        let value = json!({"list": (0..5000).collect::<Vec<_>>()});
        let mut parts = split(&value.to_string()).unwrap();
        parts.remove(r#"["list",1]"#).unwrap();
        assert!(join(parts.iter().map(|(k, v)| (k.as_str(), v.as_str()))).is_err());
    }

    fn json_value() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(|n| json!(n)),
            "[a-zé\"\\\\ ]{0,300}".prop_map(Value::String),
        ];
        leaf.prop_recursive(4, 2000, 60, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..60).prop_map(Value::Array),
                prop::collection::btree_map("[a-z0-9\"/\\[\\],]{0,12}", inner, 0..60)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #[test]
        fn any_value_joins_back_from_its_parts(value in json_value()) {
            let parts = split(&value.to_string()).unwrap();
            prop_assert_eq!(rejoin(&parts), value);
        }

        #[test]
        fn applying_a_diff_to_the_old_parts_gives_the_new(a in json_value(), b in json_value()) {
            let (old, new) = (split(&a.to_string()).unwrap(), split(&b.to_string()).unwrap());
            let d = diff(&old, &new);
            let mut stored = old.clone();
            for k in &d.delete { stored.remove(k); }
            stored.extend(d.put);
            prop_assert_eq!(rejoin(&stored), b);
        }
    }
}
