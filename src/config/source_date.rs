//! `SOURCE_DATE_EPOCH`, the reproducible-builds convention for "when the sources were last
//! changed": the one time a build may show (calendars' `DTSTAMP`), read from the environment,
//! never the clock.

use crate::diagnostics::Diagnostic;

/// `SOURCE_DATE_EPOCH` as read from the environment (`None`: not set, or empty): a whole
/// number of seconds since 1970-01-01 UTC. A value that is not one is an error, as the
/// convention asks (<https://reproducible-builds.org/specs/source-date-epoch/>): a build that
/// quietly ignored it would not be the one asked for.
pub fn source_date_epoch(value: Option<&std::ffi::OsStr>) -> Result<Option<i64>, Diagnostic> {
    let Some(value) = value.filter(|v| !v.is_empty()) else { return Ok(None) };
    let text = value.to_string_lossy();
    match text.parse::<i64>() {
        Ok(n) if n >= 0 && jiff::Timestamp::from_second(n).is_ok() => Ok(Some(n)),
        _ => Err(Diagnostic::error(
            "SOURCE_DATE_EPOCH",
            0,
            0,
            format!("SOURCE_DATE_EPOCH `{text}` is not a number of seconds since 1970-01-01 UTC"),
        )
        .with_help(
            "set it to the time of the last change, e.g. `SOURCE_DATE_EPOCH=$(git log -1 --format=%ct)`, or unset it",
        )),
    }
}
