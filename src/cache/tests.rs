#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::os::unix::fs::PermissionsExt as _;

use super::*;

const KEY: &str = "us-east-1|prod|";

/// A revision with every kind of secret a task definition can carry.
fn secretive(rev: u32) -> TaskDef {
    let doc = serde_json::json!({
        "taskDefinitionArn": format!("arn:aws:ecs:us-east-1:123456789012:task-definition/pay:{rev}"),
        "family": "pay", "revision": rev, "status": "ACTIVE",
        "registeredAt": 1_790_000_000.5 + f64::from(rev),
        "cpu": "512", "memory": "1024",
        "compatibilities": ["EC2", "FARGATE"], "requiresCompatibilities": ["FARGATE"],
        "taskRoleArn": "arn:aws:iam::123456789012:role/SEEDED-ROLE-SECRET",
        "containerDefinitions": [{
            "name": "app", "image": "repo/pay:1.2.3",
            "environment": [{"name": "DB_PASSWORD", "value": "SEEDED-ENV-SECRET"}],
            "secrets": [{"name": "TOKEN", "valueFrom": "arn:aws:ssm:SEEDED-SECRET-REF"}],
            "logConfiguration": {"logDriver": "awsfirelens",
                "options": {"apikey": "SEEDED-LOG-OPTION-SECRET"},
                "secretOptions": [{"name": "k", "valueFrom": "SEEDED-SECRET-OPTION"}]},
            "dockerLabels": {"auth": "SEEDED-LABEL-SECRET"},
            "command": ["run", "--password=SEEDED-COMMAND-SECRET"],
            "entryPoint": ["sh", "-c", "SEEDED-ENTRY-SECRET"],
        }, {"name": "sidecar", "image": "envoy:1.30"}],
    });
    TaskDef::from_json(doc, vec![("owner".into(), "SEEDED-TAG-SECRET".into())]).unwrap()
}

fn front_of(tds: &[TaskDef]) -> Front {
    Front {
        prefix: None,
        families: vec!["pay".into(), "web".into()],
        family: Some("pay".into()),
        rows: tds
            .iter()
            .map(|t| t.fields.task_definition_arn.clone())
            .collect(),
        summaries: tds.iter().map(|t| Summary::of(t, 1)).collect(),
    }
}

#[test]
fn round_trip_keeps_the_row_facts() {
    let dir = tempfile::tempdir().unwrap();
    let tds: Vec<TaskDef> = (1..=3).map(secretive).collect();
    let cache = Cache::open(dir.path(), KEY).unwrap();
    for t in &tds {
        cache.put(t);
    }
    cache.save(Some(&front_of(&tds))).unwrap();

    let again = Cache::open(dir.path(), KEY).unwrap();
    assert_eq!(again.front(None), Some(front_of(&tds)));
    assert_eq!(
        again.front(Some("pa")),
        None,
        "another prefix, another front"
    );
    again.load();
    assert_eq!(again.len(), 3);
    let arn = &tds[1].fields.task_definition_arn;
    assert_eq!(again.registered_at(arn), tds[1].registered_at());
    // The row rebuilt from the cache shows what the described one shows.
    let row = again.summary(arn).unwrap().row_task_def().unwrap();
    assert_eq!(row.cpu_memory(), tds[1].cpu_memory());
    assert_eq!(row.registered_at(), tds[1].registered_at());
    assert_eq!(row.fields.requires_compatibilities, ["FARGATE"]);
    let images: Vec<&str> = row
        .fields
        .container_definitions
        .iter()
        .map(|c| c.image.as_str())
        .collect();
    assert_eq!(images, ["repo/pay:1.2.3", "envoy:1.30"]);
}

#[test]
fn nothing_secret_reaches_the_disk() {
    let dir = tempfile::tempdir().unwrap();
    let tds: Vec<TaskDef> = (1..=2).map(secretive).collect();
    let cache = Cache::open(dir.path(), KEY).unwrap();
    for t in &tds {
        cache.put(t);
    }
    cache.save(Some(&front_of(&tds))).unwrap();
    let mut files = 0;
    for entry in fs::read_dir(dir.path()).unwrap() {
        let path = entry.unwrap().path();
        let text = fs::read_to_string(&path).unwrap();
        files += 1;
        assert!(text.contains("repo/pay:1.2.3"), "{}", path.display());
        for secret in [
            "SEEDED-ENV-SECRET",
            "DB_PASSWORD",
            "SEEDED-SECRET-REF",
            "SEEDED-LOG-OPTION-SECRET",
            "SEEDED-SECRET-OPTION",
            "SEEDED-LABEL-SECRET",
            "SEEDED-COMMAND-SECRET",
            "SEEDED-ENTRY-SECRET",
            "SEEDED-TAG-SECRET",
            "SEEDED-ROLE-SECRET",
        ] {
            assert!(!text.contains(secret), "{secret} in {}", path.display());
        }
    }
    assert_eq!(files, 2);
}

