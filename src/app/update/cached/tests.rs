#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use super::super::tests::{arn, refs, t0};
use super::super::{init, update};
use crate::app::state::AppState;
use crate::app::{Action, Effect};
use crate::ecs::{TaskDef, TdStatus};

fn row_facts(family: &str, rev: u32) -> (String, Arc<TaskDef>) {
    let doc = serde_json::json!({
        "taskDefinitionArn": arn(family, rev), "family": family, "revision": rev,
        "registeredAt": 1_790_000_000.0, "cpu": "256", "memory": "512",
        "containerDefinitions": [{"image": "web:1.0"}],
    });
    (
        arn(family, rev),
        Arc::new(TaskDef::from_json(doc, vec![]).unwrap()),
    )
}

/// A fresh start with the cache's front applied before anything answered.
fn started() -> (AppState, Vec<Effect>) {
    let mut s = AppState {
        size: (120, 40),
        ..Default::default()
    };
    let now = t0();
    let mut fx = init(&mut s, now);
    fx.extend(update(
        &mut s,
        Action::CacheFront {
            families: vec!["api".into(), "web".into(), "worker".into()],
            family: Some("web".into()),
            rows: refs("web", (1..=30).rev(), TdStatus::Active),
            summaries: (1..=30).map(|r| row_facts("web", r)).collect(),
        },
        now,
    ));
    (s, fx)
}

#[test]
fn the_front_paints_unconfirmed_rows_and_asks_to_confirm_them() {
    let (s, fx) = started();
    assert_eq!(s.families.names, ["api", "web", "worker"]);
    assert_eq!(s.families.selected(), Some("web"));
    assert!(s.families.cached && s.revisions.cached);
    assert_eq!(s.revisions.family.as_deref(), Some("web"));
    assert_eq!(s.revisions.visible.len(), 30);
    assert_eq!(s.summaries.len(), 30);
    assert!(s.described.is_empty(), "cached facts are not describes");
    // Both listings are asked: families by init, the cached family's revisions by the front.
    assert!(fx.iter().any(|e| matches!(e, Effect::ListFamilies { .. })));
    assert!(
        fx.iter()
            .any(|e| matches!(e, Effect::ListRevisions { family, .. } if family == "web"))
    );
}

#[test]
fn listings_confirm_the_rows_and_replace_them() {
    let (mut s, fx) = started();
    let now = t0();
    let (fam_req, rev_req) = (s.families.request, s.revisions.request);
    assert!(fx.len() >= 2);
    update(
        &mut s,
        Action::FamiliesPage {
            request: fam_req,
            names: vec!["api".into(), "web".into()],
            done: true,
        },
        now,
    );
    assert!(!s.families.cached);
    assert_eq!(s.families.names, ["api", "web"]);
    assert_eq!(
        s.families.selected(),
        Some("web"),
        "the cursor stays on the family"
    );
    assert!(s.revisions.cached, "rows wait for their own listing");
    update(
        &mut s,
        Action::RevisionsPage {
            request: rev_req,
            refs: refs("web", (2..=31).rev(), TdStatus::Active),
            done: true,
        },
        now,
    );
    assert!(!s.revisions.cached);
    assert_eq!(s.revisions.rows.len(), 30);
    assert_eq!(s.revisions.rows[0].revision, 31);
}

#[test]
fn rows_with_cached_facts_are_not_described_except_the_selected_one() {
    let (mut s, _) = started();
    let rev_req = s.revisions.request;
    let now = t0();
    update(
        &mut s,
        Action::RevisionsPage {
            request: rev_req,
            refs: refs("web", (1..=32).rev(), TdStatus::Active),
            done: true,
        },
        now,
    );
    let later = now + jiff::SignedDuration::from_secs(2);
    let fx = update(&mut s, Action::Tick, later);
    let asked: Vec<String> = fx
        .iter()
        .flat_map(|e| match e {
            Effect::Describe { arns } => arns.clone(),
            _ => vec![],
        })
        .collect();
    // 31 and 32 are new; 30 (the selected row) is described for the detail pane.
    let mut want = vec![arn("web", 32), arn("web", 31), arn("web", 30)];
    want.sort();
    let mut got = asked.clone();
    got.sort();
    assert_eq!(got, want, "{asked:?}");
}

#[test]
fn a_listing_that_answered_first_is_not_overwritten() {
    let mut s = AppState {
        size: (120, 40),
        ..Default::default()
    };
    let now = t0();
    init(&mut s, now);
    let req = s.families.request;
    update(
        &mut s,
        Action::FamiliesPage {
            request: req,
            names: vec!["fresh".into()],
            done: true,
        },
        now,
    );
    update(
        &mut s,
        Action::CacheFront {
            families: vec!["stale".into()],
            family: Some("stale".into()),
            rows: refs("stale", 1..=2, TdStatus::Active),
            summaries: vec![row_facts("stale", 1)],
        },
        now,
    );
    assert_eq!(s.families.names, ["fresh"]);
    assert!(!s.families.cached);
    assert_eq!(s.summaries.len(), 1, "row facts are kept for later");
}
