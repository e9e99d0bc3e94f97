//! When a medication order's doses fall, and where each one stands.
//!
//! An order's [`Schedule`] is kept in its document beside the free-text frequency. Times
//! of day are the ward's wall-clock times, so "08:00" stays 08:00 on the days the clocks
//! change; "every N hours" counts real hours from the first dose, so a dose eight hours
//! after 22:00 on the night the clocks go forward falls at 07:00. Times are computed in
//! the ward's time zone (the workstation's) and recorded in UTC like every timestamp.

use autosurgeon::{Hydrate, Reconcile};
use jiff::civil::{Date, DateTime, Time};
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Serialize};

/// How an order's doses are timed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Reconcile, Hydrate, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Timing {
    /// At set times of the ward's day.
    TimesOfDay,
    /// Every so many hours from a first dose.
    EveryHours,
    /// One dose at a set moment.
    Once,
    /// When needed, a minimum interval apart and at most so many a day.
    AsNeeded,
}

/// When an order's doses fall. One flat record for every timing (what `at` and `hours`
/// mean depends on it), so both document readers take it as plain values.
#[derive(Clone, Debug, PartialEq, Eq, Reconcile, Hydrate, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Schedule {
    /// How the doses are timed.
    pub timing: Timing,
    /// Times of day: the times, "HH:MM". Every so many hours: the first dose's time of day
    /// on the first day. Once: the ward's date and time, "YYYY-MM-DDTHH:MM". As needed:
    /// nothing.
    #[serde(default)]
    pub at: Vec<String>,
    /// Every so many hours: the hours between doses. As needed: the shortest time between
    /// two doses, in hours.
    #[serde(default)]
    pub hours: Option<u32>,
    /// As needed: the most doses in any 24 hours, if limited.
    #[serde(default)]
    pub max_per_day: Option<u32>,
}

impl Schedule {
    /// At these times of the ward's day.
    pub fn times_of_day(times: &[&str]) -> Self {
        Self::new(Timing::TimesOfDay, times, None, None)
    }

    /// Every `hours` hours from `first` on the first day.
    pub fn every_hours(hours: u32, first: &str) -> Self {
        Self::new(Timing::EveryHours, &[first], Some(hours), None)
    }

    /// Once, at `at` on the ward's clock.
    pub fn once(at: &str) -> Self {
        Self::new(Timing::Once, &[at], None, None)
    }

    /// When needed, `min_interval_hours` apart and at most `max_per_day` in 24 hours.
    pub fn as_needed(min_interval_hours: u32, max_per_day: Option<u32>) -> Self {
        Self::new(Timing::AsNeeded, &[], Some(min_interval_hours), max_per_day)
    }

    fn new(timing: Timing, at: &[&str], hours: Option<u32>, max_per_day: Option<u32>) -> Self {
        Self {
            timing,
            at: at.iter().map(|a| a.to_string()).collect(),
            hours,
            max_per_day,
        }
    }

    fn first(&self) -> &str {
        self.at.first().map_or("", String::as_str)
    }
}

/// How long before and after its time a dose is due; later it is overdue.
pub const DUE_WINDOW: SignedDuration = SignedDuration::from_mins(60);
/// How far from its time a recorded dose may be to count for it.
const MATCH_WINDOW: SignedDuration = SignedDuration::from_hours(12);
/// Most doses a course may count.
pub const MAX_COURSE_DOSES: u32 = 1000;

/// Where a scheduled dose stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum DoseState {
    /// Given (on time or not).
    Given,
    /// Held, with a reason.
    Held,
    /// Refused by the patient.
    Refused,
    /// Within an hour of its time and not yet recorded.
    Due,
    /// More than an hour past its time and not recorded.
    Overdue,
    /// Later.
    Upcoming,
}

/// A dose of the record, as the schedule sees it: when it was recorded for, and how.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Recorded {
    /// When it was given (or held).
    pub at: Timestamp,
    /// Given, held or refused (doses in error are left out before).
    pub state: DoseState,
    /// Its index in the caller's list.
    pub index: usize,
}

/// One scheduled dose.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Slot {
    /// When it is due.
    pub at: Timestamp,
    /// Where it stands.
    pub state: DoseState,
    /// The recorded dose that answers it (an index into the caller's list).
    pub recorded: Option<usize>,
}

