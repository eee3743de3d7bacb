use super::*;

#[test]
fn round_trips_and_rejects_foreign_tokens() {
    let t = encode("families|ACTIVE|", "web-api");
    assert_eq!(
        decode("X", "families|ACTIVE|", Some(&t))
            .unwrap()
            .as_deref(),
        Some("web-api")
    );
    assert_eq!(decode("X", "families|ACTIVE|", None).unwrap(), None);
    for bad in ["zz", "abc", "", &encode("other", "web-api")] {
        let e = decode("X", "families|ACTIVE|", Some(bad)).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Client);
    }
}

#[test]
fn token_only_when_more_follow() {
    let p = page(0..10, 10, "s", |i| i.to_string());
    assert_eq!((p.items.len(), p.next_token), (10, None));
    let p = page(0..11, 10, "s", |i| i.to_string());
    assert_eq!(
        decode("X", "s", p.next_token.as_deref())
            .unwrap()
            .as_deref(),
        Some("9")
    );
}
