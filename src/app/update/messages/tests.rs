use super::*;

#[test]
fn every_job_message_reads_right() {
    use JobKind::{Delete, Deregister};
    assert_eq!(
        started(Deregister, 1, Some("web:4"), false),
        "Deregistering web:4…"
    );
    assert_eq!(started(Delete, 12, None, false), "Deleting 12 revisions…");
    assert_eq!(
        started(Deregister, 15, None, true),
        "Dry run: would deregister 15 revisions; no call is made."
    );
    assert_eq!(
        single_done(Deregister, "web:4", false),
        "Deregistered web:4: now INACTIVE."
    );
    assert_eq!(
        single_done(Delete, "web:4", false),
        "Deleted web:4: now DELETE_IN_PROGRESS."
    );
    assert_eq!(
        single_done(Delete, "web:4", true),
        "Dry run: web:4 would be deleted; no call was made."
    );
    assert_eq!(
        finished(Deregister, 15, 15, 0, 0, false, false),
        "Job finished: 15 of 15 deregistered."
    );
    assert_eq!(
        finished(Delete, 15, 12, 3, 0, false, false),
        "Job finished: 12 of 15 deleted, 3 failed."
    );
    assert_eq!(
        finished(Deregister, 15, 5, 1, 0, true, false),
        "Job cancelled: 5 of 15 deregistered, 1 failed, 9 cancelled."
    );
    assert_eq!(
        finished(Delete, 15, 15, 0, 0, false, true),
        "Dry run finished: 15 of 15 would be deleted. No call was made."
    );
    assert_eq!(
        finished(Deregister, 4, 2, 0, 0, true, true),
        "Dry run cancelled: 2 of 4 would be deregistered, 2 cancelled. No call was made."
    );
    for kind in [Deregister, Delete] {
        for dry in [false, true] {
            for text in [
                started(kind, 3, None, dry),
                single_done(kind, "a:1", dry),
                finished(kind, 3, 3, 0, 0, false, dry),
            ] {
                assert!(!text.contains("deregisterd") && !text.contains("deleted d"));
                assert_eq!(text.contains("Dry run"), dry, "{text}");
            }
        }
    }
}
