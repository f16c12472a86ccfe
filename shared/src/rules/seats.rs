//! Seats and the waitlist of one group.
//!
//! A [`SeatLedger`] is the whole truth about who holds a seat and who waits, in order. The
//! group's Durable Object keeps one and applies every signup, cancellation and capacity change
//! to it one at a time; these functions decide the outcome.
//!
//! Invariants (property-tested below):
//! - never more confirmed than capacity (a capacity cut below the confirmed count keeps
//!   everyone confirmed but lets nobody new in until the count drops under it);
//! - the waitlist is first in, first out; a freed seat goes to its head;
//! - a key is held at most once, in one of the two lists.

use std::collections::VecDeque;

use serde::{Deserialize, Serialize};

/// Where a key stands after an operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Placement {
    Confirmed,
    /// 1-based position in the waitlist.
    Waitlisted(u32),
}

/// The answer to [`SeatLedger::join`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Joined {
    pub placement: Placement,
    /// The key was already in the ledger; nothing changed.
    pub already_there: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeatLedger<K> {
    capacity: u32,
    confirmed: Vec<K>,
    waitlist: VecDeque<K>,
}

impl<K: Clone + PartialEq> SeatLedger<K> {
    pub fn new(capacity: u32) -> Self {
        SeatLedger { capacity, confirmed: Vec::new(), waitlist: VecDeque::new() }
    }

    pub fn capacity(&self) -> u32 {
        self.capacity
    }

    pub fn confirmed(&self) -> &[K] {
        &self.confirmed
    }

    pub fn waitlist(&self) -> impl Iterator<Item = &K> {
        self.waitlist.iter()
    }

    pub fn confirmed_count(&self) -> u32 {
        self.confirmed.len() as u32
    }

    pub fn waitlist_len(&self) -> u32 {
        self.waitlist.len() as u32
    }

    pub fn seats_left(&self) -> u32 {
        self.capacity.saturating_sub(self.confirmed_count())
    }

    pub fn placement(&self, key: &K) -> Option<Placement> {
        if self.confirmed.contains(key) {
            return Some(Placement::Confirmed);
        }
        self.waitlist.iter().position(|k| k == key).map(|i| Placement::Waitlisted(i as u32 + 1))
    }

    /// Take a seat if one is free, otherwise the back of the waitlist. Joining again changes
    /// nothing and reports where the key already is.
    pub fn join(&mut self, key: K) -> Joined {
        if let Some(placement) = self.placement(&key) {
            return Joined { placement, already_there: true };
        }
        // Nobody jumps the queue: a free seat with people waiting is theirs (this only happens
        // transiently, since every change promotes at once, but the rule does not rely on it).
        let placement = if self.seats_left() > 0 && self.waitlist.is_empty() {
            self.confirmed.push(key);
            Placement::Confirmed
        } else {
            self.waitlist.push_back(key);
            Placement::Waitlisted(self.waitlist.len() as u32)
        };
        Joined { placement, already_there: false }
    }

    /// Remove a key wherever it is. Returns where it was and whom its seat went to, or `None`
    /// if the key held nothing.
    pub fn cancel(&mut self, key: &K) -> Option<(Placement, Vec<K>)> {
        let was = self.placement(key)?;
        match was {
            Placement::Confirmed => self.confirmed.retain(|k| k != key),
            Placement::Waitlisted(_) => self.waitlist.retain(|k| k != key),
        }
        Some((was, self.promote()))
    }

    /// Change the number of seats. Returns the keys promoted by a larger capacity, in order.
    pub fn set_capacity(&mut self, capacity: u32) -> Vec<K> {
        self.capacity = capacity;
        self.promote()
    }

    /// Seat a waitlisted key ahead of its turn by adding one seat for it (a network's decision
    /// from the dashboard; nobody already seated or waiting ahead loses anything). Returns
    /// `false` when the key is not on the waitlist.
    pub fn seat_out_of_turn(&mut self, key: &K) -> bool {
        let Some(i) = self.waitlist.iter().position(|k| k == key) else {
            return false;
        };
        let key = self.waitlist.remove(i).expect("the position is in range");
        self.capacity = self.capacity.max(self.confirmed_count()) + 1;
        self.confirmed.push(key);
        true
    }

    /// Hold `old`'s place under `new` (erasing a person keeps the counts, not the identity).
    pub fn rename(&mut self, old: &K, new: K) {
        for k in self.confirmed.iter_mut().chain(self.waitlist.iter_mut()) {
            if k == old {
                *k = new.clone();
            }
        }
    }

