use super::*;

#[test]
fn the_log_file_is_named_only_when_there_is_one() {
    let e = EcsError::new("ListServices", ErrorKind::Other, "boom");
    set_log_file(false);
    let without = e.to_string();
    set_log_file(true);
    let with = e.to_string();
    set_log_file(false);
    assert!(!without.contains("see the log file"), "{without}");
    assert!(without.contains("--log-file"), "{without}");
    assert!(with.contains("see the log file for details"), "{with}");
}

#[test]
fn one_sentence_with_operation_and_hint() {
    let e = EcsError::new(
        "DeregisterTaskDefinition",
        ErrorKind::AccessDenied,
        "User is not authorized\nstack...",
    );
    assert_eq!(
        e.to_string(),
        "AccessDenied on ecs:DeregisterTaskDefinition: your role lacks this permission (User is not authorized)"
    );
    assert!(!e.is_retryable());
    assert!(EcsError::new("X", ErrorKind::Throttled, "").is_retryable());
}

#[test]
fn escapes_control_characters_in_the_message() {
    let e = EcsError::new(
        "ListTaskDefinitions",
        ErrorKind::Client,
        "nope \u{1b}]0;PWNED\u{7}\u{1b}[2J end",
    );
    assert_eq!(e.message, "nope \\x1b]0;PWNED\\x07\\x1b[2J end");
}
