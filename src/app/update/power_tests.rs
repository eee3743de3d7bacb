//! Tests of `update` for the operator power keys: copy (`y`/`Y`).

use std::sync::Arc;

use super::tests::{arn, loaded};
use super::*;
use crate::app::state::{Described, Focus};
use crate::ecs::TaskDef;

/// `loaded(n)` with web:n (the revision under the cursor) described, holding an env secret.
fn described(n: u32) -> (AppState, jiff::Timestamp) {
    let (mut s, now) = loaded(n);
    let td = TaskDef::from_json(
        serde_json::json!({
            "family": "web", "revision": n, "taskDefinitionArn": arn("web", n),
            "containerDefinitions": [{"name": "app", "image": "web:1",
                "environment": [{"name": "DB_PASSWORD", "value": "hunter2"}]}]
        }),
        vec![],
    )
    .unwrap();
    s.described
        .insert(arn("web", n), Described::Loaded(Arc::new(td)));
    s.focus = Focus::Revisions;
    (s, now)
}

fn copied(fx: &[Effect]) -> &str {
    match fx {
        [Effect::Copy { text }] => text,
        other => panic!("expected one Copy, got {other:?}"),
    }
}

#[test]
fn y_copies_the_arn_and_says_how_many_bytes() {
    let (mut s, now) = described(3);
    let fx = update(&mut s, Action::CopyArn, now);
    assert_eq!(copied(&fx), arn("web", 3));
    let flash = s.flash.as_ref().unwrap();
    assert!(flash.text.contains("ARN of web:3"), "{}", flash.text);
    assert!(
        flash
            .text
            .contains(&format!("{} bytes", arn("web", 3).len())),
        "{}",
        flash.text
    );
}

#[test]
fn big_y_copies_valid_json_masked_unless_revealed() {
    let (mut s, now) = described(3);
    let fx = update(&mut s, Action::CopyJson, now);
    let text = copied(&fx).to_string();
    let v: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
    assert_eq!(v["family"], "web");
    assert!(!text.contains("hunter2") && text.contains("DB_PASSWORD"));
    let flash = s.flash.as_ref().unwrap().text.clone();
    assert!(flash.contains("values masked") && flash.contains(&format!("{} bytes", text.len())));

    update(&mut s, Action::ToggleReveal, now);
    let fx = update(&mut s, Action::CopyJson, now);
    assert!(copied(&fx).contains("hunter2"));
    assert!(s.flash.as_ref().unwrap().text.contains("REVEALED"));
}

#[test]
fn big_y_before_the_describe_copies_nothing_and_says_why() {
    let (mut s, now) = loaded(3);
    s.focus = Focus::Revisions;
    let fx = update(&mut s, Action::CopyJson, now);
    assert!(fx.is_empty());
    assert!(s.flash.as_ref().unwrap().text.contains("not described yet"));
    // The ARN needs no describe.
    let fx = update(&mut s, Action::CopyArn, now);
    assert_eq!(copied(&fx), arn("web", 3));
}

#[test]
fn z_zooms_the_detail_and_leaving_it_unzooms() {
    let (mut s, now) = described(3);
    update(&mut s, Action::ToggleZoom, now);
    assert!(s.detail.zoom);
    assert_eq!(
        s.focus,
        Focus::Detail,
        "zooming gives the detail the keyboard"
    );
    // Zoomed, a page is the whole screen's height (120x40: 40 - 2 status - 2 borders).
    update(&mut s, Action::PageDown, now);
    assert_eq!(s.detail.scroll, 36);
    update(&mut s, Action::ToggleZoom, now);
    assert!(!s.detail.zoom);
    update(&mut s, Action::ToggleZoom, now);
    update(&mut s, Action::Back, now);
    assert_eq!(s.focus, Focus::Revisions);
    assert!(!s.detail.zoom, "leaving the detail pane unzooms");
}

