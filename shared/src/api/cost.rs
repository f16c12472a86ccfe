//! What one request (or one scheduled run) spent, and what it may spend. Cloudflare bounds each
//! invocation (KV operations, subrequests); Village's rule is that no route's cost grows with
//! the network's size, so a page reads a page. A development stack reports each answer's cost
//! in the [`COST_HEADER`]; the tests hold every route to its [`Budget`].

use std::fmt;

/// The development-only response header carrying a request's [`Cost`].
pub const COST_HEADER: &str = "X-Village-Cost";

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Cost {
    pub kv_reads: u32,
    pub kv_writes: u32,
    pub kv_deletes: u32,
    /// Each listing page (up to 1,000 keys) is one operation.
    pub kv_lists: u32,
    /// Calls to Durable Objects (each is a subrequest).
    pub object_calls: u32,
    /// Outgoing `fetch`es (the email API).
    pub fetches: u32,
    /// Reads of the Worker's own static files (a postcode's centre).
    pub asset_reads: u32,
    /// Reads and writes of the data centre's cache (a public page's drawing). Counted as
    /// subrequests, to be safe.
    pub cache_calls: u32,
    /// Pages drawn with the app's components (CPU, not I/O: no budget counts it; a public
    /// page is drawn once per change of what it shows).
    pub renders: u32,
    /// What the objects this request called stored or sent on its behalf: their storage
    /// writes, their KV writes and deletes, their fetches. Each object call is an invocation of
    /// its own, with its own limits, so this counts toward no budget here; it says whether a
    /// request changed anything (a refusal must not).
    pub object_writes: u32,
}

impl Cost {
    pub fn kv_operations(&self) -> u32 {
        self.kv_reads + self.kv_writes + self.kv_deletes + self.kv_lists
    }

    pub fn subrequests(&self) -> u32 {
        self.object_calls + self.fetches + self.asset_reads + self.cache_calls
    }

    /// Take in what an object spent serving one of this request's calls: only what it stored
    /// or sent (see `object_writes`).
    pub fn on_behalf(&mut self, object: &Cost) {
        self.object_writes += object.object_writes + object.kv_writes + object.kv_deletes + object.fetches;
    }

    /// Whether the request stored or sent anything, here or through an object.
    pub fn changed_anything(&self) -> bool {
        self.kv_writes + self.kv_deletes + self.fetches + self.object_writes > 0
    }

    /// `Ok` when within `budget`, else what went over, for a log line or a test message.
    pub fn within(&self, budget: Budget) -> Result<(), String> {
        if self.kv_operations() <= budget.kv_operations && self.subrequests() <= budget.subrequests {
            Ok(())
        } else {
            Err(format!("{self} is over {} KV operations / {} subrequests", budget.kv_operations, budget.subrequests))
        }
    }

    /// Read back what `Display` wrote (the header's value).
    pub fn parse(text: &str) -> Option<Cost> {
        let mut cost = Cost::default();
        for pair in text.split_whitespace() {
            let (name, value) = pair.split_once('=')?;
            let value: u32 = value.parse().ok()?;
            let field = match name {
                "kv_reads" => &mut cost.kv_reads,
                "kv_writes" => &mut cost.kv_writes,
                "kv_deletes" => &mut cost.kv_deletes,
                "kv_lists" => &mut cost.kv_lists,
                "object_calls" => &mut cost.object_calls,
                "fetches" => &mut cost.fetches,
                "asset_reads" => &mut cost.asset_reads,
                "cache_calls" => &mut cost.cache_calls,
                "renders" => &mut cost.renders,
                "object_writes" => &mut cost.object_writes,
                _ => return None,
            };
            *field = value;
        }
        Some(cost)
    }
}

impl std::ops::AddAssign for Cost {
    fn add_assign(&mut self, other: Cost) {
        self.kv_reads += other.kv_reads;
        self.kv_writes += other.kv_writes;
        self.kv_deletes += other.kv_deletes;
        self.kv_lists += other.kv_lists;
        self.object_calls += other.object_calls;
        self.fetches += other.fetches;
        self.asset_reads += other.asset_reads;
        self.cache_calls += other.cache_calls;
        self.renders += other.renders;
        self.object_writes += other.object_writes;
    }
}

impl fmt::Display for Cost {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "kv_reads={} kv_writes={} kv_deletes={} kv_lists={} object_calls={} fetches={} asset_reads={} cache_calls={} \
             renders={} object_writes={}",
            self.kv_reads,
            self.kv_writes,
            self.kv_deletes,
            self.kv_lists,
            self.object_calls,
            self.fetches,
            self.asset_reads,
            self.cache_calls,
            self.renders,
            self.object_writes
        )
    }
}

/// The most one invocation may spend.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Budget {
    pub kv_operations: u32,
    pub subrequests: u32,
}

impl Budget {
    /// A public route: what a stranger's one request may cost (the free plan allows 50
    /// subrequests).
    pub const PUBLIC: Budget = Budget { kv_operations: 50, subrequests: 50 };
    /// A dashboard page, an export page or one scheduled run (Cloudflare's paid plan allows
    /// 1,000 KV operations per invocation).
    pub const NETWORK: Budget = Budget { kv_operations: 1_000, subrequests: 1_000 };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cost_reads_back_what_it_wrote() {
        let cost = Cost {
            kv_reads: 3,
            kv_writes: 2,
            kv_deletes: 1,
            kv_lists: 4,
            object_calls: 5,
            fetches: 6,
            asset_reads: 7,
            cache_calls: 9,
            renders: 10,
            object_writes: 8,
        };
        assert_eq!(Cost::parse(&cost.to_string()), Some(cost));
        assert_eq!(cost.kv_operations(), 10);
        assert_eq!(cost.subrequests(), 27);
        assert_eq!(Cost::parse("kv_reads=x"), None);
        assert_eq!(Cost::parse("stolen=1"), None);
    }

    #[test]
    fn what_an_object_stored_for_a_request_counts_as_a_change_of_that_request() {
        let mut request = Cost { kv_reads: 1, object_calls: 1, ..Cost::default() };
        assert!(!request.changed_anything());
        request.on_behalf(&Cost { kv_reads: 4, asset_reads: 1, ..Cost::default() });
        assert!(!request.changed_anything(), "reads are not changes");
        request.on_behalf(&Cost { kv_writes: 1, object_writes: 2, ..Cost::default() });
        assert_eq!(request.object_writes, 3);
        assert!(request.changed_anything());
        assert_eq!(request.kv_operations(), 1, "an object's KV operations are its own invocation's");
    }

    #[test]
    fn a_budget_is_a_ceiling_on_both_counts() {
        let at_limit = Cost { kv_reads: 50, object_calls: 50, ..Cost::default() };
        assert!(at_limit.within(Budget::PUBLIC).is_ok());
        assert!(Cost { kv_lists: 1, ..at_limit }.within(Budget::PUBLIC).is_err());
        assert!(Cost { fetches: 1, ..at_limit }.within(Budget::PUBLIC).is_err());
        assert!(Cost { fetches: 1, ..at_limit }.within(Budget::NETWORK).is_ok());
    }
}
