use super::*;

#[test]
fn exit_status_follows_shell_conventions() {
    assert_eq!(Exit::Quit.code(), 0);
    assert_eq!(Exit::Signal(Signal::SIGINT).code(), 130);
    assert_eq!(Exit::Signal(Signal::SIGHUP).code(), 129);
    assert_eq!(Exit::Signal(Signal::SIGTERM).code(), 143);
}