#[test]
fn arrows_scroll_the_json_sideways_up_to_its_widest_line() {
    let (mut s, now) = loaded(3);
    let long = "x".repeat(300);
    let td = TaskDef::from_json(
        serde_json::json!({"family": "web", "revision": 3, "taskDefinitionArn": arn("web", 3),
            "containerDefinitions": [{"name": "app", "image": "web:1", "command": [long]}]}),
        vec![],
    )
    .unwrap();
    s.described
        .insert(arn("web", 3), Described::Loaded(Arc::new(td)));
    s.focus = Focus::Detail;
    // In the summary the arrows still switch panes.
    update(&mut s, Action::ScrollRight, now);
    assert_eq!(s.focus, Focus::Families);
    s.focus = Focus::Detail;
    update(&mut s, Action::ToggleJson, now);
    update(&mut s, Action::ScrollRight, now);
    assert_eq!((s.focus, s.detail.hscroll), (Focus::Detail, view::HSTEP));
    for _ in 0..100 {
        update(&mut s, Action::ScrollRight, now);
    }
    // The widest line is the command's 300 x's, quoted and indented by 8 (four levels deep).
    let widest = 300 + 2 + 8;
    assert_eq!(s.detail.hscroll, widest - view::detail_width(&s));
    update(&mut s, Action::ScrollLeft, now);
    assert_eq!(
        s.detail.hscroll,
        widest - view::detail_width(&s) - view::HSTEP
    );
    // Another revision starts at the left edge again.
    update(&mut s, Action::Back, now);
    assert_eq!(s.focus, Focus::Revisions);
    update(&mut s, Action::Down, now);
    assert_eq!(s.detail.hscroll, 0);
}

/// `loaded(5)` with a scan that found web:3 on two services (one rolling out from web:2),
/// a standalone task on web:1, and an unrelated service.
fn with_services() -> (AppState, jiff::Timestamp) {
    use crate::inuse::{InUseMap, ServiceUse, TaskUse};
    let (mut s, now) = loaded(5);
    let svc = |cluster: &str, name: &str, rev: &str, rollout: &[&str], d, r| ServiceUse {
        ctx: Default::default(),
        cluster: cluster.into(),
        service: name.into(),
        revision: rev.into(),
        rollout: rollout.iter().map(|x| x.to_string()).collect(),
        desired: d,
        running: r,
    };
    s.in_use.map = Some(InUseMap {
        service_uses: vec![
            svc("staging", "web", "web:3", &[], 1, 1),
            svc("prod", "web", "web:3", &["web:2"], 4, 3),
            svc("prod", "api", "api:9", &[], 2, 2),
        ],
        task_uses: vec![
            TaskUse {
                ctx: Default::default(),
                cluster: "prod".into(),
                id: "aaaa1111".into(),
                revision: "web:3".into(),
                status: "RUNNING".into(),
                group: Some("service:web".into()),
            },
            TaskUse {
                ctx: Default::default(),
                cluster: "prod".into(),
                id: "bbbb2222".into(),
                revision: "web:1".into(),
                status: "RUNNING".into(),
                group: Some("family:web".into()),
            },
        ],
        ..Default::default()
    });
    (s, now)
}

#[test]
fn big_s_lists_the_family_services_and_other_tasks_and_enter_jumps() {
    let (mut s, now) = with_services();
    update(&mut s, Action::ShowServices, now);
    let Some(Modal::Services(p)) = &s.modal else {
        panic!("services view not open: {:?}", s.modal)
    };
    assert_eq!(p.family, "web");
    let rows = crate::app::services::rows(&s, "web");
    let names: Vec<(&str, &str, &str)> = rows
        .iter()
        .map(|r| (r.cluster.as_str(), r.name.as_str(), r.revision.as_str()))
        .collect();
    // Services by cluster then name; the service's own task is not listed again.
    assert_eq!(
        names,
        [
            ("prod", "web", "web:3"),
            ("staging", "web", "web:3"),
            ("prod", "task/bbbb2222", "web:1"),
        ]
    );
    assert_eq!(rows[0].counts, Some((4, 3)));
    assert_eq!(rows[0].rollout, ["web:2"]);
    // Down to the task, Enter: the revisions pane shows web:1 (rows are newest first).
    update(&mut s, Action::Down, now);
    update(&mut s, Action::Down, now);
    update(&mut s, Action::Down, now);
    update(&mut s, Action::Enter, now);
    assert!(s.modal.is_none());
    assert_eq!(s.focus, Focus::Revisions);
    assert_eq!(s.revisions.selected().unwrap().label(), "web:1");
}