    /// Fill free seats from the head of the waitlist.
    fn promote(&mut self) -> Vec<K> {
        let mut promoted = Vec::new();
        while self.seats_left() > 0 {
            match self.waitlist.pop_front() {
                Some(k) => {
                    self.confirmed.push(k.clone());
                    promoted.push(k);
                }
                None => break,
            }
        }
        promoted
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn seating_out_of_turn_adds_a_seat_and_keeps_the_rest_in_order() {
        let mut l = SeatLedger::new(1);
        for k in ["a", "b", "c", "d"] {
            l.join(k);
        }
        assert!(l.seat_out_of_turn(&"c"));
        assert_eq!(l.capacity(), 2);
        assert_eq!(l.placement(&"c"), Some(Placement::Confirmed));
        assert_eq!(l.placement(&"b"), Some(Placement::Waitlisted(1)));
        assert_eq!(l.placement(&"d"), Some(Placement::Waitlisted(2)));
        assert!(!l.seat_out_of_turn(&"a"), "already seated");
        assert!(!l.seat_out_of_turn(&"z"), "unknown");
        // A freed seat still goes to the head of the line.
        l.cancel(&"a");
        assert_eq!(l.placement(&"b"), Some(Placement::Confirmed));
    }

    #[test]
    fn a_renamed_key_keeps_its_place() {
        let mut l = SeatLedger::new(1);
        l.join("a");
        l.join("b");
        l.rename(&"b", "erased");
        assert_eq!(l.placement(&"erased"), Some(Placement::Waitlisted(1)));
        assert_eq!(l.placement(&"b"), None);
    }

    fn ledger_with(capacity: u32, keys: &[&'static str]) -> SeatLedger<&'static str> {
        let mut l = SeatLedger::new(capacity);
        for k in keys {
            l.join(*k);
        }
        l
    }

    #[test]
    fn joining_takes_free_seats_then_waits_in_order() {
        let mut l = SeatLedger::new(2);
        assert_eq!(l.join("ana").placement, Placement::Confirmed);
        assert_eq!(l.join("ben").placement, Placement::Confirmed);
        assert_eq!(l.join("cruz").placement, Placement::Waitlisted(1));
        assert_eq!(l.join("dee").placement, Placement::Waitlisted(2));
        assert_eq!(l.seats_left(), 0);
        assert_eq!(l.waitlist_len(), 2);
    }

    #[test]
    fn joining_twice_changes_nothing() {
        let mut l = ledger_with(1, &["ana", "ben"]);
        let again = l.join("ben");
        assert_eq!(again, Joined { placement: Placement::Waitlisted(1), already_there: true });
        assert_eq!(l.waitlist_len(), 1);
        assert_eq!(l.confirmed_count(), 1);
    }

    #[test]
    fn cancel_promotes_the_head_of_the_waitlist() {
        let mut l = ledger_with(1, &["ana", "ben", "cruz"]);
        let (was, promoted) = l.cancel(&"ana").unwrap();
        assert_eq!(was, Placement::Confirmed);
        assert_eq!(promoted, vec!["ben"]);
        assert_eq!(l.placement(&"cruz"), Some(Placement::Waitlisted(1)));
    }

    #[test]
    fn cancelling_from_the_waitlist_moves_the_people_behind_up() {
        let mut l = ledger_with(1, &["ana", "ben", "cruz", "dee"]);
        let (was, promoted) = l.cancel(&"ben").unwrap();
        assert_eq!(was, Placement::Waitlisted(1));
        assert!(promoted.is_empty());
        assert_eq!(l.placement(&"cruz"), Some(Placement::Waitlisted(1)));
        assert_eq!(l.placement(&"dee"), Some(Placement::Waitlisted(2)));
    }

    #[test]
    fn cancelling_someone_not_there_is_none() {
        let mut l = ledger_with(1, &["ana"]);
        assert_eq!(l.cancel(&"zoe"), None);
        assert_eq!(l.confirmed_count(), 1);
    }

    #[test]
    fn a_capacity_increase_promotes_in_order() {
        let mut l = ledger_with(1, &["ana", "ben", "cruz", "dee"]);
        assert_eq!(l.set_capacity(3), vec!["ben", "cruz"]);
        assert_eq!(l.placement(&"dee"), Some(Placement::Waitlisted(1)));
    }

    #[test]
    fn a_capacity_cut_keeps_seats_but_admits_nobody_until_below_it() {
        let mut l = ledger_with(3, &["ana", "ben", "cruz"]);
        assert!(l.set_capacity(1).is_empty());
        assert_eq!(l.confirmed_count(), 3);
        assert_eq!(l.join("dee").placement, Placement::Waitlisted(1));
        assert!(l.cancel(&"ana").unwrap().1.is_empty(), "still over capacity: nobody promoted");
        l.cancel(&"ben");
        let (_, promoted) = l.cancel(&"cruz").unwrap();
        assert_eq!(promoted, vec!["dee"]);
    }

    #[test]
    fn a_zero_capacity_group_waitlists_everyone() {
        let mut l = SeatLedger::new(0);
        assert_eq!(l.join("ana").placement, Placement::Waitlisted(1));
    }

    #[derive(Debug, Clone)]
    enum Op {
        Join(u8),
        Cancel(u8),
        Capacity(u8),
        OutOfTurn(u8),
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            5 => (0u8..30).prop_map(Op::Join),
            3 => (0u8..30).prop_map(Op::Cancel),
            1 => (0u8..15).prop_map(Op::Capacity),
            1 => (0u8..30).prop_map(Op::OutOfTurn),
        ]
    }

    proptest! {
        #[test]
        fn invariants_hold_under_any_sequence(capacity in 0u32..15, ops in proptest::collection::vec(op(), 0..200)) {
            let mut l: SeatLedger<u8> = SeatLedger::new(capacity);
            // A reference model of the queue: who joined the waitlist, in order.
            for op in ops {
                let before_confirmed = l.confirmed_count();
                let waitlist_before: Vec<u8> = l.waitlist().copied().collect();
                match op {
                    Op::Join(k) => {
                        let joined = l.join(k);
                        if !joined.already_there {
                            if let Placement::Waitlisted(p) = joined.placement {
                                prop_assert_eq!(p, l.waitlist_len(), "new waiters go to the back");
                            }
                        }
                    }
                    Op::Cancel(k) => {
                        if let Some((_, promoted)) = l.cancel(&k) {
                            // Promotions come from the head, in order, skipping the cancelled key.
                            let expected: Vec<u8> = waitlist_before.iter().copied()
                                .filter(|w| *w != k).take(promoted.len()).collect();
                            prop_assert_eq!(promoted, expected);
                        }
                    }
                    Op::Capacity(c) => {
                        let promoted = l.set_capacity(c.into());
                        let expected: Vec<u8> = waitlist_before.iter().copied().take(promoted.len()).collect();
                        prop_assert_eq!(&promoted, &expected);
                        prop_assert_eq!(
                            promoted.len() as u32,
                            (c as u32).saturating_sub(before_confirmed).min(waitlist_before.len() as u32)
                        );
                    }
                    Op::OutOfTurn(k) => {
                        let was_waiting = waitlist_before.contains(&k);
                        prop_assert_eq!(l.seat_out_of_turn(&k), was_waiting);
                        if was_waiting {
                            prop_assert_eq!(l.placement(&k), Some(Placement::Confirmed));
                            prop_assert_eq!(l.confirmed_count(), before_confirmed + 1);
                        }
                    }
                }
                // Never over capacity, except for seats held before a capacity cut.
                prop_assert!(l.confirmed_count() <= l.capacity().max(before_confirmed));
                // Nobody waits while a seat is free.
                prop_assert!(l.seats_left() == 0 || l.waitlist_len() == 0);
                // Nobody twice.
                let mut all: Vec<u8> = l.confirmed().to_vec();
                all.extend(l.waitlist().copied());
                let mut dedup = all.clone();
                dedup.sort();
                dedup.dedup();
                prop_assert_eq!(dedup.len(), all.len());
                // The waitlist keeps its relative order (FIFO): what remains of the old queue
                // is still in the same order at the front.
                let now: Vec<u8> = l.waitlist().copied().collect();
                let survivors: Vec<u8> = waitlist_before.iter().copied().filter(|k| now.contains(k)).collect();
                prop_assert_eq!(&now[..survivors.len()], &survivors[..]);
            }
        }

        #[test]
        fn n_distinct_joins_confirm_exactly_min_of_n_and_capacity(capacity in 0u32..40, n in 0u32..120) {
            let mut l = SeatLedger::new(capacity);
            for k in 0..n {
                let joined = l.join(k);
                let expected = if k < capacity { Placement::Confirmed } else { Placement::Waitlisted(k - capacity + 1) };
                prop_assert_eq!(joined.placement, expected);
            }
            prop_assert_eq!(l.confirmed_count(), n.min(capacity));
            prop_assert_eq!(l.waitlist_len(), n.saturating_sub(capacity));
        }
    }
}
