use super::*;
use crate::ecs::fake::FakeEcs;
use crate::sources::fake::FakeSources;

#[tokio::test]
async fn a_proven_backend_is_used_only_for_the_switch_it_answers() {
    let api: Arc<dyn EcsApi> = Arc::new(FakeEcs::new());
    let sources: Arc<dyn ScanSources> = Arc::new(FakeSources::demo());
    let switcher = Switcher::new(Arc::new(DemoConnector::new(api, sources)));
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    switcher.start(5, ContextChange::Region("eu-west-1".into()), tx.clone());
    let answer = rx.recv().await;
    assert_eq!(
        answer,
        Some(Action::ContextSwitched {
            request: 5,
            result: Ok("demo eu-west-1 (in-memory account, no AWS)".into()),
        })
    );
    assert!(
        switcher.take(4).is_none(),
        "another request's backend is not used"
    );
    let sw = switcher.take(5).expect("the proven backend");
    assert_eq!(sw.meta.region.as_deref(), Some("eu-west-1"));
    assert!(switcher.take(5).is_none(), "once");
    // Without a connector, a switch is refused in one sentence.
    Switcher::default().start(6, ContextChange::Profile("p".into()), tx);
    let Some(Action::ContextSwitched { result, .. }) = rx.recv().await else {
        panic!("no answer");
    };
    assert_eq!(result, Err("this backend cannot switch context".into()));
}