#[test]
fn enter_on_a_revision_the_list_hides_says_why() {
    let (mut s, now) = with_services();
    // The revisions filter hides web:3.
    s.revisions.visible = vec![0, 1, 4];
    update(&mut s, Action::ShowServices, now);
    update(&mut s, Action::Enter, now);
    let flash = s.flash.as_ref().unwrap().text.clone();
    assert!(flash.contains("web:3 is hidden by the filter"), "{flash}");
    update(&mut s, Action::ShowServices, now);
    update(&mut s, Action::Back, now);
    assert!(s.modal.is_none(), "Esc closes");
}

fn visible_families(s: &AppState) -> Vec<&str> {
    s.families
        .visible
        .iter()
        .map(|&i| s.families.names[i].as_str())
        .collect()
}

#[test]
fn o_sorts_families_by_revisions_then_newest_as_far_as_known() {
    let (mut s, now) = loaded(5);
    // web's listing (5 revisions) finished in `loaded`; api and worker were never opened.
    s.focus = Focus::Families;
    update(&mut s, Action::CycleSort, now);
    assert_eq!(s.families.sort, crate::app::sort::FamilySort::Revisions);
    assert_eq!(visible_families(&s), ["web", "api", "worker"]);
    assert_eq!(
        s.families.selected(),
        Some("web"),
        "the cursor stays on its family"
    );
    assert!(s.flash.as_ref().unwrap().text.contains("1 of 3 known"));
    // A new family arriving on a later listing takes its sorted place (unknown: by name).
    let req = s.families.request;
    s.families.load = crate::app::state::Load::Loading { pages: 1 };
    update(
        &mut s,
        Action::FamiliesPage {
            request: req,
            names: vec!["aardvark".into()],
            done: false,
        },
        now,
    );
    assert_eq!(visible_families(&s), ["web", "aardvark", "api", "worker"]);

    // Newest registration: web:5 described as registered now, api:1 an hour earlier.
    update(&mut s, Action::CycleSort, now);
    for (family, rev, secs) in [("api", 1, 3600), ("web", 5, 0)] {
        let at = (now - jiff::SignedDuration::from_secs(secs)).as_second() as f64;
        let td = TaskDef::from_json(
            serde_json::json!({"family": family, "revision": rev,
                "taskDefinitionArn": arn(family, rev), "registeredAt": at}),
            vec![],
        )
        .unwrap();
        update(
            &mut s,
            Action::Described {
                arn: arn(family, rev),
                result: Ok(Arc::new(td)),
            },
            now,
        );
    }
    assert_eq!(visible_families(&s), ["web", "api", "aardvark", "worker"]);
    update(&mut s, Action::CycleSort, now);
    assert_eq!(visible_families(&s), ["aardvark", "api", "web", "worker"]);
}

#[test]
fn o_in_the_revisions_pane_puts_the_oldest_first() {
    let (mut s, now) = loaded(4);
    s.focus = Focus::Revisions;
    update(&mut s, Action::CycleSort, now);
    let revs: Vec<u32> = s
        .revisions
        .visible
        .iter()
        .map(|&i| s.revisions.rows[i].revision)
        .collect();
    assert_eq!(revs, [1, 2, 3, 4]);
    assert_eq!(
        s.revisions.selected().unwrap().revision,
        4,
        "the cursor stays on its revision"
    );
    // Another family (here: a filter leaves only `worker`) keeps the order.
    s.focus = Focus::Families;
    update(&mut s, Action::StartFilter, now);
    for c in "wor".chars() {
        update(&mut s, Action::Input(c), now);
    }
    update(&mut s, Action::Tick, now + super::SETTLE);
    assert_eq!(s.revisions.family.as_deref(), Some("worker"));
    assert!(s.revisions.oldest_first);
    s.focus = Focus::Revisions;
    update(&mut s, Action::CycleSort, now);
    assert!(!s.revisions.oldest_first);
}