/// Why a schedule is not valid.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct ScheduleError(pub String);

fn bad(message: impl Into<String>) -> ScheduleError {
    ScheduleError(message.into())
}

/// "HH:MM" on a 24-hour clock.
pub fn time_of_day(text: &str) -> Result<Time, ScheduleError> {
    let valid = text.len() == 5 && text.as_bytes()[2] == b':';
    let time = valid.then(|| Time::strptime("%H:%M", text).ok()).flatten();
    time.ok_or_else(|| bad(format!("{text:?} is not a time of day (HH:MM)")))
}

impl Schedule {
    /// Checks the schedule's values.
    pub fn check(&self) -> Result<(), ScheduleError> {
        let one_at = || {
            if self.at.len() == 1 {
                Ok(())
            } else {
                Err(bad("give one time for the first dose"))
            }
        };
        match self.timing {
            Timing::TimesOfDay => {
                if self.at.is_empty() || self.at.len() > 24 {
                    return Err(bad("give between 1 and 24 times of day"));
                }
                let mut parsed = self
                    .at
                    .iter()
                    .map(|t| time_of_day(t))
                    .collect::<Result<Vec<_>, _>>()?;
                parsed.sort();
                if parsed.windows(2).any(|w| w[0] == w[1]) {
                    return Err(bad("a time of day is given twice"));
                }
            }
            Timing::EveryHours => {
                if !self.hours.is_some_and(|h| (1..=168).contains(&h)) {
                    return Err(bad("the interval must be between 1 and 168 hours"));
                }
                one_at()?;
                time_of_day(self.first())?;
            }
            Timing::Once => {
                one_at()?;
                local_moment(self.first())?;
            }
            Timing::AsNeeded => {
                if !self.hours.is_some_and(|h| (1..=72).contains(&h)) {
                    return Err(bad("the minimum interval must be between 1 and 72 hours"));
                }
                if !self.at.is_empty() {
                    return Err(bad("an as-needed order has no set times"));
                }
            }
        }
        if self.max_per_day.is_some_and(|m| !(1..=24).contains(&m)) {
            return Err(bad("the daily maximum must be between 1 and 24 doses"));
        }
        if self.max_per_day.is_some() && self.timing != Timing::AsNeeded {
            return Err(bad("only an as-needed order has a daily maximum"));
        }
        Ok(())
    }

    /// The schedule in words, as a drug chart writes it: "08:00, 20:00",
    /// "every 8 h from 06:00", "once at 2026-12-06 14:00", "as needed, 4 h apart, at most
    /// 4 a day".
    pub fn describe(&self) -> String {
        let hours = self.hours.unwrap_or_default();
        match self.timing {
            Timing::TimesOfDay => self.at.join(", "),
            Timing::EveryHours => format!("every {hours} h from {}", self.first()),
            Timing::Once => format!("once at {}", self.first().replace('T', " ")),
            Timing::AsNeeded => {
                let mut words = format!("as needed, {hours} h apart");
                if let Some(max) = self.max_per_day {
                    words.push_str(&format!(", at most {max} a day"));
                }
                words
            }
        }
    }

    /// True for an as-needed order (no dose is ever due).
    pub fn is_as_needed(&self) -> bool {
        self.timing == Timing::AsNeeded
    }

