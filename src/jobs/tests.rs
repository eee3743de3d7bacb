use super::*;

#[test]
fn the_confirmation_states_the_policy_and_its_cost() {
    let default = RateConfig::default();
    let note = default.policy_note(JobKind::Deregister, 500);
    // 19 at once (one burst token left), 481 at 0.8/s; 480 s at the floor.
    assert!(note.contains("0.80 deregistrations/s"), "{note}");
    assert!(note.contains("leaving 20%"), "{note}");
    assert!(
        note.contains("about 10m 02s alone (8m 00s at the floor"),
        "{note}"
    );
    let floor = default.clone().with_headroom_percent(0.0);
    let note = floor.policy_note(JobKind::Delete, 100);
    assert!(
        note.starts_with("Pace: the floor, 1.00 delete calls/s"),
        "{note}"
    );
    assert!(note.contains("about 5s"), "{note}");
    assert_eq!(floor.group(), 1);
    assert_eq!(floor.reserve(), 0);
}
