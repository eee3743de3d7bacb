//! Tests of several contexts on screen: keys, columns, counts, filter, failures, progress.

use super::*;

#[test]
fn keys_name_the_context_and_sort_by_it() {
    let a = qualify(ContextId(2), "web");
    let b = qualify(ContextId(10), "api");
    assert_eq!(a, "002/web");
    assert_eq!(split_key(&a), (ContextId(2), "web"));
    assert_eq!(split_key(&b), (ContextId(10), "api"));
    assert!(a < b);
    assert_eq!(split_key("web"), (ContextId(0), "web"));
    assert_eq!(family_of("001/web"), "web");
}

fn rev(ctx: u16, region: &str, family: &str, n: u32) -> crate::ecs::RevisionRef {
    let arn = format!("arn:aws:ecs:{region}:123456789012:task-definition/{family}:{n}");
    crate::ecs::RevisionRef::from_arn(&arn, crate::ecs::TdStatus::Active)
        .unwrap()
        .in_ctx(ContextId(ctx))
}

/// Types `:TEXT` and Enter; the effects of every key.
fn command(
    s: &mut crate::app::AppState,
    now: jiff::Timestamp,
    text: &str,
) -> Vec<crate::app::Effect> {
    use crate::app::{Action, update::update};
    let mut fx = update(s, Action::StartCommand, now);
    for c in text.chars() {
        fx.extend(update(s, Action::Input(c), now));
    }
    fx.extend(update(s, Action::Submit, now));
    fx
}

/// Both regions listed: `web` in us-east-1, `api` and `web` in eu-west-1.
fn listed_both(s: &mut crate::app::AppState, now: jiff::Timestamp) {
    use crate::app::{Action, update::update};
    update(s, Action::Refresh, now);
    let request = s.families.request;
    let names = ["000/web", "001/api", "001/web"].map(String::from).to_vec();
    update(
        s,
        Action::FamiliesPage {
            request,
            names,
            done: true,
        },
        now,
    );
}

#[test]
fn counts_are_per_context_and_families_per_context() {
    let items = vec![
        rev(1, "eu-west-1", "web", 1),
        rev(0, "us-east-1", "web", 1),
        rev(0, "us-east-1", "web", 2),
        rev(0, "us-east-1", "api", 7),
        rev(1, "eu-west-1", "api", 3),
        rev(1, "eu-west-1", "web", 2),
        rev(1, "eu-west-1", "web", 3),
    ];
    let c = counts(&items);
    assert_eq!(
        c,
        vec![
            ContextCount {
                ctx: ContextId(0),
                revisions: 3,
                families: 2
            },
            ContextCount {
                ctx: ContextId(1),
                revisions: 4,
                families: 2
            },
        ]
    );
    assert_eq!(c.iter().map(|c| c.families).sum::<usize>(), 4);
    assert!(counts(&[]).is_empty());
}

#[test]
fn the_column_names_account_or_profile_and_region() {
    let mut c = crate::contexts::Context::new(Some("prod"), Some("eu-west-1"));
    assert_eq!(ContextView::of(&c, None).column, "prod eu-west-1");
    c.account = Some("123456789012".into());
    let v = ContextView::of(&c, None);
    assert_eq!(v.column, "123456789012 eu-west-1");
    assert_eq!(v.label, "eu-west-1 · profile prod · account 123456789012");
}

fn two_regions() -> crate::app::AppState {
    let mut s = crate::app::AppState {
        size: (120, 40),
        ..Default::default()
    };
    for r in ["us-east-1", "eu-west-1"] {
        let c = crate::contexts::Context::new(None, Some(r));
        s.contexts.push(ContextView::of(&c, None));
    }
    s
}

