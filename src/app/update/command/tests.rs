//! Tests of the `:` command line: completion, switching, refusals, `:family`, `:q`.

use super::super::tests::{arn, loaded};
use super::super::update;
use super::*;
use crate::app::state::JobView;
use crate::app::views::ContextChange;
use crate::ecs::{RevisionRef, TdStatus};

fn typed(s: &mut AppState, text: &str) -> Vec<Effect> {
    let now = s.now;
    let mut fx = update(s, Action::StartCommand, now);
    for c in text.chars() {
        fx.extend(update(s, Action::Input(c), now));
    }
    fx
}

fn line(s: &AppState) -> CommandLine {
    match &s.modal {
        Some(Modal::Command(c)) => c.clone(),
        other => panic!("no command line: {other:?}"),
    }
}

#[test]
fn tab_completes_commands_regions_and_profiles() {
    let (mut s, now) = loaded(1);
    assert_eq!(typed(&mut s, "re"), vec![Effect::ListProfiles]);
    update(&mut s, Action::Complete, now);
    assert_eq!(line(&s).text, "region ");
    for c in "eu-we".chars() {
        update(&mut s, Action::Input(c), now);
    }
    update(&mut s, Action::Complete, now);
    let c = line(&s);
    assert_eq!(c.text, "region eu-west-");
    assert_eq!(c.candidates, vec!["eu-west-1", "eu-west-2", "eu-west-3"]);
    update(&mut s, Action::Back, now);
    update(
        &mut s,
        Action::Profiles(vec!["prod".into(), "staging".into()]),
        now,
    );
    typed(&mut s, "profile st");
    update(&mut s, Action::Complete, now);
    assert_eq!(line(&s).text, "profile staging");
}

#[test]
fn a_switch_reloads_the_new_context_and_clears_marks_with_a_warning() {
    let (mut s, now) = loaded(3);
    for r in [1, 2] {
        let rr = RevisionRef::from_arn(&arn("web", r), TdStatus::Active).unwrap();
        s.marks.insert(rr.arn.clone(), rr);
    }
    s.backend.label = "us-east-1".into();
    typed(&mut s, "region eu-west-1");
    let fx = update(&mut s, Action::Submit, now);
    let request = match fx.as_slice() {
        [Effect::SwitchContext { request, change }] => {
            assert_eq!(*change, ContextChange::Region("eu-west-1".into()));
            *request
        }
        other => panic!("{other:?}"),
    };
    assert_eq!(
        s.marks.len(),
        2,
        "nothing changes before the new context answers"
    );
    let fx = update(
        &mut s,
        Action::ContextSwitched {
            request,
            result: Ok("eu-west-1".into()),
        },
        now,
    );
    assert_eq!(fx[0], Effect::UseContext { request });
    assert!(matches!(fx[1], Effect::ListFamilies { .. }), "{fx:?}");
    assert!(matches!(fx[2], Effect::ScanInUse { .. }), "{fx:?}");
    assert!(s.marks.is_empty() && s.families.names.is_empty());
    assert_eq!(s.backend.label, "eu-west-1");
    let f = s.flash.clone().unwrap();
    assert_eq!(f.level, Level::Warn);
    assert_eq!(
        f.text,
        "Now on eu-west-1: 2 marks cleared (they were revisions of the old context)."
    );
}

#[test]
fn a_failed_switch_keeps_the_old_context_and_says_why() {
    let (mut s, now) = loaded(2);
    s.backend.label = "us-east-1".into();
    typed(&mut s, "profile nope");
    let fx = update(&mut s, Action::Submit, now);
    let Some(Effect::SwitchContext { request, .. }) = fx.first().cloned() else {
        panic!("{fx:?}");
    };
    let names = s.families.names.clone();
    update(
        &mut s,
        Action::ContextSwitched {
            request,
            result: Err("the profile nope is not in the AWS config files.".into()),
        },
        now,
    );
    assert_eq!(
        (s.backend.label.as_str(), &s.families.names),
        ("us-east-1", &names)
    );
    assert_eq!(
        s.flash.clone().unwrap().text,
        "the profile nope is not in the AWS config files. Still on us-east-1."
    );
}

#[test]
fn one_switch_at_a_time_and_stale_answers_are_dropped() {
    let (mut s, now) = loaded(1);
    typed(&mut s, "region eu-west-1");
    let fx = update(&mut s, Action::Submit, now);
    assert_eq!(fx.len(), 1);
    typed(&mut s, "region eu-west-2");
    assert!(
        update(&mut s, Action::Submit, now).is_empty(),
        "refused while one is on its way"
    );
    let stale = Action::ContextSwitched {
        request: 999,
        result: Ok("elsewhere".into()),
    };
    assert!(update(&mut s, stale, now).is_empty(), "never used");
    assert_ne!(s.backend.label, "elsewhere");
}

#[test]
fn switching_is_refused_while_a_job_runs() {
    let (mut s, now) = loaded(2);
    typed(&mut s, "region eu-west-1");
    let Some(Effect::SwitchContext { request, .. }) =
        update(&mut s, Action::Submit, now).first().cloned()
    else {
        panic!("no switch");
    };
    // A job starts while the switch is on its way: its answer is not used.
    let items = vec![s.revisions.rows[0].clone()];
    s.job = Some(JobView::new(9, crate::app::JobKind::Deregister, items, now));
    let answer = Action::ContextSwitched {
        request,
        result: Ok("eu-west-1".into()),
    };
    assert!(update(&mut s, answer, now).is_empty(), "no UseContext");
    let text = s.flash.clone().unwrap().text;
    assert!(text.starts_with("A job started meanwhile"), "{text}");
    typed(&mut s, "region eu-west-1");
    assert!(update(&mut s, Action::Submit, now).is_empty());
    assert!(
        s.flash
            .clone()
            .unwrap()
            .text
            .starts_with("A job is running")
    );
}

#[test]
fn family_prefix_unknown_commands_and_quit() {
    let (mut s, now) = loaded(2);
    typed(&mut s, "family we");
    let fx = update(&mut s, Action::Submit, now);
    assert!(matches!(&fx[0], Effect::ListFamilies { prefix: Some(p), .. } if p == "we"));
    typed(&mut s, "family");
    let fx = update(&mut s, Action::Submit, now);
    assert!(matches!(&fx[0], Effect::ListFamilies { prefix: None, .. }));
    typed(&mut s, "bogus");
    update(&mut s, Action::Submit, now);
    assert!(
        s.flash
            .clone()
            .unwrap()
            .text
            .starts_with("Unknown command :bogus.")
    );
    typed(&mut s, "q");
    update(&mut s, Action::Submit, now);
    assert!(s.quit);
}

#[test]
fn a_misspelt_region_is_refused_before_any_connect() {
    let (mut s, now) = loaded(1);
    s.backend.label = "us-east-1".into();
    typed(&mut s, "region eu-west-");
    let fx = update(&mut s, Action::Submit, now);
    assert_eq!(fx, vec![]);
    assert_eq!(s.context.switching, None);
    assert_eq!(s.backend.label, "us-east-1");
    let text = s.flash.clone().unwrap().text;
    assert!(text.contains("is not a region name"), "{text}");
    // Completion offers every region --all-regions knows, us-west-1 included.
    typed(&mut s, "region us-we");
    update(&mut s, Action::Complete, now);
    assert_eq!(line(&s).candidates, vec!["us-west-1", "us-west-2"]);
}
