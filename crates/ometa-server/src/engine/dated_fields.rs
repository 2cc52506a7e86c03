//! Two fields a write does not take as sent, as the real `EntityUpdater` treats them:
//! `lifeCycle` never goes back in time, and `certification` is dated by the server.

use serde_json::{Value, json};

use crate::engine::dates::{DAY_MS, civil_from_days, days_from_civil};
use crate::engine::error::ApiError;
use crate::engine::fqn;

/// `EntityUpdater.updateLifeCycle`: each of `created`, `updated` and `accessed` that the new
/// document drops, or sets to an older timestamp than the stored one, keeps the stored one.
pub fn keep_newer_life_cycle(old: &Value, new: &mut Value) {
    let (Some(kept), Some(sent)) = (
        old.get("lifeCycle"),
        new.get_mut("lifeCycle").and_then(Value::as_object_mut),
    ) else {
        return;
    };
    for event in ["created", "updated", "accessed"] {
        let Some(stored) = kept.get(event).filter(|v| !v.is_null()) else {
            continue;
        };
        let timestamp = |v: &Value| v.get("timestamp").and_then(Value::as_f64);
        let older = match sent.get(event).filter(|v| !v.is_null()).map(timestamp) {
            None => true,
            Some(ts) => ts
                .zip(timestamp(stored))
                .is_some_and(|(new, old)| new < old),
        };
        if older {
            sent.insert(event.to_string(), stored.clone());
        }
    }
}

/// `EntityUpdater.updateCertification`: a new or changed certification must be a tag of the
/// classification `settings` (the `assetCertificationSettings` value, read only then) allows;
/// it is applied `now` and expires after the settings' validity period. Removing it, or
/// keeping it as stored, needs neither.
pub fn stamp_certification(
    old: &Value,
    new: &mut Value,
    settings: impl FnOnce() -> Option<Value>,
    now: i64,
) -> Result<(), ApiError> {
    let Some(certification) = new.get_mut("certification").filter(|c| !c.is_null()) else {
        return Ok(());
    };
    if old.get("certification") == Some(certification) {
        return Ok(());
    }
    let Some(settings) = settings() else {
        return Err(ApiError::bad_request(
            "Certification is not configured. Please configure the Classification used for Certification in the Settings.",
        ));
    };
    let label = certification
        .pointer("/tagLabel/tagFQN")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let classification = fqn::split_last(label).map(|(parent, _)| parent);
    if classification != settings["allowedClassification"].as_str() {
        return Err(ApiError::bad_request(format!(
            "Invalid Classification: {label} is not valid for Certification."
        )));
    }
    let period = settings["validityPeriod"].as_str().unwrap_or("P30D");
    certification["appliedDate"] = json!(now);
    certification["expiryDate"] = json!(after_period(now, period)?);
    Ok(())
}

/// `at` (epoch milliseconds, UTC) plus an ISO-8601 date period `PnYnMnWnD`, as Java's
/// `LocalDateTime.plus(Period)`: years and months first (the day clamped to the month's
/// length), then days.
pub fn after_period(at: i64, period: &str) -> Result<i64, ApiError> {
    let bad = || ApiError::bad_request(format!("Invalid validity period {period}"));
    let mut rest = period.strip_prefix('P').ok_or_else(bad)?;
    let (mut years, mut months, mut days) = (0i64, 0i64, 0i64);
    while !rest.is_empty() {
        let digits = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '-'))
            .ok_or_else(bad)?;
        let n: i64 = rest[..digits].parse().map_err(|_| bad())?;
        match &rest[digits..digits + 1] {
            "Y" => years += n,
            "M" => months += n,
            "W" => days += 7 * n,
            "D" => days += n,
            _ => return Err(bad()),
        }
        rest = &rest[digits + 1..];
    }
    let (day, time) = (at.div_euclid(DAY_MS), at.rem_euclid(DAY_MS));
    let (y, m, d) = civil_from_days(day);
    let total = y * 12 + (m - 1) + years * 12 + months;
    let (y, m) = (total.div_euclid(12), total.rem_euclid(12) + 1);
    let shifted = days_from_civil(y, m, d.min(days_in_month(y, m)));
    Ok((shifted + days) * DAY_MS + time)
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_add_as_java_period_does() {
        use crate::engine::dates::format_date;
        let jan31 = days_from_civil(2024, 1, 31) * DAY_MS + 5;
        let day = |ms: i64| format_date(ms.div_euclid(DAY_MS));
        assert_eq!(day(after_period(jan31, "P30D").unwrap()), "2024-03-01");
        assert_eq!(day(after_period(jan31, "P1M").unwrap()), "2024-02-29");
        assert_eq!(day(after_period(jan31, "P1Y1M2W").unwrap()), "2025-03-14");
        assert_eq!(after_period(jan31, "P30D").unwrap() % DAY_MS, 5);
        assert!(after_period(jan31, "30D").is_err());
        assert!(after_period(jan31, "P3X").is_err());
    }

    #[test]
    fn life_cycle_events_never_go_back() {
        let old =
            json!({"lifeCycle": {"created": {"timestamp": 10}, "accessed": {"timestamp": 50}}});
        let mut new =
            json!({"lifeCycle": {"created": {"timestamp": 5}, "updated": {"timestamp": 7}}});
        keep_newer_life_cycle(&old, &mut new);
        assert_eq!(
            new["lifeCycle"],
            json!({"created": {"timestamp": 10}, "updated": {"timestamp": 7}, "accessed": {"timestamp": 50}})
        );
        let mut newer = json!({"lifeCycle": {"accessed": {"timestamp": 60}}});
        keep_newer_life_cycle(&old, &mut newer);
        assert_eq!(newer["lifeCycle"]["accessed"]["timestamp"], 60);
    }

    #[test]
    fn certifications_are_checked_and_dated() {
        let settings = json!({"allowedClassification": "Certification", "validityPeriod": "P30D"});
        let mut new = json!({"certification": {"tagLabel": {"tagFQN": "Certification.Gold"}}});
        stamp_certification(&json!({}), &mut new, || Some(settings.clone()), 1_000).unwrap();
        assert_eq!(new["certification"]["appliedDate"], 1_000);
        assert_eq!(new["certification"]["expiryDate"], 1_000 + 30 * DAY_MS);
        let mut wrong = json!({"certification": {"tagLabel": {"tagFQN": "PII.Sensitive"}}});
        let e =
            stamp_certification(&json!({}), &mut wrong, || Some(settings.clone()), 1).unwrap_err();
        assert_eq!(
            e.message,
            "Invalid Classification: PII.Sensitive is not valid for Certification."
        );
        let old = new.clone();
        stamp_certification(&old, &mut new, || Some(settings.clone()), 99).unwrap();
        assert_eq!(new["certification"]["appliedDate"], 1_000);
    }
}
