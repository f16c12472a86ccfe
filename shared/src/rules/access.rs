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

pub fn authorize(user: Option<&AdminUser>, scope: Scope) -> Decision {
    let Some(user) = user.filter(|u| !u.revoked) else {
        return Decision::Unauthenticated;
    };
    let allowed = match (user.role, scope) {
        (Role::Admin, _) => true,
        (Role::Facilitator, Scope::SignedIn) => true,
        (Role::Facilitator, Scope::Group(id)) => user.groups.iter().any(|g| g == id),
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
        }
    }

    #[test]
    fn the_matrix() {
        let admin = user(Role::Admin, &[]);
        let mine = user(Role::Facilitator, &["g1"]);
        let scopes = [Scope::SignedIn, Scope::Group("g1"), Scope::Group("g2"), Scope::Network];
        let decide = |u: Option<&AdminUser>| scopes.map(|s| authorize(u, s));
        use Decision::*;
        assert_eq!(decide(None), [Unauthenticated; 4]);
        assert_eq!(decide(Some(&admin)), [Allowed; 4]);
        assert_eq!(decide(Some(&mine)), [Allowed, Allowed, Forbidden, Forbidden]);
    }

    #[test]
    fn a_revoked_user_is_no_longer_signed_in() {
        let mut admin = user(Role::Admin, &[]);
        admin.revoked = true;
        assert_eq!(authorize(Some(&admin), Scope::SignedIn), Decision::Unauthenticated);
    }
}
