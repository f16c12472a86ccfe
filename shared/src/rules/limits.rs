//! How much one client, one address or one group may ask of Village: a flood from one place is
//! bounded; a registration rush (many people, each asking once) is not.
//!
//! The counting is a fixed window per key, kept by small Durable Objects on the edge (each
//! keeps the keys whose digest falls to it); the decision is here, pure.

use serde::{Deserialize, Serialize};

/// At most `count` within `window_secs`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Limit {
    pub count: u32,
    pub window_secs: u32,
}

/// Every limit, with the values production runs (and so does the local stack). Each can be
/// changed with a Worker variable of the same name in upper case (`CLIENT_WRITES = "30/600"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Public writes (signups, subscriptions, "I'll come", changes through a manage link) from
    /// one client: an IPv4 address, or an IPv6 /64 (one household or phone network gets one,
    /// not 2^64). Generous: a family centre's wifi is one client for everyone in the room.
    pub client_writes: Limit,
    /// Public writes naming one email address from one client. Counted per client, so nobody
    /// can use up someone else's address and lock them out.
    pub email_writes: Limit,
    /// Messages one client's requests can cause to one address (a repeat signup's link, a
    /// subscription confirmation) a day; from all clients together, `mail_per_address_total`.
    pub mail_per_address: Limit,
    pub mail_per_address_total: Limit,
    /// The longest waitlist a group keeps; past it, `409 waitlist_full`.
    pub waitlist_max: u32,
    /// "I'll come" devices counted per drop-in session; past it the count stops growing and
    /// nothing more is stored.
    pub rsvps_per_session: u32,
    /// Dashboard sign-in links asked for by one client, and for one email from one client (no
    /// limit across clients: that would let anyone lock an admin out).
    pub sign_in_per_client: Limit,
    pub sign_in_per_email: Limit,
    /// What one dashboard page lists (groups, messages, audit entries), and how many groups
    /// one page of the incentives export covers: each costs an object call or a read.
    pub page_size: u32,
    /// Rows of one page of a per-record export (the updates list): one read each.
    pub export_page_size: u32,
    /// Directory entries one listing page holds (one KV list whatever its length; KV lists at
    /// most 1,000 keys at once): a longer directory is paged.
    pub directory_page_size: u32,
    /// Groups on one page of the public catalogue (a phone's screenful or three): one KV read
    /// each for its card.
    pub catalogue_page_size: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            client_writes: Limit { count: 60, window_secs: 600 },
            email_writes: Limit { count: 20, window_secs: 3_600 },
            mail_per_address: Limit { count: 3, window_secs: 86_400 },
            mail_per_address_total: Limit { count: 10, window_secs: 86_400 },
            waitlist_max: 500,
            rsvps_per_session: 1_000,
            sign_in_per_client: Limit { count: 20, window_secs: 900 },
            sign_in_per_email: Limit { count: 5, window_secs: 900 },
            page_size: 50,
            export_page_size: 500,
            directory_page_size: 1_000,
            catalogue_page_size: 24,
        }
    }
}

impl Limit {
    /// `"30/600"` → 30 per 600 seconds.
    pub fn parse(text: &str) -> Option<Limit> {
        let (count, window) = text.trim().split_once('/')?;
        let limit = Limit { count: count.trim().parse().ok()?, window_secs: window.trim().parse().ok()? };
        (limit.window_secs > 0).then_some(limit)
    }
}

/// One key's count in its current window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Window {
    /// Unix seconds the window started.
    pub start: i64,
    pub used: u32,
}

/// Admitted, or refused with the seconds until the window ends (for `Retry-After`) and which of
/// the request's counts was refused (its place among them; the same counts up to it are
/// refused until then).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Verdict {
    Admitted,
    Refused { retry_after_secs: u32, count: usize },
}

/// Count one request against `limit` at `now` (Unix seconds). A refused request is not
/// counted, so a client that waits is let in when the window ends.
pub fn admit(window: Option<Window>, limit: Limit, now: i64) -> (Window, Verdict) {
    let current = window.filter(|w| now >= w.start && now < w.start + i64::from(limit.window_secs));
    let mut window = current.unwrap_or(Window { start: now, used: 0 });
    if window.used >= limit.count {
        let retry = (window.start + i64::from(limit.window_secs) - now).max(1) as u32;
        return (window, Verdict::Refused { retry_after_secs: retry, count: 0 });
    }
    window.used += 1;
    (window, Verdict::Admitted)
}

