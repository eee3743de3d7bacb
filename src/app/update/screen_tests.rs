//! Tests of what the screen promises: revealed values, filter and selection agreeing,
//! marks, confirmation lists, popups' scrolling.

use super::tests::{arn, loaded, refs};
use super::*;
use crate::app::state::{Focus, Modal};
use crate::ecs::{RevisionRef, TdStatus};
use crate::inuse::InUseMap;

#[test]
fn reveal_holds_for_the_revision_on_screen_only() {
    let (mut s, now) = loaded(5);
    s.focus = Focus::Revisions;
    update(&mut s, Action::ToggleReveal, now);
    assert!(s.detail.reveal);
    update(&mut s, Action::Down, now);
    assert!(!s.detail.reveal, "moving to another revision masks again");
    update(&mut s, Action::ToggleReveal, now);
    update(&mut s, Action::ToggleJson, now);
    s.detail.scroll = 30;
    // Another family: the old rows go when its listing starts.
    s.focus = Focus::Families;
    update(&mut s, Action::Down, now);
    let fx = update(&mut s, Action::Enter, now);
    assert!(matches!(fx.as_slice(), [Effect::ListRevisions { family, .. }] if family == "worker"));
    assert!(!s.detail.reveal, "another family masks again");
    assert_eq!(s.detail.scroll, 0, "the JSON view starts at the top");
    assert!(s.detail.json, "the view itself stays");
    let _ = arn("web", 1);
}

/// `/` then `text` in the families pane.
fn filter_families(s: &mut AppState, text: &str, now: jiff::Timestamp) {
    s.focus = Focus::Families;
    update(s, Action::StartFilter, now);
    for c in text.chars() {
        update(s, Action::Input(c), now);
    }
    update(s, Action::Submit, now);
}

#[test]
fn no_matching_family_means_no_current_family_and_nothing_to_act_on() {
    let (mut s, now) = loaded(5);
    assert_eq!(s.revisions.family.as_deref(), Some("web"));
    filter_families(&mut s, "nomatch", now);
    assert!(s.families.visible.is_empty());
    assert!(
        s.revisions.family.is_none(),
        "the old family is not current"
    );
    assert!(s.revisions.rows.is_empty() && s.revisions.selected().is_none());
    for key in [Action::KeepNewest, Action::Deregister, Action::Delete] {
        s.flash = None;
        assert!(update(&mut s, key.clone(), now).is_empty());
        assert!(s.modal.is_none(), "{key:?} opened a popup");
        let text = &s.flash.as_ref().expect("a message").text;
        assert!(text.starts_with("Nothing to act on"), "{key:?}: {text}");
    }
    s.focus = Focus::Revisions;
    for key in [Action::KeepNewest, Action::Deregister, Action::Delete] {
        s.flash = None;
        assert!(update(&mut s, key.clone(), now).is_empty());
        assert!(s.modal.is_none(), "{key:?} opened a popup");
        assert!(
            s.flash
                .as_ref()
                .unwrap()
                .text
                .starts_with("Nothing to act on")
        );
    }
}

#[test]
fn filtering_to_another_family_follows_it() {
    let (mut s, mut now) = loaded(5);
    filter_families(&mut s, "work", now);
    assert_eq!(s.families.selected(), Some("worker"));
    assert!(s.revisions.family.is_none(), "web's rows are gone at once");
    now += SETTLE + SETTLE;
    let fx = update(&mut s, Action::Tick, now);
    assert!(
        fx.iter()
            .any(|e| matches!(e, Effect::ListRevisions { family, .. } if family == "worker"))
    );
}

/// Runs `K` from the families pane and answers it with `selected` revisions of `web`.
fn keep_answered(s: &mut AppState, selected: Vec<RevisionRef>, now: jiff::Timestamp) {
    use crate::app::action::KeepResult;
    use crate::app::selection::FamilySelection;
    s.in_use.map = Some(InUseMap::default());
    s.focus = Focus::Families;
    update(s, Action::KeepNewest, now);
    let fx = update(s, Action::Submit, now);
    let [Effect::CollectKeep { request, .. }] = fx.as_slice() else {
        panic!("{fx:?}")
    };
    let families = vec![FamilySelection {
        family: "web".into(),
        selected,
        kept: 2,
        protected_in_use: vec![],
        too_young: 0,
        unknown_age: 0,
        skipped_managed: vec![],
    }];
    let result = Ok(KeepResult {
        families,
        described: vec![],
    });
    let request = *request;
    update(s, Action::KeepCollected { request, result }, now);
}

