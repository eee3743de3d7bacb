//! The job runner over the real SDK against moto: bulk-deregister 300 revisions, then delete
//! them in batches of 10, with partial `failures[]`; and `taskdefs list` over the same data.
//! Bulk runs use a raised rate to stay quick (pacing is measured on the in-memory backend);
//! the neighbour run turns on the launcher's ECS buckets and runs at the real ones.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::process::Command;
use std::sync::Arc;
use std::time::Duration;

use common::MotoServer;
use taskdefs::app::{Action, ItemOutcome, JobKind};
use taskdefs::ecs::{EcsApi, RevisionRef, TdStatus};
use taskdefs::jobs::{JobContext, RateConfig, run_job};

fn fast() -> RateConfig {
    RateConfig {
        deregister_burst: 50,
        deregister_per_sec: 200.0,
        delete_burst: 10,
        delete_per_sec: 50.0,
        base_backoff: Duration::from_millis(20),
        ..RateConfig::default()
    }
}

async fn job(
    api: Arc<dyn EcsApi>,
    kind: JobKind,
    items: Vec<RevisionRef>,
) -> Vec<(String, ItemOutcome)> {
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let (_cancel, cancel_rx) = tokio::sync::watch::channel(false);
    let ctx = JobContext::default();
    run_job(api, 1, kind, items, &fast(), &ctx, cancel_rx, tx).await;
    let mut out = Vec::new();
    let mut finished = 0;
    while let Ok(a) = rx.try_recv() {
        match a {
            Action::JobItem { arn, outcome, .. } => out.push((arn, outcome)),
            Action::JobFinished { .. } => finished += 1,
            _ => {}
        }
    }
    assert_eq!(finished, 1);
    out
}

#[test]
fn bulk_deregister_300_then_delete_with_partial_failures() {
    let moto = MotoServer::start();
    let seed = moto.seed();
    common::block_on(async {
        let arns = seed.register("bulk", 305).await;
        let api: Arc<dyn EcsApi> = Arc::new(moto.sdk_ecs());
        let items: Vec<RevisionRef> = arns[..300]
            .iter()
            .map(|a| RevisionRef::from_arn(a, TdStatus::Active).unwrap())
            .collect();

        let out = job(api.clone(), JobKind::Deregister, items.clone()).await;
        assert_eq!(out.len(), 300);
        assert!(
            out.iter()
                .all(|(_, o)| *o == ItemOutcome::Done(TdStatus::Inactive)),
            "{out:?}"
        );
        assert_eq!(seed.list_all("bulk", "INACTIVE").await.len(), 300);
        assert_eq!(seed.list_all("bulk", "ACTIVE").await.len(), 5);

        // Delete the 300 plus 5 still ACTIVE: ECS refuses those five per ARN.
        let mut to_delete: Vec<RevisionRef> = items
            .iter()
            .map(|r| RevisionRef {
                status: TdStatus::Inactive,
                ..r.clone()
            })
            .collect();
        to_delete.extend(
            arns[300..]
                .iter()
                .map(|a| RevisionRef::from_arn(a, TdStatus::Active).unwrap()),
        );
        let out = job(api, JobKind::Delete, to_delete).await;
        assert_eq!(out.len(), 305);
        let failed: Vec<_> = out
            .iter()
            .filter(|(_, o)| matches!(o, ItemOutcome::Failed(_)))
            .collect();
        assert_eq!(failed.len(), 5, "the ACTIVE ones fail: {failed:?}");
        for (arn, o) in &failed {
            assert!(arns[300..].contains(arn));
            let ItemOutcome::Failed(reason) = o else {
                unreachable!()
            };
            let reason = reason.to_string();
            assert!(
                reason.contains("ACTIVE"),
                "ECS's reason is passed on: {reason}"
            );
        }
        let deleted = out
            .iter()
            .filter(|(_, o)| *o == ItemOutcome::Done(TdStatus::DeleteInProgress))
            .count();
        assert_eq!(deleted, 300);
        assert!(
            seed.list_all("bulk", "INACTIVE").await.is_empty(),
            "deleted revisions leave the listings"
        );
        assert_eq!(seed.list_all("bulk", "ACTIVE").await.len(), 5);
        let calls = moto.calls();
        assert_eq!(
            calls.get("DeleteTaskDefinitions"),
            Some(&31),
            "batches of 10: {calls:?}"
        );
    });
}

