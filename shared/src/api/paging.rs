//! One way to page a list the Worker holds whole (one KV listing, or one stored value): the
//! cursor is the offset of the next page. Lists read from KV page by KV's own cursor instead.

/// Where a page starts: the offset a cursor names (`0` without one, or for a cursor that is not
/// a number).
pub fn offset(cursor: Option<&str>) -> usize {
    cursor.and_then(|c| c.parse().ok()).unwrap_or(0)
}

/// The `size` items from `from`, and the cursor of the page after (none after the last).
pub fn offset_page<T>(items: Vec<T>, from: usize, size: usize) -> (Vec<T>, Option<String>) {
    let next = (from.saturating_add(size) < items.len()).then(|| (from + size).to_string());
    (items.into_iter().skip(from).take(size).collect(), next)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_follow_each_other_to_the_end() {
        let (first, next) = offset_page((0..7).collect(), offset(None), 3);
        assert_eq!((first, next.as_deref()), (vec![0, 1, 2], Some("3")));
        let (last, next) = offset_page((0..7).collect(), offset(Some("6")), 3);
        assert_eq!((last, next), (vec![6], None));
        assert_eq!(offset(Some("x")), 0);
        assert_eq!(offset_page((0..3).collect::<Vec<u8>>(), 3, 3), (vec![], None));
    }
}
