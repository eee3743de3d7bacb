//! The built-in demo account for `--demo`: 77 families of a plausible production account, with
//! services and tasks using some revisions. Fully deterministic: every choice comes from a
//! hash of the family name and revision, and every time from `CLOCK_BASE`.
//!
//! Building it only records compact revisions; documents are generated when described, so
//! start-up stays in the microseconds.

mod container;
mod docs;
mod fixtures;
mod sidecars;
mod table;

#[cfg(test)]
mod tests;

use std::sync::Arc;

use super::CLOCK_BASE;
use super::store::{Body, Store};
use crate::ecs::TdStatus;
use table::{FAMILIES, ROLLED_BACK, Spec};

/// A family that holds more than 250 revisions.
pub const BIG_FAMILY: &str = "web-api";
/// A family whose revisions are all INACTIVE.
pub const RETIRED_FAMILY: &str = "legacy-soap-bridge";

const DAY_MS: i64 = 86_400_000;

/// A stable 64-bit mix (SplitMix64 finaliser): the demo's only source of variety.
pub(super) fn mix(a: u64, b: u64) -> u64 {
    let mut z = a ^ b
        .wrapping_add(0x9e37_79b9_7f4a_7c15)
        .wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// FNV-1a of a name: a seed that does not depend on table order.
pub(super) fn seed_of(name: &str) -> u64 {
    name.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// `0..n` from a hash (n > 0).
pub(super) fn pick(h: u64, n: u64) -> u64 {
    h % n.max(1)
}

/// Fills `store` with the demo account.
pub(super) fn populate(store: &mut Store) {
    for spec in FAMILIES {
        add_family(store, spec);
    }
    add_clusters(store);
}

/// When revision `r` (1-based) of a family was registered, in epoch ms: spread between
/// `first` and `last` days before the base, with jitter that keeps them in order.
fn registered_ms(spec: &Spec, seed: u64, r: u32) -> i64 {
    let base = CLOCK_BASE.as_millisecond();
    let n = i64::from(spec.revisions.max(1));
    let long = spec.revisions > 100;
    let first_days = if long {
        700
    } else {
        30 + pick(seed, 690) as i64
    };
    let last_days = pick(seed >> 20, 25) as i64;
    let first = base - first_days * DAY_MS;
    let last = base - last_days * DAY_MS - pick(seed >> 40, DAY_MS as u64) as i64;
    let step = (last - first) / (n - 1).max(1);
    let jitter = pick(mix(seed, u64::from(r)), (step / 3).max(1) as u64) as i64;
    if i64::from(r) >= n {
        last
    } else {
        first + step * (i64::from(r) - 1) + jitter
    }
}

fn add_family(store: &mut Store, spec: &Spec) {
    let seed = seed_of(spec.name);
    let body = Arc::new(Body::Source(docs::source(spec, seed)));
    let newest_inactive = spec.revisions.saturating_sub(spec.active);
    let base = CLOCK_BASE.as_millisecond();
    for r in 1..=spec.revisions {
        let rolled_back = ROLLED_BACK
            .iter()
            .any(|(f, back)| *f == spec.name && spec.revisions.checked_sub(*back) == Some(r));
        let inactive = r <= newest_inactive || rolled_back;
        let registered = registered_ms(spec, seed, r);
        let deregistered = inactive.then(|| {
            // Cleaned up some hours to days after the next revision replaced it.
            let next = if r < spec.revisions {
                registered_ms(spec, seed, r + 1)
            } else {
                registered + 3 * DAY_MS
            };
            let later = pick(mix(seed ^ 0xd15, u64::from(r)), 3 * DAY_MS as u64) as i64;
            (next + later)
                .min(base - 3_600_000)
                .max(registered + 60_000)
        });
        let status = if inactive {
            TdStatus::Inactive
        } else {
            TdStatus::Active
        };
        store.insert(spec.name, body.clone(), registered, status, deregistered);
    }
}

/// `family:revision` counted back from the newest.
fn rev(name: &str, back: u32) -> String {
    let n = FAMILIES
        .iter()
        .find(|s| s.name == name)
        .map_or(1, |s| s.revisions);
    format!("{name}:{}", n.saturating_sub(back).max(1))
}

fn add_clusters(store: &mut Store) {
    let c = &mut store.clusters;
    // A rollout in progress: the new revision is PRIMARY, the old one still serves.
    let (new, old) = (rev(BIG_FAMILY, 0), rev(BIG_FAMILY, 1));
    c.add_service("prod", BIG_FAMILY, &new, &[new.as_str(), old.as_str()]);
    for _ in 0..2 {
        c.add_task("prod", &new, "RUNNING", Some("service:web-api"));
        c.add_task("prod", &old, "RUNNING", Some("service:web-api"));
    }
    c.add_task("prod", &new, "PENDING", Some("service:web-api"));
    let prod = [
        "storefront-ssr",
        "payments-worker",
        "checkout-service",
        "orders-api",
        "auth-service",
        "graphql-gateway",
        "mobile-bff",
        "notifications-dispatcher",
        "search-api",
        "catalog-api",
        "nginx-edge",
        "fraud-scoring",
    ];
    for name in prod {
        let td = rev(name, 0);
        c.add_service("prod", name, &td, &[]);
        c.add_task("prod", &td, "RUNNING", Some(&format!("service:{name}")));
    }
    // Staging lags behind, and still runs a revision that was deregistered long ago.
    for (name, back) in [
        (BIG_FAMILY, 4),
        ("orders-api", 15),
        ("payments-worker", 3),
        ("checkout-service", 1),
    ] {
        let td = rev(name, back);
        c.add_service("staging", name, &td, &[]);
        c.add_task("staging", &td, "RUNNING", Some(&format!("service:{name}")));
    }
    for name in ["grafana", "prometheus", "loki-gateway", "keycloak"] {
        c.add_service("tools", name, &rev(name, 0), &[]);
    }
    c.add_task("batch", &rev("etl-nightly", 0), "RUNNING", None);
    c.add_task("batch", &rev("ml-training-batch", 0), "PENDING", None);
    c.add_task("batch", &rev("report-generator", 0), "STOPPED", None);
    c.add_task("batch", &rev("db-migrate", 1), "STOPPED", None);
}