/// One count a request makes in a limiter: under `name`, against `limit`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Count {
    pub name: String,
    pub limit: Limit,
}

/// What the Worker asks a limiter about one counted `key` (a client, an address, a
/// client-and-address pair).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum LimitCommand {
    /// Count these, in order: answers the `Verdict`.
    Count { key: String, counts: Vec<Count> },
    /// Development only: whether any window is kept for the key (answers a `bool`), so a test
    /// can see a key forgotten once its windows end.
    Kept { key: String },
}

impl LimitCommand {
    pub fn key(&self) -> &str {
        match self {
            LimitCommand::Count { key, .. } | LimitCommand::Kept { key } => key,
        }
    }
}

/// The most windows one key keeps open (~100 bytes each: its stored value stays far under
/// 128 KiB). A client naming more addresses than this within their windows is refused until
/// the oldest ends, whatever the configured limits.
pub const WINDOWS_MAX: usize = 500;

/// A limiter's open windows: name → (window, its length in seconds).
pub type Windows = std::collections::BTreeMap<String, (Window, u32)>;

/// One request counted several times in one place (a client, then each address it names from
/// that client), in order: it stops at the first refusal, and what comes after is not counted.
/// Windows that have ended are forgotten first, so a limiter holds only its open windows.
pub fn admit_in_order(windows: &mut Windows, counts: &[Count], now: i64) -> Verdict {
    windows.retain(|_, (w, secs)| now < w.start + i64::from(*secs));
    for (place, count) in counts.iter().enumerate() {
        if !windows.contains_key(&count.name) && windows.len() >= WINDOWS_MAX {
            let first_end = windows.values().map(|(w, secs)| w.start + i64::from(*secs)).min().unwrap_or(now + 1);
            return Verdict::Refused { retry_after_secs: (first_end - now).max(1) as u32, count: place };
        }
        let previous = windows.get(&count.name).map(|(w, _)| *w);
        let (window, verdict) = admit(previous, count.limit, now);
        if let Verdict::Refused { retry_after_secs, .. } = verdict {
            return Verdict::Refused { retry_after_secs, count: place };
        }
        windows.insert(count.name.clone(), (window, count.limit.window_secs));
    }
    Verdict::Admitted
}

