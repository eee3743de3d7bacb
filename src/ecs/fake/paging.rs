//! Opaque `nextToken` strings, bound to the listing that issued them.
//!
//! A token carries the last key returned (not an offset), so deletions between pages neither
//! skip nor repeat items. It is hex so callers cannot mistake it for something to parse.

use crate::ecs::{EcsError, ErrorKind, Page};

/// Encodes `cursor` for the listing identified by `scope`.
pub(super) fn encode(scope: &str, cursor: &str) -> String {
    let plain = format!("v1\u{1f}{scope}\u{1f}{cursor}");
    plain.bytes().map(|b| format!("{b:02x}")).collect()
}

/// Decodes a token issued by `encode` for the same `scope`; `None` means the first page.
pub(super) fn decode(
    operation: &'static str,
    scope: &str,
    token: Option<&str>,
) -> Result<Option<String>, EcsError> {
    let Some(token) = token else {
        return Ok(None);
    };
    let invalid = || invalid_token(operation);
    if token.len() % 2 != 0 {
        return Err(invalid());
    }
    let bytes = (0..token.len())
        .step_by(2)
        .map(|i| {
            token
                .get(i..i + 2)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        })
        .collect::<Option<Vec<u8>>>()
        .ok_or_else(invalid)?;
    let plain = String::from_utf8(bytes).map_err(|_| invalid())?;
    let mut parts = plain.splitn(3, '\u{1f}');
    match (parts.next(), parts.next(), parts.next()) {
        (Some("v1"), Some(s), Some(cursor)) if s == scope => Ok(Some(cursor.to_string())),
        _ => Err(invalid()),
    }
}

/// What ECS answers for a token it did not issue.
fn invalid_token(operation: &'static str) -> EcsError {
    EcsError::new(
        operation,
        ErrorKind::Client,
        "The specified nextToken is not valid.",
    )
}

/// Decodes a task definition listing's token: the last `(family, revision)` returned.
pub(super) fn decode_revision(
    operation: &'static str,
    scope: &str,
    token: Option<&str>,
) -> Result<Option<(String, u32)>, EcsError> {
    let Some(cursor) = decode(operation, scope, token)? else {
        return Ok(None);
    };
    let (f, r) = cursor
        .rsplit_once(':')
        .ok_or_else(|| invalid_token(operation))?;
    let r = r.parse::<u32>().map_err(|_| invalid_token(operation))?;
    Ok(Some((f.to_string(), r)))
}

/// One page of `(family, revision)` as ARNs, its token the last pair returned.
pub(super) fn revision_page<'a>(
    iter: impl Iterator<Item = (&'a str, u32)>,
    size: usize,
    scope: &str,
    arn: impl Fn(&str, u32) -> String,
) -> Page<String> {
    let page = page(iter, size, scope, |(f, r)| format!("{f}:{r}"));
    Page {
        items: page.items.iter().map(|(f, r)| arn(f, *r)).collect(),
        next_token: page.next_token,
    }
}

/// Takes up to `size` items from `iter`, issuing a token only when another item follows.
pub(super) fn page<T>(
    mut iter: impl Iterator<Item = T>,
    size: usize,
    scope: &str,
    cursor_of: impl Fn(&T) -> String,
) -> Page<T> {
    let items: Vec<T> = iter.by_ref().take(size).collect();
    let next_token = match (items.last(), iter.next()) {
        (Some(last), Some(_)) => Some(encode(scope, &cursor_of(last))),
        _ => None,
    };
    Page { items, next_token }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests;