#[test]
fn the_filter_matches_the_context_and_a_failure_is_told_once() {
    use crate::app::{Action, update::update};
    let now = jiff::Timestamp::now();
    let mut s = two_regions();
    listed_both(&mut s, now);
    let shown = |s: &crate::app::AppState| -> Vec<String> {
        s.families
            .visible
            .iter()
            .map(|&i| s.families.names[i].clone())
            .collect()
    };
    let filter = |s: &mut crate::app::AppState, text: &str| {
        update(s, Action::StartFilter, now);
        while !s.families.filter.text.is_empty() {
            update(s, Action::Backspace, now);
        }
        for c in text.chars() {
            update(s, Action::Input(c), now);
        }
    };
    filter(&mut s, "eu-west");
    assert_eq!(shown(&s), ["001/api", "001/web"]);
    filter(&mut s, "web");
    assert_eq!(
        shown(&s),
        ["000/web", "001/web"],
        "the family name, not the index"
    );
    filter(&mut s, "00");
    assert!(shown(&s).is_empty(), "the key's index is not text to match");

    let denied = crate::ecs::EcsError::new(
        "ListTaskDefinitionFamilies",
        crate::ecs::ErrorKind::AccessDenied,
        "not authorized",
    );
    update(
        &mut s,
        Action::ContextFailed {
            ctx: ContextId(1),
            error: denied.clone(),
        },
        now,
    );
    let why = s.contexts[1].failed.clone().unwrap();
    assert!(why.contains("not authorized"), "{why}");
    assert!(s.flash.as_ref().unwrap().text.starts_with("eu-west-1: "));
    assert!(s.contexts[0].failed.is_none(), "the other context goes on");
    s.flash = None;
    update(
        &mut s,
        Action::ContextFailed {
            ctx: ContextId(1),
            error: denied,
        },
        now,
    );
    assert!(s.flash.is_none(), "a reload does not repeat it");
    assert_eq!(s.family_name("001/web"), "eu-west-1 web");
}

#[test]
fn each_context_has_its_own_progress_rate_and_eta() {
    use crate::app::state::{JobView, Pending};
    let mut s = two_regions();
    let items = vec![
        rev(0, "us-east-1", "web", 1),
        rev(0, "us-east-1", "web", 2),
        rev(1, "eu-west-1", "api", 1),
        rev(1, "eu-west-1", "api", 2),
        rev(1, "eu-west-1", "api", 3),
        rev(1, "eu-west-1", "api", 4),
    ];
    let mut job = JobView::new(1, crate::app::JobKind::Deregister, items.clone(), s.now);
    // us-east-1 finished its first; eu-west-1 has one in flight, three queued.
    for r in &items[1..] {
        s.pending.insert(
            r.arn.clone(),
            Pending::Queued(crate::app::JobKind::Deregister),
        );
    }
    job.flow.open.insert(items[2].arn.clone());
    job.flow.contexts.insert(ContextId(1), (1.0, 0.5));
    s.job = Some(job);
    let p = job_progress(&s);
    assert_eq!(p.len(), 2);
    assert_eq!((p[0].finished, p[0].total, p[0].rate), (1, 2, None));
    assert_eq!((p[1].finished, p[1].total, p[1].rate), (0, 4, Some(0.5)));
    // three queued, one of them covered by the burst, the other two at 0.5/s
    assert_eq!(p[1].eta_secs, Some(4.0));
    s.contexts.truncate(1);
    assert!(
        job_progress(&s).is_empty(),
        "one context: the panel is as before"
    );
}

#[test]
fn a_context_that_connects_names_its_account() {
    use crate::app::{Action, update::update};
    let mut s = two_regions();
    let now = s.now;
    let mut east = crate::contexts::Context::new(None, Some("us-east-1"));
    east.account = Some("111111111111".into());
    update(
        &mut s,
        Action::ContextConnected {
            ctx: ContextId(0),
            context: east.clone(),
        },
        now,
    );
    assert_eq!(s.contexts[0].label, "us-east-1 · account 111111111111");
    assert_eq!(
        s.contexts[0].column, "us-east-1",
        "one account known: regions tell them apart"
    );
    let mut west = crate::contexts::Context::new(None, Some("eu-west-1"));
    west.account = Some("222222222222".into());
    update(
        &mut s,
        Action::ContextConnected {
            ctx: ContextId(1),
            context: west,
        },
        now,
    );
    assert_eq!(s.contexts[0].column, "111111111111 us-east-1");
    assert_eq!(s.contexts[1].column, "222222222222 eu-west-1");
    assert_eq!(
        s.backend.label,
        "2 contexts: 111111111111 us-east-1, 222222222222 eu-west-1"
    );
}