/// The key a client is counted under: the IPv4 address, or the /64 of an IPv6 address (a
/// single connection is often handed a whole /64). Anything unreadable counts as one client.
pub fn client_key(address: &str) -> String {
    match address.trim().parse::<std::net::IpAddr>() {
        Ok(std::net::IpAddr::V4(v4)) => format!("ip:{v4}"),
        Ok(std::net::IpAddr::V6(v6)) => match v6.to_ipv4_mapped() {
            Some(v4) => format!("ip:{v4}"),
            None => {
                let s = v6.segments();
                format!("ip6:{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        },
        Err(_) => "ip:unknown".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn counts_in_one_place_stop_at_the_first_refusal_and_count_nothing_after_it() {
        let client = Count { name: "writes".into(), limit: Limit { count: 3, window_secs: 600 } };
        let email = Count { name: "writes|email:ab".into(), limit: Limit { count: 1, window_secs: 3600 } };
        let mut windows = Windows::new();
        let both = [client.clone(), email.clone()];
        assert_eq!(admit_in_order(&mut windows, &both, 100), Verdict::Admitted);
        // The address is refused: the client's count still went up (it asked), nothing after.
        assert!(matches!(admit_in_order(&mut windows, &both, 101), Verdict::Refused { retry_after_secs: 3599, count: 1 }));
        assert_eq!(windows["writes"].0.used, 2);
        assert_eq!(admit_in_order(&mut windows, &[client.clone()], 102), Verdict::Admitted);
        // The client is refused: the address is not counted.
        let other = Count { name: "writes|email:cd".into(), ..email };
        assert!(matches!(admit_in_order(&mut windows, &[client, other], 103), Verdict::Refused { .. }));
        assert!(!windows.contains_key("writes|email:cd"));
        // Ended windows are forgotten.
        admit_in_order(&mut windows, &[], 100 + 3600);
        assert!(windows.is_empty());
    }

    #[test]
    fn a_limiter_never_keeps_more_windows_than_its_bound_however_generous_the_limits() {
        let generous = Limit { count: 1_000_000, window_secs: 3600 };
        let mut windows = Windows::new();
        let mut refused = 0;
        for n in 0..WINDOWS_MAX + 50 {
            let counts = [
                Count { name: "writes".into(), limit: generous },
                Count { name: format!("writes|email:{n:064x}"), limit: generous },
            ];
            if admit_in_order(&mut windows, &counts, 1_000 + n as i64) != Verdict::Admitted {
                refused += 1;
            }
        }
        assert_eq!(windows.len(), WINDOWS_MAX);
        assert_eq!(refused, 51);
        let stored = serde_json::to_string(&windows).unwrap().len();
        assert!(stored < 128 * 1024, "{stored} bytes");
    }

    const FIVE_A_MINUTE: Limit = Limit { count: 5, window_secs: 60 };

    #[test]
    fn a_client_is_refused_after_its_limit_and_told_when_to_come_back() {
        let mut window = None;
        for _ in 0..5 {
            let (w, verdict) = admit(window, FIVE_A_MINUTE, 1_000);
            assert_eq!(verdict, Verdict::Admitted);
            window = Some(w);
        }
        let (_, verdict) = admit(window, FIVE_A_MINUTE, 1_010);
        assert_eq!(verdict, Verdict::Refused { retry_after_secs: 50, count: 0 });
    }

    #[test]
    fn a_new_window_lets_the_client_in_again() {
        let (full, _) = admit(Some(Window { start: 1_000, used: 5 }), FIVE_A_MINUTE, 1_059);
        assert_eq!(full.used, 5);
        let (fresh, verdict) = admit(Some(full), FIVE_A_MINUTE, 1_060);
        assert_eq!((fresh, verdict), (Window { start: 1_060, used: 1 }, Verdict::Admitted));
    }

    #[test]
    fn ipv6_clients_are_counted_by_their_64_and_mapped_ipv4_as_ipv4() {
        assert_eq!(client_key("2001:db8:1:2:aaaa::1"), client_key("2001:db8:1:2:bbbb:cccc:dddd:eeee"));
        assert_ne!(client_key("2001:db8:1:2::1"), client_key("2001:db8:1:3::1"));
        assert_eq!(client_key("::ffff:192.0.2.7"), client_key("192.0.2.7"));
        assert_ne!(client_key("127.0.1.2"), client_key("127.0.1.3"));
        assert_eq!(client_key("not an address"), "ip:unknown");
    }

    #[test]
    fn limits_are_read_from_settings() {
        assert_eq!(Limit::parse(" 30 / 600 "), Some(Limit { count: 30, window_secs: 600 }));
        assert_eq!(Limit::parse("30/0"), None);
        assert_eq!(Limit::parse("thirty"), None);
    }

    proptest! {
        /// Whatever the timing, no window admits more than the limit, and a refusal always
        /// names a wait that ends inside the window.
        #[test]
        fn no_window_ever_admits_more_than_the_limit(gaps in proptest::collection::vec(0i64..40, 1..200)) {
            let limit = FIVE_A_MINUTE;
            let (mut now, mut window) = (10_000i64, None);
            let mut admitted_at: Vec<i64> = Vec::new();
            for gap in gaps {
                now += gap;
                let (w, verdict) = admit(window, limit, now);
                window = Some(w);
                match verdict {
                    Verdict::Admitted => admitted_at.push(now),
                    Verdict::Refused { retry_after_secs, .. } => {
                        prop_assert!(retry_after_secs >= 1 && retry_after_secs <= limit.window_secs);
                    }
                }
                let in_window = admitted_at.iter().filter(|&&t| t >= w.start).count();
                prop_assert!(in_window as u32 <= limit.count);
            }
        }
    }
}