#[test]
fn list_subcommand_prints_every_family_and_revision() {
    let moto = MotoServer::start();
    let seed = moto.seed();
    common::block_on(async {
        let families: Vec<String> = (0..120).map(|i| format!("fam-{i:03}")).collect();
        seed.register_many(&families, 2).await;
        let big = seed.register("zz-big", 130).await;
        seed.deregister(&big[0]).await;
    });
    let out = Command::new(env!("CARGO_BIN_EXE_taskdefs"))
        .args(["list", "--status", "all", "--json"])
        .envs(moto.env())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    // One record type: each revision names its family.
    let fams = lines
        .iter()
        .filter_map(|l| l["family"].as_str())
        .collect::<std::collections::HashSet<_>>()
        .len();
    let revs: Vec<_> = lines.iter().filter(|l| l["type"] == "revision").collect();
    assert_eq!(fams, 121, "every page of families");
    assert_eq!(
        revs.len(),
        240 + 130,
        "every page of revisions, both statuses"
    );
    let big: Vec<u64> = revs
        .iter()
        .filter(|r| r["family"] == "zz-big")
        .map(|r| r["revision"].as_u64().unwrap())
        .collect();
    assert_eq!(big.first(), Some(&130), "newest first");
    assert!(
        revs.iter()
            .any(|r| r["family"] == "zz-big" && r["revision"] == 1 && r["status"] == "INACTIVE")
    );

    let out = Command::new(env!("CARGO_BIN_EXE_taskdefs"))
        .args(["list", "--family-prefix", "zz-"])
        .envs(moto.env())
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with("zz-big\n"), "{text}");
    assert_eq!(text.lines().count(), 1 + 129, "ACTIVE only by default");
}

/// The runner owns every retry: a mutating call through the SDK is one HTTP request, so each
/// attempt is paced, counted and journaled.
#[test]
fn every_http_attempt_of_a_job_is_counted_and_journaled() {
    use common::Fault;
    let moto = MotoServer::start();
    let seed = moto.seed();
    common::block_on(async {
        let arns = seed.register("attempts", 2).await;
        let api = moto.sdk_ecs();
        // The adapter itself does not retry a throttled deregistration.
        moto.reset_calls();
        moto.inject(&Fault::error(
            "DeregisterTaskDefinition",
            "ThrottlingException",
            "Rate exceeded",
            400,
            1,
        ));
        let e = api.deregister(&arns[0]).await.unwrap_err();
        assert_eq!(e.kind, taskdefs::ecs::ErrorKind::Throttled);
        assert_eq!(moto.calls()["DeregisterTaskDefinition"], 1);
        // A job item throttled twice: three requests at the server, three in the journal.
        moto.reset_calls();
        moto.inject(&Fault::error(
            "DeregisterTaskDefinition",
            "ThrottlingException",
            "Rate exceeded",
            400,
            2,
        ));
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("journal.jsonl");
        let ctx = JobContext {
            journal: Some(Arc::new(taskdefs::journal::Journal::open(&path).unwrap())),
            ..JobContext::default()
        };
        let (tx, _rx) = tokio::sync::mpsc::unbounded_channel();
        let (_cancel, cancel_rx) = tokio::sync::watch::channel(false);
        let item = RevisionRef::from_arn(&arns[1], TdStatus::Active).unwrap();
        run_job(
            Arc::new(api),
            1,
            JobKind::Deregister,
            vec![item],
            &fast(),
            &ctx,
            cancel_rx,
            tx,
        )
        .await;
        assert_eq!(moto.calls()["DeregisterTaskDefinition"], 3);
        let outcome = taskdefs::journal::entries(&path)
            .unwrap()
            .into_iter()
            .find(|e| e.phase == taskdefs::journal::Phase::Outcome)
            .unwrap();
        assert_eq!(outcome.outcome.as_deref(), Some("ok"));
        assert_eq!(outcome.attempts, Some(3));
    });
}

/// A deploy pipeline registering every 4 s with the SDK's standard retries (3 attempts) keeps
/// working while a job deregisters 60 revisions at the default pace, against ECS's real
/// buckets (about a minute of wall time). The same run with `--headroom 0` lost 2 of 14
/// deploys.
#[test]
fn a_neighbour_deploying_every_4_s_never_fails_while_a_job_runs() {
    let moto = MotoServer::start();
    let seed = moto.seed();
    common::block_on(async {
        let arns = seed.register("cleanup", 60).await;
        moto.enforce_buckets(true);
        let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
        let neighbour = tokio::spawn(common::neighbour::deploy_every_4s(
            moto.sdk_config(),
            stop_rx,
        ));
        let items: Vec<RevisionRef> = arns
            .iter()
            .map(|a| RevisionRef::from_arn(a, TdStatus::Active).unwrap())
            .collect();
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        let (_cancel, cancel_rx) = tokio::sync::watch::channel(false);
        let api: Arc<dyn EcsApi> = Arc::new(moto.sdk_ecs());
        let cfg = RateConfig::default();
        run_job(
            api,
            1,
            JobKind::Deregister,
            items,
            &cfg,
            &JobContext::default(),
            cancel_rx,
            tx,
        )
        .await;
        stop_tx.send(true).unwrap();
        let (ok, failed) = neighbour.await.unwrap();
        let mut done = 0;
        while let Ok(a) = rx.try_recv() {
            if let Action::JobItem { outcome, .. } = a {
                assert!(outcome.is_success(), "{outcome:?}");
                done += 1;
            }
        }
        assert_eq!(done, 60);
        assert!(ok >= 3, "the neighbour barely ran: {ok}");
        assert_eq!(
            failed,
            0,
            "the neighbour's deploys failed: {failed} of {}",
            ok + failed
        );
    });
}