#[test]
fn cancelling_keep_removes_only_the_marks_it_added() {
    let (mut s, now) = loaded(6);
    s.focus = Focus::Revisions;
    update(&mut s, Action::Down, now);
    update(&mut s, Action::Down, now);
    update(&mut s, Action::Down, now);
    update(&mut s, Action::ToggleMark, now); // web:3, by hand
    let hand = arn("web", 3);
    let other = RevisionRef::from_arn(&arn("api", 7), TdStatus::Active).unwrap();
    s.marks.insert(other.arn.clone(), other.clone()); // another family, by hand
    keep_answered(&mut s, refs("web", (1..=4).rev(), TdStatus::Active), now);
    assert_eq!(s.marks.len(), 5, "web:1..4 plus api:7");
    update(&mut s, Action::Back, now); // Esc on the confirmation
    assert!(s.modal.is_none());
    let left: Vec<&String> = s.marks.keys().collect();
    assert_eq!(left, vec![&other.arn, &hand], "hand marks stay, K's go");
    assert!(s.flash.as_ref().unwrap().text.contains("unmarked again"));
    // A later d acts on the hand marks only.
    s.focus = Focus::Revisions;
    update(&mut s, Action::Deregister, now);
    let Some(Modal::Confirm(c)) = &s.modal else {
        panic!("{:?}", s.modal)
    };
    assert_eq!(c.items.len(), 2);
}

#[test]
fn delete_on_mixed_marks_offers_the_inactive_ones() {
    let (mut s, now) = loaded(5);
    s.focus = Focus::Revisions;
    for r in refs("web", 1..=3, TdStatus::Inactive)
        .into_iter()
        .chain(refs("web", 4..=5, TdStatus::Active))
    {
        s.marks.insert(r.arn.clone(), r);
    }
    update(&mut s, Action::Delete, now);
    let Some(Modal::Confirm(c)) = &s.modal else {
        panic!("refused: {:?}", s.flash)
    };
    let labels: Vec<String> = c.items.iter().map(RevisionRef::label).collect();
    assert_eq!(labels, vec!["web:1", "web:2", "web:3"]);
    assert!(
        c.notes
            .iter()
            .any(|n| n.contains("2 marked revisions are left out") && n.contains("ACTIVE")),
        "{:?}",
        c.notes
    );
    // Only ACTIVE marks: refused, with the reason.
    s.modal = None;
    s.marks.retain(|_, r| r.revision >= 4);
    update(&mut s, Action::Delete, now);
    assert!(s.modal.is_none());
    assert!(
        s.flash
            .as_ref()
            .unwrap()
            .text
            .contains("deregister with d first")
    );
}

#[test]
fn confirmation_lists_in_use_first_then_family_and_number() {
    let (mut s, now) = loaded(12);
    let mut map = InUseMap::default();
    map.users
        .insert("web:11".into(), vec!["prod/web (service)".into()]);
    s.in_use.map = Some(map);
    s.focus = Focus::Revisions;
    update(&mut s, Action::MarkAll, now);
    for r in refs("api", [2, 10, 1].into_iter(), TdStatus::Active) {
        s.marks.insert(r.arn.clone(), r);
    }
    update(&mut s, Action::Deregister, now);
    let Some(Modal::Confirm(c)) = &s.modal else {
        panic!("{:?}", s.modal)
    };
    let labels: Vec<String> = c.items.iter().map(RevisionRef::label).collect();
    let mut want = vec![
        "web:11".to_string(),
        "api:1".into(),
        "api:2".into(),
        "api:10".into(),
    ];
    want.extend((1..=12).filter(|&r| r != 11).map(|r| format!("web:{r}")));
    assert_eq!(labels, want);
}

