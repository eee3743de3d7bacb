//! Snapshots of the screen with several contexts: the families pane's context column, a
//! failed context as one row, the detail title naming the context, and the confirmation's
//! per-context counts. (One context draws exactly as before: tests/render.rs is unchanged.)

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod render_fixtures;

use std::sync::Arc;

use render_fixtures as fx;
use taskdefs::app::contexts::ContextView;
use taskdefs::app::{Action, AppState, update};
use taskdefs::contexts::Context;
use taskdefs::ecs::{ContextId, RevisionRef, TdStatus};

fn screen(state: &AppState) -> String {
    fx::screen(state, state.size)
}

fn rev(ctx: u16, region: &str, family: &str, n: u32) -> RevisionRef {
    let arn = format!("arn:aws:ecs:{region}:123456789012:task-definition/{family}:{n}");
    RevisionRef::from_arn(&arn, TdStatus::Active)
        .unwrap()
        .in_ctx(ContextId(ctx))
}

/// us-east-1 and eu-west-1 of one account, ap-east-1 refused; `web` open in eu-west-1.
fn three_contexts(size: (u16, u16)) -> AppState {
    let now = fx::now();
    let mut s = AppState {
        size,
        ..Default::default()
    };
    let mut contexts = Vec::new();
    for r in ["us-east-1", "eu-west-1", "ap-east-1"] {
        let mut c = Context::new(None, Some(r));
        c.account = (r != "ap-east-1").then(|| "123456789012".to_string());
        contexts.push(c);
    }
    s.contexts = contexts
        .iter()
        .map(|c| {
            let failed = (c.region.as_deref() == Some("ap-east-1"))
                .then(|| "the security token included in the request is expired".to_string());
            ContextView::of(c, failed)
        })
        .collect();
    let refs: Vec<&Context> = contexts.iter().collect();
    taskdefs::app::contexts::compact(&mut s.contexts, &refs);
    update::update(&mut s, Action::Refresh, now);
    let request = s.families.request;
    let names = ["000/api", "000/web", "001/web", "002/"]
        .map(String::from)
        .to_vec();
    update::update(
        &mut s,
        Action::FamiliesPage {
            request,
            names,
            done: true,
        },
        now,
    );
    update::update(&mut s, Action::Down, now);
    update::update(&mut s, Action::Down, now);
    update::update(&mut s, Action::Enter, now);
    let request = s.revisions.request;
    let refs: Vec<RevisionRef> = (1..=4)
        .rev()
        .map(|n| rev(1, "eu-west-1", "web", n))
        .collect();
    update::update(
        &mut s,
        Action::RevisionsPage {
            request,
            refs: refs.clone(),
            done: true,
        },
        now,
    );
    for r in &refs {
        let td = fx::simple_td("web", r.revision, TdStatus::Active, 40);
        update::update(
            &mut s,
            Action::Described {
                arn: r.arn.clone(),
                result: Ok(Arc::new(td)),
            },
            now,
        );
    }
    s
}

#[test]
fn families_lead_with_their_context_and_a_failed_one_is_a_row() {
    let s = three_contexts((120, 30));
    let shown = screen(&s);
    insta::assert_snapshot!("contexts_browse_120x30", shown);
    assert!(shown.contains("us-east-1 api"), "{shown}");
    assert!(shown.contains("eu-west-1 web"), "{shown}");
    assert!(shown.contains("ap-east-1 ✗"), "{shown}");
    assert!(
        shown.contains("web:4 · eu-west-1"),
        "the detail names the context:\n{shown}"
    );
}

#[test]
fn the_confirmation_counts_per_context() {
    let mut s = three_contexts((120, 30));
    for r in [
        rev(0, "us-east-1", "web", 1),
        rev(0, "us-east-1", "web", 2),
        rev(0, "us-east-1", "api", 1),
        rev(1, "eu-west-1", "web", 1),
    ] {
        s.marks.insert(r.arn.clone(), r);
    }
    update::update(&mut s, Action::Deregister, fx::now());
    let shown = screen(&s);
    insta::assert_snapshot!("contexts_confirm_120x30", shown);
    assert!(
        shown.contains("Deregister 4 revisions across 3 families in 2 contexts?"),
        "{shown}"
    );
    assert!(
        shown.contains("us-east-1 · account 123456789012: 3 revisions in 2 families"),
        "{shown}"
    );
    assert!(
        shown.contains("eu-west-1 · account 123456789012: 1 revision in 1 family"),
        "{shown}"
    );
}

#[test]
fn protection_off_in_one_context_is_named_in_the_status_bar_and_the_confirmation() {
    let mut s = three_contexts((120, 30));
    let mut east = taskdefs::inuse::InUseMap::default();
    east.users
        .insert("web:2".into(), vec!["prod/web (service)".into()]);
    let mut map = taskdefs::inuse::InUseMap::default();
    map.add_context(ContextId(0), east);
    map.failed.push((
        ContextId(1),
        taskdefs::ecs::EcsError::new(
            "ListClusters",
            taskdefs::ecs::ErrorKind::AccessDenied,
            "not authorized to perform ecs:ListClusters",
        ),
    ));
    let request = s.in_use.request;
    update::update(
        &mut s,
        Action::InUseScanned {
            request,
            result: Ok(map),
        },
        fx::now(),
    );
    let detail = screen(&s);
    assert!(
        detail.contains("unknown: in-use scan failed in"),
        "the detail of an eu-west-1 revision:\n{detail}"
    );
    for r in [rev(0, "us-east-1", "web", 1), rev(1, "eu-west-1", "web", 2)] {
        s.marks.insert(r.arn.clone(), r);
    }
    update::update(&mut s, Action::Deregister, fx::now());
    let shown = screen(&s);
    assert!(
        shown.contains("protection OFF in eu-west-1 · account 123456789012"),
        "status bar:\n{shown}"
    );
    assert!(
        shown.contains("In-use protection is OFF in eu-west-1 · account 123456789012:"),
        "confirmation:\n{shown}"
    );
    assert!(
        !shown.contains("IN USE") && !shown.contains("⚑ web:2"),
        "web:2 is in use in us-east-1 only:\n{shown}"
    );
}
