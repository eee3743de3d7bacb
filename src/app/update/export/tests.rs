use super::super::tests::{arn, loaded};
use super::super::update;
use super::*;
use crate::app::state::Focus;

#[test]
fn prompts_a_path_writes_and_asks_before_overwriting() {
    let (mut s, now) = loaded(3);
    s.focus = Focus::Revisions;
    update(&mut s, Action::Export, now);
    match &s.modal {
        Some(Modal::Export(p)) => {
            assert_eq!((p.path.as_str(), p.exists), ("./web-3.json", false))
        }
        other => panic!("no prompt: {other:?}"),
    }
    for _ in 0..".json".len() {
        update(&mut s, Action::Backspace, now);
    }
    for c in ".txt".chars() {
        update(&mut s, Action::Input(c), now);
    }
    let fx = update(&mut s, Action::Enter, now);
    let want = |overwrite| Effect::ExportFile {
        arn: arn("web", 3),
        path: "./web-3.txt".into(),
        overwrite,
    };
    assert_eq!(fx, vec![want(false)]);
    assert!(s.modal.is_none());
    // The file exists: the prompt asks, defaulting to keeping it.
    let exists = Action::Exported {
        arn: arn("web", 3),
        path: "./web-3.txt".into(),
        result: Err(ExportError::Exists),
    };
    update(&mut s, exists.clone(), now);
    assert!(matches!(&s.modal, Some(Modal::Export(p)) if p.exists));
    assert!(update(&mut s, Action::Submit, now).is_empty());
    assert!(s.modal.is_none(), "Enter keeps the file");
    update(&mut s, exists, now);
    assert_eq!(update(&mut s, Action::Yes, now), vec![want(true)]);
    update(
        &mut s,
        Action::Exported {
            arn: arn("web", 3),
            path: "./web-3.txt".into(),
            result: Ok(1234),
        },
        now,
    );
    let text = s.flash.clone().unwrap().text;
    assert_eq!(
        text,
        "Exported web:3 to ./web-3.txt (1234 bytes, mode 0600)."
    );
}

#[test]
fn control_characters_in_a_typed_path_never_reach_the_terminal() {
    let (mut s, now) = loaded(1);
    let path = "./x\u{1b}[2Jy.json".to_string();
    update(
        &mut s,
        Action::Exported {
            arn: arn("web", 1),
            path,
            result: Ok(3),
        },
        now,
    );
    let text = s.flash.clone().unwrap().text;
    assert!(!text.contains('\u{1b}'), "{text:?}");
}

#[test]
fn a_failure_is_one_sentence() {
    let (mut s, now) = loaded(1);
    update(
        &mut s,
        Action::Exported {
            arn: arn("web", 1),
            path: "/nope/x.json".into(),
            result: Err(ExportError::Failed(
                "cannot write /nope/x.json: No such file or directory (os error 2)".into(),
            )),
        },
        now,
    );
    let f = s.flash.clone().unwrap();
    assert_eq!(f.level, Level::Error);
    assert!(
        f.text
            .starts_with("Export failed: cannot write /nope/x.json")
    );
}
