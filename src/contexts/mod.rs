//! Contexts: one profile and one region each. `--region a,b`, repeated `--profile` and
//! `--all-regions` open several at once; `list` and `prune` run across them, each context with
//! its own ECS buckets (they are per account and region), so they load and run in parallel.

pub mod connect;
pub mod credentials;
pub mod list;
pub mod regions;

pub use connect::{Connected, Failed, connect_all};
pub use regions::{ALL_REGIONS, REGIONS_CHECKED};

/// One profile in one region; the account id once an answer told it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Context {
    /// `--profile` (`None`: `AWS_PROFILE` or the default chain).
    pub profile: Option<String>,
    /// `--region` (`None`: `AWS_REGION` or the profile's region).
    pub region: Option<String>,
    /// The account id, from STS or from the ARNs ECS returned.
    pub account: Option<String>,
}

impl Context {
    /// A context for `profile` in `region`, account not yet known.
    pub fn new(profile: Option<&str>, region: Option<&str>) -> Context {
        Context {
            profile: profile.map(str::to_string),
            region: region.map(str::to_string),
            account: None,
        }
    }

    /// Names the context in one line: `eu-west-1 · profile prod · account 123456789012`.
    pub fn label(&self) -> String {
        let mut parts = vec![
            self.region
                .clone()
                .unwrap_or_else(|| "default region".into()),
        ];
        if let Some(p) = &self.profile {
            parts.push(format!("profile {p}"));
        }
        if let Some(a) = &self.account {
            parts.push(format!("account {a}"));
        }
        parts.join(" · ")
    }
}

/// The contexts the flags ask for: every profile in every region, in the order given.
/// No profile means the default chain's; no region means each profile's own.
pub fn expand(profiles: &[String], regions: &[String], all_regions: bool) -> Vec<Context> {
    let regions: Vec<Option<&str>> = if all_regions {
        ALL_REGIONS.iter().map(|r| Some(*r)).collect()
    } else if regions.is_empty() {
        vec![None]
    } else {
        dedupe(regions).into_iter().map(Some).collect()
    };
    let profiles: Vec<Option<&str>> = if profiles.is_empty() {
        vec![None]
    } else {
        dedupe(profiles).into_iter().map(Some).collect()
    };
    profiles
        .iter()
        .flat_map(|p| regions.iter().map(move |r| Context::new(*p, *r)))
        .collect()
}

/// The first copy of each name, in order (`--region a,a` opens `a` once).
fn dedupe(names: &[String]) -> Vec<&str> {
    let mut seen = std::collections::HashSet::new();
    names
        .iter()
        .map(String::as_str)
        .filter(|n| seen.insert(*n))
        .collect()
}

/// Checks one `--region` value: lower-case letters, digits and dashes, like `eu-west-1`.
pub fn parse_region(s: &str) -> Result<String, String> {
    let t = s.trim();
    let parts: Vec<&str> = t.split('-').collect();
    let shaped = parts.len() >= 3
        && parts.iter().all(|p| {
            !p.is_empty()
                && p.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        })
        && parts
            .last()
            .is_some_and(|p| p.chars().all(|c| c.is_ascii_digit()));
    if shaped {
        Ok(t.to_string())
    } else if t.is_empty() {
        Err(
            "a region name is empty: separate regions with single commas, e.g. us-east-1,eu-west-1"
                .into(),
        )
    } else {
        Err(format!(
            "'{}' is not a region name like us-east-1 or eu-west-1",
            crate::text::escape(t)
        ))
    }
}

/// Checks one `--profile` value: not empty.
pub fn parse_profile(s: &str) -> Result<String, String> {
    if s.trim().is_empty() {
        Err("a profile name is empty".into())
    } else {
        Ok(s.to_string())
    }
}

/// The account id in a task definition (or any) ARN: `arn:aws:ecs:REGION:ACCOUNT:...`.
pub fn account_of_arn(arn: &str) -> Option<&str> {
    let account = arn.split(':').nth(4)?;
    (account.len() == 12 && account.chars().all(|c| c.is_ascii_digit())).then_some(account)
}

#[cfg(test)]
mod tests;
