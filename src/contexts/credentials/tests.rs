use super::*;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Counts its calls; credentials expire `ttl` after each call.
#[derive(Debug)]
struct Counting(Arc<AtomicUsize>, Duration);

impl ProvideCredentials for Counting {
    fn provide_credentials<'a>(&'a self) -> future::ProvideCredentials<'a>
    where
        Self: 'a,
    {
        self.0.fetch_add(1, Ordering::SeqCst);
        let expiry = SystemTime::now() + self.1;
        future::ProvideCredentials::ready(Ok(Credentials::new("k", "s", None, Some(expiry), "t")))
    }
}

#[tokio::test]
async fn regions_of_one_profile_share_one_fetch_until_near_expiry() {
    let calls = Arc::new(AtomicUsize::new(0));
    let long = SharedCredentials::new(SharedCredentialsProvider::new(Counting(
        calls.clone(),
        Duration::from_secs(3600),
    )));
    let regions: Vec<SharedCredentials> = (0..34).map(|_| long.clone()).collect();
    let got = futures::future::join_all(regions.iter().map(|r| r.provide_credentials())).await;
    assert!(got.iter().all(Result::is_ok));
    assert_eq!(calls.load(Ordering::SeqCst), 1);

    let short_calls = Arc::new(AtomicUsize::new(0));
    let short = SharedCredentials::new(SharedCredentialsProvider::new(Counting(
        short_calls.clone(),
        Duration::from_secs(60),
    )));
    short.provide_credentials().await.unwrap();
    short.provide_credentials().await.unwrap();
    assert_eq!(
        short_calls.load(Ordering::SeqCst),
        2,
        "near expiry: fetched again"
    );
}