    /// The times doses fall in `from..=until`, in order: from the course's first day, up
    /// to its last day and its number of doses when it has them.
    pub fn times(
        &self,
        zone: &TimeZone,
        course: &Course,
        from: Timestamp,
        until: Timestamp,
    ) -> Vec<Timestamp> {
        let limit = course.doses.map_or(usize::MAX, |d| d as usize);
        let last_day = course.end.unwrap_or(Date::MAX);
        let in_course = |at: Timestamp| at.to_zoned(zone.clone()).date() <= last_day;
        // Every time from the first day when the doses are counted, else from `from` on.
        let counted = course.doses.is_some();
        let mut all = Vec::new();
        match self.timing {
            Timing::AsNeeded => {}
            Timing::Once => {
                if let Ok(at) = local_moment(self.first()).map(|m| on_clock(zone, m))
                    && in_course(at)
                {
                    all.push(at);
                }
            }
            Timing::TimesOfDay => {
                let mut times: Vec<Time> =
                    self.at.iter().filter_map(|t| time_of_day(t).ok()).collect();
                times.sort();
                let day_before_from = from.to_zoned(zone.clone()).date().yesterday();
                let mut day = match day_before_from {
                    Ok(d) if !counted && d > course.start => d,
                    _ => course.start,
                };
                'days: while day <= last_day {
                    for time in &times {
                        let at = on_clock(zone, day.to_datetime(*time));
                        if at > until || all.len() >= limit {
                            break 'days;
                        }
                        all.push(at);
                    }
                    match day.tomorrow() {
                        Ok(next) => day = next,
                        Err(_) => break,
                    }
                }
            }
            Timing::EveryHours => {
                let (Ok(first), Some(hours)) = (time_of_day(self.first()), self.hours) else {
                    return all;
                };
                let step = SignedDuration::from_hours(i64::from(hours.max(1)));
                let mut at = on_clock(zone, course.start.to_datetime(first));
                if !counted && from > at {
                    let steps = from.duration_since(at).as_secs() / step.as_secs();
                    at = at
                        .saturating_add(step * steps as i32)
                        .unwrap_or(Timestamp::MAX);
                }
                while at <= until && all.len() < limit && in_course(at) {
                    all.push(at);
                    match at.checked_add(step) {
                        Ok(next) => at = next,
                        Err(_) => break,
                    }
                }
            }
        }
        all.retain(|at| (from..=until).contains(at));
        all
    }
}

/// An order's course: its first day, and its last day or number of doses if it has them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Course {
    /// The first day.
    pub start: Date,
    /// The last day, if planned.
    pub end: Option<Date>,
    /// How many doses, if counted.
    pub doses: Option<u32>,
}

/// "YYYY-MM-DDTHH:MM" on the ward's clock.
fn local_moment(text: &str) -> Result<DateTime, ScheduleError> {
    DateTime::strptime("%Y-%m-%dT%H:%M", text).map_err(|_| {
        bad(format!(
            "{text:?} is not a date and time (YYYY-MM-DDTHH:MM)"
        ))
    })
}

/// A wall-clock time on the ward as an instant. A time the clocks skip (going forward)
/// is taken as the same time after the change; a time that happens twice (going back)
/// as its first occurrence.
fn on_clock(zone: &TimeZone, at: DateTime) -> Timestamp {
    zone.to_ambiguous_zoned(at)
        .compatible()
        .map(|z| z.timestamp())
        .unwrap_or(Timestamp::MAX)
}

/// Matches recorded doses to scheduled times and says where each scheduled dose stands
/// at `now`. Each recorded dose answers the nearest unanswered time within 12 hours of
/// it; a time nobody answered is due from an hour before to an hour after, then overdue.
pub fn slots(times: &[Timestamp], recorded: &[Recorded], now: Timestamp) -> Vec<Slot> {
    let mut slots: Vec<Slot> = times
        .iter()
        .map(|&at| Slot {
            at,
            state: if now < at - DUE_WINDOW {
                DoseState::Upcoming
            } else if now <= at + DUE_WINDOW {
                DoseState::Due
            } else {
                DoseState::Overdue
            },
            recorded: None,
        })
        .collect();
    let mut recorded = recorded.to_vec();
    recorded.sort_by_key(|r| r.at);
    for dose in recorded {
        let nearest = slots
            .iter_mut()
            .filter(|s| s.recorded.is_none())
            .filter(|s| s.at.duration_since(dose.at).abs() <= MATCH_WINDOW)
            .min_by_key(|s| s.at.duration_since(dose.at).abs());
        if let Some(slot) = nearest {
            slot.recorded = Some(dose.index);
            slot.state = dose.state;
        }
    }
    slots
}

/// Why an as-needed dose may not be given now.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TooSoon {
    /// The last dose was less than the minimum interval ago.
    #[error("the last dose was at {last}; the next may be given from {next}")]
    Interval {
        /// When the last dose was given.
        last: Timestamp,
        /// When the next may be given.
        next: Timestamp,
    },
    /// The most doses allowed in 24 hours have been given.
    #[error("{given} doses were given in the last 24 hours, the most this order allows")]
    DailyMaximum {
        /// How many.
        given: u32,
    },
}

