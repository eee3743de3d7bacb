//! The commercial regions where ECS runs, for `--all-regions`.

/// When [`ALL_REGIONS`] was last compared with AWS's list, and against what.
pub const REGIONS_CHECKED: &str =
    "checked 2026-11-29 against the `aws` partition in aws-sdk-ecs 1.157.0's endpoint rules";

/// Every region of the commercial (`aws`) partition; ECS is available in each. Opt-in regions
/// (af-south-1, ap-east-1, me-south-1, ...) that an account has not enabled fail on their own
/// context and the others go on. GovCloud and China are other partitions: name them with
/// `--region`. Checked: see [`REGIONS_CHECKED`].
pub const ALL_REGIONS: &[&str] = &[
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2",
    "af-south-1",
    "ap-east-1",
    "ap-east-2",
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-northeast-3",
    "ap-south-1",
    "ap-south-2",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-southeast-3",
    "ap-southeast-4",
    "ap-southeast-5",
    "ap-southeast-6",
    "ap-southeast-7",
    "ca-central-1",
    "ca-west-1",
    "eu-central-1",
    "eu-central-2",
    "eu-north-1",
    "eu-south-1",
    "eu-south-2",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "il-central-1",
    "me-central-1",
    "me-south-1",
    "mx-central-1",
    "sa-east-1",
];

/// The regions of [`ALL_REGIONS`] an account must enable before use (those launched after
/// March 2019). Until then their endpoints reject the account's credentials.
pub const OPT_IN_REGIONS: &[&str] = &[
    "af-south-1",
    "ap-east-1",
    "ap-east-2",
    "ap-south-2",
    "ap-southeast-3",
    "ap-southeast-4",
    "ap-southeast-5",
    "ap-southeast-6",
    "ap-southeast-7",
    "ca-west-1",
    "eu-central-2",
    "eu-south-1",
    "eu-south-2",
    "il-central-1",
    "me-central-1",
    "me-south-1",
    "mx-central-1",
];

/// True for a region the account has to opt in to.
pub fn is_opt_in(region: &str) -> bool {
    OPT_IN_REGIONS.contains(&region)
}

#[cfg(test)]
mod tests;