#[test]
fn popups_scroll_with_page_keys_and_ends() {
    let (mut s, now) = loaded(60);
    s.size = (80, 24);
    s.focus = Focus::Revisions;
    update(&mut s, Action::MarkAll, now);
    update(&mut s, Action::Deregister, now);
    let scroll = |s: &AppState| match &s.modal {
        Some(Modal::Confirm(c)) => c.scroll,
        Some(Modal::Help { scroll }) | Some(Modal::Summary { scroll }) => *scroll,
        other => panic!("{other:?}"),
    };
    let (max, page) = crate::ui::popup_scroll(&s).unwrap();
    // What the runtime does before each update: the screen measures the popup.
    let update = |s: &mut AppState, a: Action, now| {
        s.popup_range = crate::ui::popup_scroll(s);
        update(s, a, now)
    };
    assert!(
        max > 0 && page > 1,
        "60 items do not fit at 80x24: {max} {page}"
    );
    update(&mut s, Action::PageDown, now);
    assert_eq!(scroll(&s), page);
    update(&mut s, Action::Bottom, now);
    assert_eq!(scroll(&s), max, "G stops at the last page");
    update(&mut s, Action::Up, now);
    assert_eq!(scroll(&s), max - 1, "and k moves at once");
    update(&mut s, Action::Top, now);
    assert_eq!(scroll(&s), 0);
    // The typed confirmation: arrows and page keys scroll, letters type.
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let key = |c| KeyEvent::new(c, KeyModifiers::NONE);
    let keymap = crate::app::keymap::action_for;
    assert_eq!(keymap(key(KeyCode::PageDown), &s), Some(Action::PageDown));
    assert_eq!(keymap(key(KeyCode::Down), &s), Some(Action::Down));
    assert_eq!(
        keymap(key(KeyCode::Char('j')), &s),
        Some(Action::Input('j'))
    );
    // Help and the job summary take the same keys.
    s.modal = Some(Modal::Help { scroll: 0 });
    for (k, a) in [
        (KeyCode::Char('G'), Action::Bottom),
        (KeyCode::Char('g'), Action::Top),
        (KeyCode::PageDown, Action::PageDown),
        (KeyCode::PageUp, Action::PageUp),
    ] {
        assert_eq!(keymap(key(k), &s), Some(a.clone()), "help {k:?}");
        s.modal = Some(Modal::Summary { scroll: 0 });
        assert_eq!(keymap(key(k), &s), Some(a), "summary {k:?}");
        s.modal = Some(Modal::Help { scroll: 0 });
    }
    update(&mut s, Action::Bottom, now);
    let (max, _) = crate::ui::popup_scroll(&s).unwrap();
    assert!(max > 0);
    assert_eq!(scroll(&s), max);
}

#[test]
fn rows_keep_their_details_after_a_job() {
    use crate::app::action::ItemOutcome;
    use crate::app::state::Described;
    use crate::ecs::TaskDef;
    use std::sync::Arc;
    let (mut s, now) = loaded(3);
    for r in 1..=3 {
        let td = TaskDef::from_json(
            serde_json::json!({
                "taskDefinitionArn": arn("web", r), "family": "web", "revision": r,
                "status": "ACTIVE", "cpu": "256", "memory": "512",
                "containerDefinitions": [{"name": "app", "image": "nginx:1.27"}]
            }),
            vec![],
        )
        .unwrap();
        s.described
            .insert(arn("web", r), Described::Loaded(Arc::new(td)));
    }
    s.focus = Focus::Revisions;
    update(&mut s, Action::MarkAll, now);
    update(&mut s, Action::Deregister, now);
    let fx = update(&mut s, Action::Yes, now);
    let [Effect::RunJob { job, .. }] = fx.as_slice() else {
        panic!("{fx:?}")
    };
    let job = *job;
    for r in 1..=3 {
        let outcome = ItemOutcome::Done(TdStatus::Inactive);
        let fx = update(
            &mut s,
            Action::JobItem {
                job,
                arn: arn("web", r),
                outcome,
            },
            now,
        );
        assert!(fx.is_empty(), "nothing to describe again: {fx:?}");
    }
    for r in 1..=3 {
        let td = s.task_def(&arn("web", r)).expect("still described");
        assert_eq!(td.status(), TdStatus::Inactive);
        assert_eq!(td.raw["status"], "INACTIVE", "the JSON view agrees");
        assert_eq!(td.cpu_memory(), "256/512");
        assert_eq!(td.fields.container_definitions[0].image, "nginx:1.27");
    }
}

