//! The reminders' clock: "now" (the system's, or `--now` for tests and catch-up previews)
//! and the calendar day it is in the organization's time zone.

use crate::{ApiError, ApiResult};
use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, Timelike, Utc};
use jiff::tz::TimeZone;

/// The organization's zone: its IANA name, or the machine's own zone.
pub(crate) fn zone(name: Option<&str>) -> ApiResult<(TimeZone, String)> {
    match name.map(str::trim).filter(|n| !n.is_empty()) {
        Some(n) => TimeZone::get(n).map(|tz| (tz, n.to_owned())).map_err(|_| {
            ApiError::new(
                "invalid_time_zone",
                format!("'{n}' is not a known time zone (an IANA name such as Europe/Paris)"),
            )
        }),
        None => {
            let tz = TimeZone::system();
            let name = tz.iana_name().unwrap_or("local").to_owned();
            Ok((tz, name))
        }
    }
}

fn out_of_range(what: &str) -> ApiError {
    ApiError::invalid(format!("'{what}' is out of range"))
}

/// The calendar day an instant falls on in `tz`.
pub(crate) fn day_in(now: DateTime<Utc>, tz: &TimeZone) -> ApiResult<NaiveDate> {
    let ts = jiff::Timestamp::from_second(now.timestamp())
        .map_err(|_| out_of_range(&now.to_rfc3339()))?;
    let d = ts.to_zoned_datetime(tz.clone()).date();
    NaiveDate::from_ymd_opt(
        i32::from(d.year()),
        u32::try_from(d.month()).unwrap_or(0),
        u32::try_from(d.day()).unwrap_or(0),
    )
    .ok_or_else(|| out_of_range(&now.to_rfc3339()))
}

/// A wall-clock time in `tz` as an instant (the earlier one when the clock goes back).
fn local_instant(t: NaiveDateTime, tz: &TimeZone, text: &str) -> ApiResult<DateTime<Utc>> {
    let civil = jiff::civil::DateTime::new(
        i16::try_from(t.year()).map_err(|_| out_of_range(text))?,
        i8::try_from(t.month()).map_err(|_| out_of_range(text))?,
        i8::try_from(t.day()).map_err(|_| out_of_range(text))?,
        i8::try_from(t.hour()).map_err(|_| out_of_range(text))?,
        i8::try_from(t.minute()).map_err(|_| out_of_range(text))?,
        i8::try_from(t.second()).map_err(|_| out_of_range(text))?,
        0,
    )
    .map_err(|_| out_of_range(text))?;
    let zoned = civil
        .to_zoned_datetime(tz.clone())
        .map_err(|_| out_of_range(text))?;
    DateTime::from_timestamp(zoned.timestamp().as_second(), 0).ok_or_else(|| out_of_range(text))
}

/// "Now" and today's date in `tz`. `now` may be an RFC 3339 instant
/// (`2026-03-10T09:00:00Z`), a wall-clock time in the zone (`2026-03-10T09:00`), or a
/// date (`2026-03-10`: that day, at noon); absent, the system clock.
pub(crate) fn resolve_now(
    now: Option<&str>,
    tz: &TimeZone,
) -> ApiResult<(DateTime<Utc>, NaiveDate)> {
    let Some(text) = now.map(str::trim).filter(|s| !s.is_empty()) else {
        let now = Utc::now();
        return Ok((now, day_in(now, tz)?));
    };
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        let t = t.with_timezone(&Utc);
        return Ok((t, day_in(t, tz)?));
    }
    for f in [
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(t) = NaiveDateTime::parse_from_str(text, f) {
            let at = local_instant(t, tz, text)?;
            return Ok((at, t.date()));
        }
    }
    if let Ok(d) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        let noon = d.and_hms_opt(12, 0, 0).ok_or_else(|| out_of_range(text))?;
        return Ok((local_instant(noon, tz, text)?, d));
    }
    Err(ApiError::new(
        "invalid_date",
        format!(
            "'{text}' is not a date or time: use 2026-03-10, 2026-03-10T09:00 (in the organization's time zone) or 2026-03-10T09:00:00Z"
        ),
    ))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn the_day_is_the_organizations() {
        let (paris, _) = zone(Some("Europe/Paris")).unwrap();
        let (tokyo, _) = zone(Some("Asia/Tokyo")).unwrap();
        // 23:30 UTC on 9 March is already 10 March in Paris (UTC+1) and Tokyo (UTC+9).
        let (_, d) = resolve_now(Some("2026-03-09T23:30:00Z"), &paris).unwrap();
        assert_eq!(d.to_string(), "2026-03-10");
        let (_, d) = resolve_now(Some("2026-03-09T14:59:00Z"), &tokyo).unwrap();
        assert_eq!(d.to_string(), "2026-03-09");
        let (_, d) = resolve_now(Some("2026-03-09T15:00:00Z"), &tokyo).unwrap();
        assert_eq!(d.to_string(), "2026-03-10");
        // A wall-clock time is read in the zone: 00:30 in Paris in summer is 22:30 UTC.
        let (t, d) = resolve_now(Some("2026-07-01T00:30"), &paris).unwrap();
        assert_eq!(t.to_rfc3339(), "2026-06-30T22:30:00+00:00");
        assert_eq!(d.to_string(), "2026-07-01");
        let (_, d) = resolve_now(Some("2026-03-10"), &tokyo).unwrap();
        assert_eq!(d.to_string(), "2026-03-10");
    }

    #[test]
    fn bad_input_is_named() {
        let (paris, _) = zone(Some("Europe/Paris")).unwrap();
        for bad in ["yesterday", "2026-02-30", "2026-13-01T00:00", "10/03/2026"] {
            let e = resolve_now(Some(bad), &paris).unwrap_err();
            assert_eq!(e.code, "invalid_date", "{bad}");
        }
        assert_eq!(
            zone(Some("Mars/Olympus")).unwrap_err().code,
            "invalid_time_zone"
        );
    }
}