#[test]
fn files_are_0600_in_a_0700_directory() {
    let base = tempfile::tempdir().unwrap();
    let dir = base.path().join("taskdefs");
    let cache = Cache::open(&dir, KEY).unwrap();
    cache.put(&secretive(1));
    cache.save(Some(&front_of(&[secretive(1)]))).unwrap();
    let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&dir), 0o700);
    for entry in fs::read_dir(&dir).unwrap() {
        assert_eq!(mode(&entry.unwrap().path()), 0o600);
    }
    // A directory of ours that others can enter is tightened.
    fs::set_permissions(&dir, fs::Permissions::from_mode(0o755)).unwrap();
    Cache::open(&dir, KEY).unwrap();
    assert_eq!(mode(&dir), 0o700);
    // A file where the directory should be is refused with one sentence.
    let file = base.path().join("plain");
    fs::write(&file, "x").unwrap();
    let err = Cache::open(&file, KEY).unwrap_err();
    assert!(err.contains("is not a directory"), "{err}");
}

#[test]
fn a_corrupt_file_is_discarded() {
    let dir = tempfile::tempdir().unwrap();
    let cache = Cache::open(dir.path(), KEY).unwrap();
    cache.put(&secretive(1));
    cache.save(Some(&front_of(&[secretive(1)]))).unwrap();
    let store = cache.store_path();
    let front = cache.front_path();
    fs::write(
        &store,
        b"{\"version\": 1, \"key\": \"us-east-1|prod|\", \"body\": [{\"arn\": 3",
    )
    .unwrap();
    fs::write(&front, b"\x00\xffnot json").unwrap();
    let again = Cache::open(dir.path(), KEY).unwrap();
    assert_eq!(again.front(None), None);
    again.load();
    assert!(again.is_empty());
    assert!(
        !store.exists() && !front.exists(),
        "discarded files are removed"
    );
    // And the next save writes a good one again.
    again.put(&secretive(2));
    again.save(None).unwrap();
    let third = Cache::open(dir.path(), KEY).unwrap();
    third.load();
    assert_eq!(third.len(), 1);
}

#[test]
fn another_version_or_backend_is_discarded() {
    let dir = tempfile::tempdir().unwrap();
    let cache = Cache::open(dir.path(), KEY).unwrap();
    cache.put(&secretive(1));
    cache.save(Some(&front_of(&[secretive(1)]))).unwrap();
    let store = cache.store_path();
    let text = fs::read_to_string(&store).unwrap();
    let bumped = text.replacen(
        &format!("\"version\":{VERSION}"),
        &format!("\"version\":{}", VERSION + 1),
        1,
    );
    assert_ne!(bumped, text);
    fs::write(&store, bumped).unwrap();
    let again = Cache::open(dir.path(), KEY).unwrap();
    again.load();
    assert!(again.is_empty());
    assert!(!store.exists());
    // A file written for another backend (same name by accident) is not used either.
    let front = cache.front_path();
    let text = fs::read_to_string(&front).unwrap();
    fs::write(&front, text.replace(KEY, "eu-west-1|other|")).unwrap();
    assert_eq!(Cache::open(dir.path(), KEY).unwrap().front(None), None);
}

#[test]
fn least_recently_used_entries_go_first() {
    let dir = tempfile::tempdir().unwrap();
    let cache = Cache::open(dir.path(), KEY).unwrap();
    {
        let mut e = cache.lock();
        for i in 0..(MAX_ENTRIES + 10) {
            let mut s = Summary::of(&secretive(1), i as i64);
            s.arn = format!("arn:aws:ecs:us-east-1:123456789012:task-definition/f:{i}");
            e.by_arn.insert(s.arn.clone(), s);
        }
        e.loaded = true;
        e.dirty = true;
    }
    cache.save(None).unwrap();
    let again = Cache::open(dir.path(), KEY).unwrap();
    again.load();
    assert_eq!(again.len(), MAX_ENTRIES);
    let arn = |i: usize| format!("arn:aws:ecs:us-east-1:123456789012:task-definition/f:{i}");
    for i in 0..10 {
        assert!(again.summary(&arn(i)).is_none(), "the oldest went: {i}");
    }
    assert!(again.summary(&arn(10)).is_some());
    assert!(again.summary(&arn(MAX_ENTRIES + 9)).is_some());
}

#[test]
fn saving_before_the_background_load_keeps_what_was_on_disk() {
    let dir = tempfile::tempdir().unwrap();
    let first = Cache::open(dir.path(), KEY).unwrap();
    first.put(&secretive(1));
    first.save(None).unwrap();
    let second = Cache::open(dir.path(), KEY).unwrap();
    second.put(&secretive(2));
    second.save(None).unwrap();
    let third = Cache::open(dir.path(), KEY).unwrap();
    third.load();
    assert_eq!(third.len(), 2);
}