#[test]
fn keep_progress_message_is_singular_and_leaves_when_the_confirmation_opens() {
    let (mut s, now) = loaded(6);
    s.in_use.map = Some(InUseMap::default());
    s.focus = Focus::Revisions;
    update(&mut s, Action::KeepNewest, now);
    update(&mut s, Action::Submit, now);
    let text = &s.flash.as_ref().unwrap().text;
    assert!(text.contains("listing 1 family…"), "{text}");
    s.modal = None;
    keep_answered(&mut s, refs("web", 1..=2, TdStatus::Active), now);
    assert!(matches!(s.modal, Some(Modal::Confirm(_))));
    assert!(
        s.flash.as_ref().is_none_or(|f| !f.text.contains("listing")),
        "{:?}",
        s.flash
    );
}

#[test]
fn inactive_view_takes_counts_and_sorts_families_from_revisions() {
    let (mut s, now) = loaded(3);
    let fx = update(&mut s, Action::CycleStatus, now); // INACTIVE
    let request = fx
        .iter()
        .find_map(|e| match e {
            Effect::ListFamilies { request, .. } => Some(*request),
            _ => None,
        })
        .unwrap();
    update(
        &mut s,
        Action::FamilyCounts {
            request,
            counts: vec![("web".into(), 12), ("zeta".into(), 1)],
        },
        now,
    );
    let page = |names: &[&str], done| Action::FamiliesPage {
        request,
        names: names.iter().map(|n| n.to_string()).collect(),
        done,
    };
    update(&mut s, page(&["web", "zeta"], false), now);
    update(
        &mut s,
        Action::FamilyCounts {
            request,
            counts: vec![("api".into(), 3)],
        },
        now,
    );
    update(&mut s, page(&["api"], true), now);
    assert_eq!(s.families.names, vec!["api", "web", "zeta"]);
    assert_eq!(s.families.visible, vec![0, 1, 2]);
    assert_eq!(
        s.families.selected(),
        Some("web"),
        "the selection stays by name"
    );
    assert_eq!(s.families.counts.get("web"), Some(&12));
    assert_eq!(s.families.counts.get("api"), Some(&3));
}

#[test]
fn the_unfinished_popup_stops_at_its_last_page() {
    use crate::domain::JobKind;
    use crate::journal::{Damaged, Entry, Phase};
    let (mut s, now) = loaded(3);
    s.size = (80, 24);
    let entry = |rev: u32| Entry {
        time: "2026-11-27T22:14:03Z".into(),
        run: "r1".into(),
        phase: Phase::Intent,
        action: JobKind::Deregister,
        arn: format!("arn:aws:ecs:us-east-1:123456789012:task-definition/web:{rev}"),
        job: 1,
        region: Some("us-east-1".into()),
        profile: None,
        endpoint: None,
        account: None,
        dry_run: false,
        outcome: None,
        status: None,
        attempts: None,
        error: None,
        of_run: None,
    };
    s.modal = Some(Modal::Unfinished {
        entries: (1..=60).map(entry).collect(),
        damaged: Damaged {
            count: 0,
            lines: vec![],
        },
        scroll: 0,
    });
    let scroll = |s: &AppState| match &s.modal {
        Some(Modal::Unfinished { scroll, .. }) => *scroll,
        other => panic!("{other:?}"),
    };
    let (max, page) = crate::ui::popup_scroll(&s).expect("the popup is measured");
    assert!(max > 0 && page > 1, "60 calls do not fit at 80x24");
    let update = |s: &mut AppState, a: Action| {
        s.popup_range = crate::ui::popup_scroll(s);
        update(s, a, now)
    };
    update(&mut s, Action::Bottom);
    assert_eq!(scroll(&s), max, "G stops at the last page");
    update(&mut s, Action::Up);
    assert_eq!(scroll(&s), max - 1, "and k moves at once");
}
