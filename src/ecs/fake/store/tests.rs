use super::*;

#[test]
fn identical_registrations_share_one_body() {
    let mut s = Store::new(jiff::Timestamp::UNIX_EPOCH);
    let doc = |f: &str| serde_json::json!({"family": f, "containerDefinitions": []});
    for i in 0..1000 {
        s.register(doc(&format!("f{}", i % 7)), None);
    }
    let bodies: Vec<&Arc<Body>> = s
        .families
        .values()
        .flat_map(|f| f.revisions.iter().map(|r| &r.body))
        .collect();
    assert_eq!(bodies.len(), 1000);
    let distinct = bodies
        .iter()
        .enumerate()
        .filter(|(i, b)| !bodies[..*i].iter().any(|o| Arc::ptr_eq(o, b)))
        .count();
    assert_eq!(distinct, 7, "one body per distinct document");
}
