//! Who may do what in the dashboard, decided in one place. Every `/api/admin/` route declares
//! its [`Scope`]; the Worker asks [`authorize`] before any handler runs.

use crate::model::{AdminUser, Role};

/// What a route touches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope<'a> {
    /// Anyone signed in (e.g. "who am I").
    SignedIn,
    /// One group's people and sessions: its facilitators and admins.
    Group(&'a str),
    /// The whole network (users, outbox, exports, audit): admins only.
    Network,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Allowed,
    /// No valid session: `401`.
    Unauthenticated,
    /// Signed in, but not for this: `403`.
    Forbidden,
}

/// `at` is now: an elected leader's access to their group lasts exactly their term.
pub fn authorize(user: Option<&AdminUser>, scope: Scope, at: chrono::DateTime<chrono::Utc>) -> Decision {
    let Some(user) = user.filter(|u| !u.revoked) else {
        return Decision::Unauthenticated;
    };
    let allowed = match (user.role, scope) {
        (Role::Admin, _) => true,
        (Role::Facilitator, Scope::SignedIn) => true,
        (Role::Facilitator, Scope::Group(id)) => {
            user.groups.iter().any(|g| g == id) || user.term_groups(at).any(|g| g == id)
        }
        (Role::Facilitator, Scope::Network) => false,
    };
    if allowed {
        Decision::Allowed
    } else {
        Decision::Forbidden
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(role: Role, groups: &[&str]) -> AdminUser {
        AdminUser {
            email: "x@example.org".into(),
            role,
            groups: groups.iter().map(|g| g.to_string()).collect(),
            revoked: false,
            terms: vec![],
        }
    }

    #[test]
    fn the_matrix() {
        let admin = user(Role::Admin, &[]);
        let mine = user(Role::Facilitator, &["g1"]);
        let scopes = [Scope::SignedIn, Scope::Group("g1"), Scope::Group("g2"), Scope::Network];
        let decide = |u: Option<&AdminUser>| scopes.map(|s| authorize(u, s, now()));
        use Decision::*;
        assert_eq!(decide(None), [Unauthenticated; 4]);
        assert_eq!(decide(Some(&admin)), [Allowed; 4]);
        assert_eq!(decide(Some(&mine)), [Allowed, Allowed, Forbidden, Forbidden]);
    }

    #[test]
    fn a_revoked_user_is_no_longer_signed_in() {
        let mut admin = user(Role::Admin, &[]);
        admin.revoked = true;
        assert_eq!(authorize(Some(&admin), Scope::SignedIn, now()), Decision::Unauthenticated);
    }

    fn now() -> chrono::DateTime<chrono::Utc> {
        "2027-03-01T12:00:00Z".parse().unwrap()
    }

    #[test]
    fn an_elected_term_gives_its_group_for_exactly_the_term() {
        use crate::model::TermGrant;
        let mut leader = user(Role::Facilitator, &[]);
        let from = now();
        let until = from + chrono::Months::new(12);
        leader.grant(TermGrant { group: "g1".into(), term: "t1".into(), from, until });
        let decide = |u: &AdminUser, at| authorize(Some(u), Scope::Group("g1"), at);
        assert_eq!(decide(&leader, from - chrono::Duration::seconds(1)), Decision::Forbidden, "not before");
        assert_eq!(decide(&leader, from), Decision::Allowed);
        assert_eq!(decide(&leader, until - chrono::Duration::seconds(1)), Decision::Allowed);
        assert_eq!(decide(&leader, until), Decision::Forbidden, "not after");
        assert_eq!(authorize(Some(&leader), Scope::Group("g2"), from), Decision::Forbidden, "only that group");
        // An acting term cut short by an election: the same term, written again.
        leader.grant(TermGrant { group: "g1".into(), term: "t1".into(), from, until: from + chrono::Duration::days(1) });
        assert_eq!(leader.terms.len(), 1);
        assert_eq!(decide(&leader, from + chrono::Duration::days(2)), Decision::Forbidden);
    }
}
