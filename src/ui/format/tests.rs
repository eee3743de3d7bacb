use super::*;

fn ts(s: &str) -> Timestamp {
    s.parse().unwrap()
}

#[test]
fn ages_are_coarse() {
    let now = ts("2026-11-28T12:00:00Z");
    assert_eq!(age(now, ts("2026-11-28T11:59:30Z")), "just now");
    assert_eq!(age(now, ts("2026-11-28T11:48:00Z")), "12m ago");
    assert_eq!(age(now, ts("2026-11-28T07:00:00Z")), "5h ago");
    assert_eq!(age(now, ts("2026-11-25T12:00:00Z")), "3d ago");
    assert_eq!(age(now, ts("2026-06-01T12:00:00Z")), "6mo ago");
    assert_eq!(age(now, ts("2023-01-01T12:00:00Z")), "3y ago");
    assert_eq!(age(now, ts("2027-01-01T12:00:00Z")), "just now");
}

#[test]
fn images_lose_registry_and_long_hashes() {
    assert_eq!(
        short_image("123456789012.dkr.ecr.us-east-1.amazonaws.com/payments/api:1.4.2"),
        "payments/api:1.4.2"
    );
    assert_eq!(short_image("nginx:1.27"), "nginx:1.27");
    assert_eq!(short_image("docker.io/library/redis:7"), "redis:7");
    assert_eq!(short_image("localhost:5000/app:dev"), "app:dev");
    let digest = format!("public.ecr.aws/nginx/nginx@sha256:{}", "ab12".repeat(16));
    assert_eq!(short_image(&digest), "nginx/nginx@sha256:ab12ab12…");
    let git = format!("repo/app:{}", "0123456789abcdef0123456789abcdef01234567");
    assert_eq!(short_image(&git), "repo/app:0123456789ab…");
    assert_eq!(
        fit_image("ecr.example.com/team/very-long-name:v1.2.3", 12),
        "…name:v1.2.3"
    );
    assert_eq!(
        fit_image("ecr.example.com/payments/api:1.312.0", 14),
        "api:1.312.0"
    );
    assert_eq!(
        fit_image("ecr.example.com/payments/api:1.312.0", 11),
        "api:1.312.0"
    );
    let pinned = format!(
        "123456789012.dkr.ecr.us-east-1.amazonaws.com/web/admin-portal@sha256:{}",
        "73080740".repeat(8)
    );
    assert_eq!(fit_image(&pinned, 40), "admin-portal@sha256:7308…");
    assert_eq!(fit_image(&pinned, 20), "admin-portal@7308…");
    assert_eq!(fit_image(&pinned, 10), "admin-por…");
    assert_eq!(fit_image("nginx", 10), "nginx");
}

#[test]
fn fitting_cuts_with_an_ellipsis() {
    assert_eq!(fit("payments", 8), "payments");
    assert_eq!(fit("payments", 5), "paym…");
    assert_eq!(fit("payments", 0), "");
    assert_eq!(fit_left("payments", 4), "…nts");
    assert_eq!(short_compat(&["EC2".into(), "FARGATE".into()]), "EC2,FG");
}

#[test]
fn messages_are_cut_between_words() {
    let text = "A job is running: press q again to quit anyway, or X to cancel.";
    assert_eq!(fit_words(text, 80), text);
    assert_eq!(fit_words(text, 40), "A job is running: press q again to…");
    assert_eq!(fit_words("abcdefghij", 5), "abcd…");
}

#[test]
fn widths_are_terminal_cells() {
    assert_eq!(width("部署"), 4);
    assert_eq!(width("🚀 ok"), 5);
    assert_eq!(width("👩‍💻"), 2, "a ZWJ sequence is one glyph");
    assert_eq!(width("e\u{301}"), 1, "a combining mark adds nothing");
    assert_eq!(width("a\x1b[2J"), 4, "control characters are not drawn");
    assert_eq!(fit("部署完了", 5), "部署…");
    assert_eq!(fit("部署完了", 8), "部署完了");
    assert_eq!(fit_left("部署完了", 5), "…完了");
    assert_eq!(fit_left("a部署", 3), "…署");
    assert_eq!(prefix_fitting("ab部", 3), (2, 2));
    assert_eq!(pad("部", 4), "部  ");
}