#[test]
fn region_plus_and_minus_add_and_close_a_context() {
    use crate::app::{Action, Effect, update::update};
    let mut s = two_regions();
    let now = s.now;
    listed_both(&mut s, now);
    let west = rev(1, "eu-west-1", "web", 1);
    s.marks.insert(west.arn.clone(), west);
    let east = rev(0, "us-east-1", "web", 1);
    s.marks.insert(east.arn.clone(), east.clone());

    let fx = command(&mut s, now, "region -eu-west-1");
    assert!(
        fx.contains(&Effect::CloseContext { ctx: ContextId(1) }),
        "{fx:?}"
    );
    assert!(s.contexts[1].closed);
    assert_eq!(s.families.names, ["000/web"], "its rows are gone");
    assert_eq!(s.marks.len(), 1, "its marks are cleared, the others stay");
    assert!(s.marks.contains_key(&east.arn));
    assert_eq!(s.backend.label, "1 contexts: us-east-1");
    let request = s.families.request;
    let late = vec!["001/late".to_string()];
    update(
        &mut s,
        Action::FamiliesPage {
            request,
            names: late,
            done: true,
        },
        now,
    );
    assert_eq!(
        s.families.names,
        ["000/web"],
        "a page the closed region sent before is dropped"
    );
    let fx = command(&mut s, now, "region -us-east-1");
    assert!(fx.iter().all(|e| !matches!(e, Effect::CloseContext { .. })));
    assert!(!s.contexts[0].closed, "the last open region stays");

    let fx = command(&mut s, now, "region +ap-south-1");
    let opened = fx.iter().find_map(|e| match e {
        Effect::OpenContext { ctx, context } => Some((*ctx, context.clone())),
        _ => None,
    });
    let (ctx, context) = opened.expect("an OpenContext");
    assert_eq!(ctx, ContextId(2), "the next id");
    assert_eq!(context.region.as_deref(), Some("ap-south-1"));
    assert!(
        fx.iter().any(|e| matches!(e, Effect::ListFamilies { .. })),
        "families are listed again, the new context's with them"
    );
    assert_eq!(s.contexts.len(), 3);
    let fx = command(&mut s, now, "region +ap-south-1");
    assert!(
        fx.iter().all(|e| !matches!(e, Effect::OpenContext { .. })),
        "open already"
    );
    let fx = command(&mut s, now, "region +Frankfurt");
    assert!(fx.iter().all(|e| !matches!(e, Effect::OpenContext { .. })));
    assert!(s.flash.as_ref().unwrap().text.contains("not a region name"));
}

#[test]
fn profile_plus_opens_it_in_every_open_region_and_minus_closes_its_contexts() {
    use crate::app::Effect;
    let mut s = two_regions();
    let now = s.now;
    let fx = command(&mut s, now, "profile +staging");
    let opened: Vec<(ContextId, Option<String>, Option<String>)> = fx
        .iter()
        .filter_map(|e| match e {
            Effect::OpenContext { ctx, context } => {
                Some((*ctx, context.profile.clone(), context.region.clone()))
            }
            _ => None,
        })
        .collect();
    let staging = Some("staging".to_string());
    assert_eq!(
        opened,
        [
            (ContextId(2), staging.clone(), Some("us-east-1".into())),
            (ContextId(3), staging.clone(), Some("eu-west-1".into())),
        ]
    );
    assert_eq!(s.contexts.len(), 4);
    let again = command(&mut s, now, "profile +staging");
    assert!(
        again
            .iter()
            .all(|e| !matches!(e, Effect::OpenContext { .. }))
    );
    assert!(s.flash.as_ref().unwrap().text.contains("open already"));
    let fx = command(&mut s, now, "profile -staging");
    let closed: Vec<_> = fx
        .iter()
        .filter_map(|e| match e {
            Effect::CloseContext { ctx } => Some(*ctx),
            _ => None,
        })
        .collect();
    assert_eq!(closed, [ContextId(2), ContextId(3)]);
    assert!(!s.contexts[0].closed && !s.contexts[1].closed);
    let fx = command(&mut s, now, "profile +bad name");
    assert!(fx.iter().all(|e| !matches!(e, Effect::OpenContext { .. })));
}

#[test]
fn the_services_view_shows_only_the_context_of_the_family_it_shows() {
    use crate::inuse::{InUseMap, ServiceUse};
    let mut s = two_regions();
    let svc = |cluster: &str, rev: &str| ServiceUse {
        ctx: Default::default(),
        cluster: cluster.into(),
        service: "web".into(),
        revision: rev.into(),
        rollout: Vec::new(),
        desired: 2,
        running: 2,
    };
    let mut map = InUseMap::default();
    for (ctx, cluster, rev) in [(0, "east-prod", "web:3"), (1, "west-prod", "web:7")] {
        let one = InUseMap {
            service_uses: vec![svc(cluster, rev)],
            ..Default::default()
        };
        map.add_context(ContextId(ctx), one);
    }
    s.in_use.map = Some(map);
    let west = crate::app::services::rows(&s, &qualify(ContextId(1), "web"));
    let shown: Vec<_> = west
        .iter()
        .map(|r| (r.cluster.as_str(), r.revision.as_str()))
        .collect();
    assert_eq!(shown, [("west-prod", "web:7")]);
    let east = crate::app::services::rows(&s, &qualify(ContextId(0), "web"));
    assert_eq!(east.len(), 1);
    assert_eq!(east[0].cluster, "east-prod");
}