/// Whether an as-needed dose may be given at `at`, given when earlier doses were `given`.
/// Other schedules are not limited here.
pub fn as_needed_allows(
    schedule: &Schedule,
    given: &[Timestamp],
    at: Timestamp,
) -> Result<(), TooSoon> {
    let (Timing::AsNeeded, Some(min_interval_hours)) = (schedule.timing, schedule.hours) else {
        return Ok(());
    };
    let interval = SignedDuration::from_hours(i64::from(min_interval_hours));
    let last = given.iter().copied().filter(|g| *g <= at).max();
    if let Some(last) = last
        && at.duration_since(last) < interval
    {
        return Err(TooSoon::Interval {
            last,
            next: last + interval,
        });
    }
    if let Some(max) = schedule.max_per_day {
        let day_before = at - SignedDuration::from_hours(24);
        let in_day = given
            .iter()
            .filter(|g| **g > day_before && **g <= at)
            .count() as u32;
        if in_day >= max {
            return Err(TooSoon::DailyMaximum { given: in_day });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn london() -> TimeZone {
        TimeZone::get("Europe/London").expect("the time zone database has Europe/London")
    }

    fn at(text: &str) -> Timestamp {
        text.parse().unwrap()
    }

    fn date(text: &str) -> Date {
        text.parse().unwrap()
    }

    fn course(start: &str, end: Option<Date>, doses: Option<u32>) -> Course {
        Course {
            start: date(start),
            end,
            doses,
        }
    }

    fn long_ago() -> Timestamp {
        at("2000-01-01T00:00:00Z")
    }

    fn times_of_day(times: &[&str]) -> Schedule {
        Schedule::times_of_day(times)
    }

    fn given(at_: &str, index: usize) -> Recorded {
        Recorded {
            at: at(at_),
            state: DoseState::Given,
            index,
        }
    }

    #[test]
    fn times_of_day_run_across_midnight_in_order() {
        let s = times_of_day(&["22:00", "06:00"]);
        let t = s.times(
            &TimeZone::UTC,
            &course("2026-12-06", None, None),
            long_ago(),
            at("2026-12-07T12:00:00Z"),
        );
        assert_eq!(
            t,
            [
                at("2026-12-06T06:00:00Z"),
                at("2026-12-06T22:00:00Z"),
                at("2026-12-07T06:00:00Z")
            ]
        );
    }

    #[test]
    fn times_of_day_keep_the_wall_clock_when_the_clocks_change() {
        let s = times_of_day(&["08:00"]);
        // The clocks went forward at 01:00 UTC on 29 March 2026 and back on 25 October.
        let spring = s.times(
            &london(),
            &course("2026-03-28", None, None),
            long_ago(),
            at("2026-03-30T00:00:00Z"),
        );
        assert_eq!(
            spring,
            [at("2026-03-28T08:00:00Z"), at("2026-03-29T07:00:00Z")]
        );
        let autumn = s.times(
            &london(),
            &course("2026-10-24", None, None),
            long_ago(),
            at("2026-10-26T00:00:00Z"),
        );
        assert_eq!(
            autumn,
            [at("2026-10-24T07:00:00Z"), at("2026-10-25T08:00:00Z")]
        );
    }

    #[test]
    fn a_time_the_clocks_skip_falls_after_the_change_and_a_repeated_one_on_its_first() {
        let s = times_of_day(&["01:30"]);
        let spring = s.times(
            &london(),
            &course("2026-03-29", Some(date("2026-03-29")), None),
            long_ago(),
            at("2026-03-30T00:00:00Z"),
        );
        // 01:30 does not exist that night: 02:30 BST, which is 01:30 UTC.
        assert_eq!(spring, [at("2026-03-29T01:30:00Z")]);
        let autumn = s.times(
            &london(),
            &course("2026-10-25", Some(date("2026-10-25")), None),
            long_ago(),
            at("2026-10-26T00:00:00Z"),
        );
        // 01:30 happens twice: the first, in BST.
        assert_eq!(autumn, [at("2026-10-25T00:30:00Z")]);
    }

    #[test]
    fn every_hours_counts_real_hours_through_the_change() {
        let s = Schedule::every_hours(8, "14:00");
        let t = s.times(
            &london(),
            &course("2026-03-28", None, None),
            long_ago(),
            at("2026-03-29T12:00:00Z"),
        );
        // 14:00 and 22:00 GMT, then eight hours later: 06:00 UTC, 07:00 on the ward's clock.
        assert_eq!(
            t,
            [
                at("2026-03-28T14:00:00Z"),
                at("2026-03-28T22:00:00Z"),
                at("2026-03-29T06:00:00Z")
            ]
        );
        let ward_clock = t[2].to_zoned(london()).time();
        assert_eq!(ward_clock, Time::constant(7, 0, 0, 0));
    }

    #[test]
    fn a_course_ends_on_its_last_day_or_after_its_number_of_doses() {
        let s = times_of_day(&["08:00", "20:00"]);
        let until = at("2026-12-20T00:00:00Z");
        let by_day = s.times(
            &TimeZone::UTC,
            &course("2026-12-06", Some(date("2026-12-07")), None),
            long_ago(),
            until,
        );
        assert_eq!(by_day.len(), 4);
        assert_eq!(by_day.last(), Some(&at("2026-12-07T20:00:00Z")));
        let by_count = s.times(
            &TimeZone::UTC,
            &course("2026-12-06", None, Some(3)),
            long_ago(),
            until,
        );
        assert_eq!(by_count.last(), Some(&at("2026-12-07T08:00:00Z")));
        let every = Schedule::every_hours(12, "09:00");
        let t = every.times(
            &TimeZone::UTC,
            &course("2026-12-06", Some(date("2026-12-06")), None),
            long_ago(),
            until,
        );
        assert_eq!(t, [at("2026-12-06T09:00:00Z"), at("2026-12-06T21:00:00Z")]);
    }

    #[test]
    fn a_window_of_a_long_course_starts_where_it_is_asked() {
        let s = times_of_day(&["08:00", "20:00"]);
        let c = course("2026-01-01", None, None);
        let t = s.times(
            &TimeZone::UTC,
            &c,
            at("2026-12-06T00:00:00Z"),
            at("2026-12-07T00:00:00Z"),
        );
        assert_eq!(t, [at("2026-12-06T08:00:00Z"), at("2026-12-06T20:00:00Z")]);
        let every = Schedule::every_hours(6, "02:00");
        let t = every.times(
            &TimeZone::UTC,
            &c,
            at("2026-12-06T09:00:00Z"),
            at("2026-12-06T20:00:00Z"),
        );
        assert_eq!(t, [at("2026-12-06T14:00:00Z"), at("2026-12-06T20:00:00Z")]);
        // Counted doses are counted from the first.
        let counted = course("2026-12-05", None, Some(3));
        let t = s.times(
            &TimeZone::UTC,
            &counted,
            at("2026-12-06T00:00:00Z"),
            at("2026-12-07T00:00:00Z"),
        );
        assert_eq!(t, [at("2026-12-06T08:00:00Z")]);
    }

    #[test]
    fn once_is_one_dose_and_as_needed_none() {
        let once = Schedule::once("2026-12-06T14:30");
        let t = once.times(
            &TimeZone::UTC,
            &course("2026-12-06", None, None),
            long_ago(),
            at("2026-12-31T00:00:00Z"),
        );
        assert_eq!(t, [at("2026-12-06T14:30:00Z")]);
        let prn = Schedule::as_needed(4, Some(4));
        assert!(
            prn.times(
                &TimeZone::UTC,
                &course("2026-12-06", None, None),
                long_ago(),
                at("2026-12-31T00:00:00Z")
            )
            .is_empty()
        );
    }

    #[test]
    fn a_dose_is_due_an_hour_either_side_then_overdue() {
        let times = [at("2026-12-06T08:00:00Z")];
        let state = |now: &str| slots(&times, &[], at(now))[0].state;
        assert_eq!(state("2026-12-06T06:59:00Z"), DoseState::Upcoming);
        assert_eq!(state("2026-12-06T07:00:00Z"), DoseState::Due);
        assert_eq!(state("2026-12-06T09:00:00Z"), DoseState::Due);
        assert_eq!(state("2026-12-06T09:01:00Z"), DoseState::Overdue);
    }

    #[test]
    fn an_overdue_dose_across_midnight_stays_overdue_until_recorded() {
        let times = [at("2026-12-06T22:00:00Z"), at("2026-12-07T06:00:00Z")];
        let now = at("2026-12-07T00:30:00Z");
        let s = slots(&times, &[], now);
        assert_eq!(s[0].state, DoseState::Overdue);
        assert_eq!(s[1].state, DoseState::Upcoming);
        // Given late, after midnight: it answers the 22:00 dose, not the 06:00 one.
        let s = slots(&times, &[given("2026-12-07T00:20:00Z", 0)], now);
        assert_eq!((s[0].state, s[0].recorded), (DoseState::Given, Some(0)));
        assert_eq!(s[1].state, DoseState::Upcoming);
    }

    #[test]
    fn each_recorded_dose_answers_the_nearest_time() {
        let times = [at("2026-12-06T08:00:00Z"), at("2026-12-06T14:00:00Z")];
        let now = at("2026-12-06T14:10:00Z");
        let mut held = given("2026-12-06T13:50:00Z", 1);
        held.state = DoseState::Held;
        let s = slots(&times, &[held], now);
        assert_eq!(s[0].state, DoseState::Overdue);
        assert_eq!((s[1].state, s[1].recorded), (DoseState::Held, Some(1)));
        // Two doses near one time: the first takes it, the second answers the other.
        let s = slots(
            &times,
            &[
                given("2026-12-06T13:00:00Z", 0),
                given("2026-12-06T13:30:00Z", 1),
            ],
            now,
        );
        assert_eq!((s[1].recorded, s[0].recorded), (Some(0), Some(1)));
        // A dose more than 12 hours from any time answers none.
        let s = slots(&times, &[given("2026-12-05T08:00:00Z", 0)], now);
        assert!(s.iter().all(|s| s.recorded.is_none()));
    }

    #[test]
    fn as_needed_keeps_its_interval_and_its_daily_maximum() {
        let prn = Schedule::as_needed(4, Some(3));
        let given = [at("2026-12-06T02:00:00Z"), at("2026-12-06T06:00:00Z")];
        assert_eq!(
            as_needed_allows(&prn, &given, at("2026-12-06T09:59:00Z")),
            Err(TooSoon::Interval {
                last: given[1],
                next: at("2026-12-06T10:00:00Z")
            })
        );
        assert_eq!(
            as_needed_allows(&prn, &given, at("2026-12-06T10:00:00Z")),
            Ok(())
        );
        let three = [given[0], given[1], at("2026-12-06T10:00:00Z")];
        assert_eq!(
            as_needed_allows(&prn, &three, at("2026-12-06T14:00:00Z")),
            Err(TooSoon::DailyMaximum { given: 3 })
        );
        // 24 hours after the first, a fourth may be given.
        assert_eq!(
            as_needed_allows(&prn, &three, at("2026-12-07T02:00:00Z")),
            Ok(())
        );
        assert_eq!(
            as_needed_allows(&prn, &[], at("2026-12-06T02:00:00Z")),
            Ok(())
        );
    }

    #[test]
    fn schedules_are_checked() {
        assert!(times_of_day(&["08:00", "20:00"]).check().is_ok());
        assert!(times_of_day(&[]).check().is_err());
        assert!(times_of_day(&["8:00"]).check().is_err());
        assert!(times_of_day(&["24:00"]).check().is_err());
        assert!(times_of_day(&["08:00", "08:00"]).check().is_err());
        assert!(Schedule::every_hours(0, "08:00").check().is_err());
        assert!(Schedule::every_hours(6, "08:00").check().is_ok());
        assert!(Schedule::once("2026-12-06 14:00").check().is_err());
        assert!(Schedule::once("2026-12-06T14:00").check().is_ok());
        assert!(Schedule::as_needed(0, None).check().is_err());
        assert!(Schedule::as_needed(4, Some(0)).check().is_err());
    }

    #[test]
    fn schedules_read_as_a_drug_chart_writes_them() {
        assert_eq!(times_of_day(&["08:00", "20:00"]).describe(), "08:00, 20:00");
        assert_eq!(
            Schedule::as_needed(4, Some(4)).describe(),
            "as needed, 4 h apart, at most 4 a day"
        );
    }
}
