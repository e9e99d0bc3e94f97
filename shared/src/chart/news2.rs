//! The National Early Warning Score 2 (Royal College of Physicians, 2017): seven
//! observations each scored 0–3 from the published chart, summed, and the sum (with
//! any single observation scoring 3) read as a clinical-response band.
//!
//! A score is only a NEWS2 when all seven observations were taken together; a set with
//! some missing is scored as far as it goes and says it is incomplete, so a ward never
//! reads a low partial score as a low NEWS2.

use serde::Serialize;

use super::records::{Consciousness, Spo2Scale, Vitals};

/// A set of vital signs with its score, as lists and charts show it.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ScoredVitals {
    /// The observations.
    #[serde(flatten)]
    pub vitals: Vitals,
    /// Their NEWS2, when they hold any of its observations.
    pub news2: Option<News2>,
}

impl From<Vitals> for ScoredVitals {
    fn from(vitals: Vitals) -> Self {
        Self {
            news2: News2::of(&vitals),
            vitals,
        }
    }
}

/// One observation's part of the score.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Contribution {
    /// Which observation.
    pub parameter: Parameter,
    /// Its points, 0–3.
    pub points: u8,
}

/// The seven observations of NEWS2.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Parameter {
    /// Respiration rate.
    RespiratoryRate,
    /// SpO₂ on the patient's scale.
    Spo2,
    /// Air or supplemental oxygen.
    AirOrOxygen,
    /// Systolic blood pressure.
    SystolicPressure,
    /// Pulse.
    Pulse,
    /// Consciousness (ACVPU).
    Consciousness,
    /// Temperature.
    Temperature,
}

/// The clinical response a score calls for (RCP 2017, chart 2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Band {
    /// 0–4: ward-based response (observations 4–12 hourly).
    Low,
    /// 3 in a single observation: urgent ward-based response.
    LowMedium,
    /// 5–6: key threshold for an urgent response (observations at least hourly).
    Medium,
    /// 7 or more: emergency response, continuous monitoring.
    High,
}

/// The score of one set of observations.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct News2 {
    /// The sum of the points of the observations taken.
    pub total: u8,
    /// Each observation taken, with its points.
    pub contributions: Vec<Contribution>,
    /// True when all seven were taken: only then is `total` a NEWS2.
    pub complete: bool,
    /// The clinical response the score calls for.
    pub band: Band,
}

impl News2 {
    /// Scores a set of vital signs; `None` when it holds none of the seven (a weight).
    pub fn of(vitals: &Vitals) -> Option<Self> {
        let scale = vitals.spo2_scale.unwrap_or_default();
        let on_oxygen = vitals.on_oxygen.unwrap_or(false);
        let taken = [
            (
                Parameter::RespiratoryRate,
                vitals.respiratory_rate.map(respiratory_rate),
            ),
            (
                Parameter::Spo2,
                vitals.spo2_pct.map(|s| spo2(s, scale, on_oxygen)),
            ),
            (
                Parameter::AirOrOxygen,
                vitals.on_oxygen.map(|o| if o { 2 } else { 0 }),
            ),
            (
                Parameter::SystolicPressure,
                vitals.systolic_mmhg.map(systolic),
            ),
            (Parameter::Pulse, vitals.pulse_bpm.map(pulse)),
            (
                Parameter::Consciousness,
                vitals.consciousness.map(consciousness),
            ),
            (
                Parameter::Temperature,
                vitals.temperature.map(|t| temperature(t.celsius())),
            ),
        ];
        let contributions: Vec<Contribution> = taken
            .iter()
            .filter_map(|(parameter, points)| {
                points.map(|points| Contribution {
                    parameter: *parameter,
                    points,
                })
            })
            .collect();
        if contributions.is_empty() {
            return None;
        }
        let total = contributions.iter().map(|c| c.points).sum();
        let any_three = contributions.iter().any(|c| c.points == 3);
        Some(Self {
            total,
            complete: contributions.len() == taken.len(),
            band: band(total, any_three),
            contributions,
        })
    }
}

/// What the title of an escalation task begins with, so an open one is found again.
pub const ESCALATION: &str = "Escalate NEWS2";

impl News2 {
    /// The task a score at the key threshold or above asks for, if it does: medium
    /// calls for an urgent review, high for an emergency response.
    pub fn escalation(&self) -> Option<String> {
        let what = match self.band {
            Band::High => {
                "emergency response: call the critical care outreach or medical emergency team now"
            }
            Band::Medium => {
                "urgent review by a clinician competent in acute illness; observations at least hourly"
            }
            Band::Low | Band::LowMedium => return None,
        };
        Some(format!("{ESCALATION} {}: {what}", self.total))
    }
}

/// The band of a total, raised when a single observation scored 3.
pub fn band(total: u8, any_three: bool) -> Band {
    match total {
        7.. => Band::High,
        5..=6 => Band::Medium,
        _ if any_three => Band::LowMedium,
        _ => Band::Low,
    }
}

/// Breaths per minute.
pub fn respiratory_rate(per_min: i64) -> u8 {
    match per_min {
        ..=8 => 3,
        9..=11 => 1,
        12..=20 => 0,
        21..=24 => 2,
        _ => 3,
    }
}

/// Oxygen saturation in percent. Scale 2 is for patients with hypercapnic respiratory
/// failure whose target is 88–92 %: there, saturations above 92 % score only on oxygen.
pub fn spo2(percent: i64, scale: Spo2Scale, on_oxygen: bool) -> u8 {
    match scale {
        Spo2Scale::Scale1 => match percent {
            ..=91 => 3,
            92..=93 => 2,
            94..=95 => 1,
            _ => 0,
        },
        Spo2Scale::Scale2 => match (percent, on_oxygen) {
            (..=83, _) => 3,
            (84..=85, _) => 2,
            (86..=87, _) => 1,
            (88..=92, _) | (_, false) => 0,
            (93..=94, true) => 1,
            (95..=96, true) => 2,
            (_, true) => 3,
        },
    }
}

/// Systolic blood pressure in mmHg.
pub fn systolic(mmhg: i64) -> u8 {
    match mmhg {
        ..=90 => 3,
        91..=100 => 2,
        101..=110 => 1,
        111..=219 => 0,
        _ => 3,
    }
}

/// Beats per minute.
pub fn pulse(bpm: i64) -> u8 {
    match bpm {
        ..=40 => 3,
        41..=50 => 1,
        51..=90 => 0,
        91..=110 => 1,
        111..=130 => 2,
        _ => 3,
    }
}

/// Alert scores 0; new confusion, or a response only to voice or pain, or none, 3.
pub fn consciousness(level: Consciousness) -> u8 {
    match level {
        Consciousness::Alert => 0,
        _ => 3,
    }
}

/// Degrees Celsius, read to one decimal as the chart is.
pub fn temperature(celsius: f64) -> u8 {
    let tenths = (celsius * 10.0).round() as i64;
    match tenths {
        ..=350 => 3,
        351..=360 => 1,
        361..=380 => 0,
        381..=390 => 1,
        _ => 2,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::{Temperature, TemperatureUnit};

    /// Each parameter at both sides of every boundary of the published chart.
    #[test]
    fn respiration_rate_boundaries() {
        let chart = [
            (8, 3),
            (9, 1),
            (11, 1),
            (12, 0),
            (20, 0),
            (21, 2),
            (24, 2),
            (25, 3),
        ];
        for (rate, points) in chart {
            assert_eq!(respiratory_rate(rate), points, "{rate}/min");
        }
    }

    #[test]
    fn spo2_scale_1_boundaries() {
        let chart = [
            (91, 3),
            (92, 2),
            (93, 2),
            (94, 1),
            (95, 1),
            (96, 0),
            (100, 0),
        ];
        for (percent, points) in chart {
            for oxygen in [false, true] {
                assert_eq!(
                    spo2(percent, Spo2Scale::Scale1, oxygen),
                    points,
                    "{percent} %"
                );
            }
        }
    }

    #[test]
    fn spo2_scale_2_boundaries_on_air_and_on_oxygen() {
        let either = [
            (83, 3),
            (84, 2),
            (85, 2),
            (86, 1),
            (87, 1),
            (88, 0),
            (92, 0),
        ];
        for (percent, points) in either {
            for oxygen in [false, true] {
                assert_eq!(spo2(percent, Spo2Scale::Scale2, oxygen), points);
            }
        }
        for percent in [93, 94, 96, 97, 100] {
            assert_eq!(
                spo2(percent, Spo2Scale::Scale2, false),
                0,
                "{percent} % on air"
            );
        }
        let on_oxygen = [(93, 1), (94, 1), (95, 2), (96, 2), (97, 3), (100, 3)];
        for (percent, points) in on_oxygen {
            assert_eq!(
                spo2(percent, Spo2Scale::Scale2, true),
                points,
                "{percent} % on O₂"
            );
        }
    }

    #[test]
    fn systolic_pressure_boundaries() {
        let chart = [
            (90, 3),
            (91, 2),
            (100, 2),
            (101, 1),
            (110, 1),
            (111, 0),
            (219, 0),
            (220, 3),
        ];
        for (mmhg, points) in chart {
            assert_eq!(systolic(mmhg), points, "{mmhg} mmHg");
        }
    }

    #[test]
    fn pulse_boundaries() {
        let chart = [
            (40, 3),
            (41, 1),
            (50, 1),
            (51, 0),
            (90, 0),
            (91, 1),
            (110, 1),
            (111, 2),
            (130, 2),
            (131, 3),
        ];
        for (bpm, points) in chart {
            assert_eq!(pulse(bpm), points, "{bpm}/min");
        }
    }

    #[test]
    fn consciousness_scores_anything_but_alert_as_three() {
        assert_eq!(consciousness(Consciousness::Alert), 0);
        for level in [
            Consciousness::NewConfusion,
            Consciousness::Voice,
            Consciousness::Pain,
            Consciousness::Unresponsive,
        ] {
            assert_eq!(consciousness(level), 3, "{level:?}");
        }
    }

    #[test]
    fn temperature_boundaries_to_one_decimal() {
        let chart = [
            (35.0, 3),
            (35.1, 1),
            (36.0, 1),
            (36.1, 0),
            (38.0, 0),
            (38.1, 1),
            (39.0, 1),
            (39.1, 2),
        ];
        for (celsius, points) in chart {
            assert_eq!(temperature(celsius), points, "{celsius} °C");
        }
        // 100.4 °F is 38.0 °C.
        let fahrenheit = Temperature {
            value: 100.4,
            unit: TemperatureUnit::Fahrenheit,
        };
        assert_eq!(temperature(fahrenheit.celsius()), 0);
    }

    fn set(on_oxygen: bool, consciousness: Consciousness) -> Vitals {
        Vitals {
            taken_at: "2026-12-06T03:00:00Z".into(),
            recorded_by: "Nurse A".into(),
            temperature: Some(Temperature {
                value: 39.2,
                unit: TemperatureUnit::Celsius,
            }),
            pulse_bpm: Some(131),
            systolic_mmhg: Some(86),
            diastolic_mmhg: Some(50),
            respiratory_rate: Some(27),
            spo2_pct: Some(89),
            weight: None,
            consciousness: Some(consciousness),
            on_oxygen: Some(on_oxygen),
            spo2_scale: None,
        }
    }

    #[test]
    fn a_deteriorating_patient_scores_high_with_every_part_shown() {
        let score = News2::of(&set(false, Consciousness::Alert)).expect("scored");
        assert!(score.complete);
        assert_eq!(score.total, 2 + 3 + 3 + 3 + 3);
        assert_eq!(score.band, Band::High);
        assert_eq!(score.contributions.len(), 7);
        let on_oxygen = News2::of(&set(true, Consciousness::Voice)).expect("scored");
        assert_eq!(on_oxygen.total, 14 + 2 + 3);
    }

    #[test]
    fn medium_and_high_scores_ask_for_escalation_and_lower_ones_do_not() {
        let high = News2::of(&set(false, Consciousness::Alert)).expect("scored");
        let title = high.escalation().expect("a high score escalates");
        assert!(
            title.starts_with("Escalate NEWS2 14: emergency response"),
            "{title}"
        );
        let calm = Vitals {
            temperature: Some(Temperature {
                value: 37.0,
                unit: TemperatureUnit::Celsius,
            }),
            pulse_bpm: Some(80),
            systolic_mmhg: Some(120),
            respiratory_rate: Some(16),
            spo2_pct: Some(97),
            ..set(false, Consciousness::Alert)
        };
        assert_eq!(News2::of(&calm).expect("scored").escalation(), None);
        let medium = Vitals {
            pulse_bpm: Some(115),
            respiratory_rate: Some(22),
            ..calm
        };
        let score = News2::of(&medium).expect("scored");
        assert_eq!((score.total, score.band), (4, Band::Low));
        let medium = Vitals {
            spo2_pct: Some(95),
            ..medium
        };
        let score = News2::of(&medium).expect("scored");
        assert_eq!(score.band, Band::Medium);
        assert!(
            score
                .escalation()
                .expect("escalates")
                .contains("urgent review")
        );
    }

    #[test]
    fn bands_follow_the_total_and_a_single_three() {
        assert_eq!(band(0, false), Band::Low);
        assert_eq!(band(4, false), Band::Low);
        assert_eq!(band(3, true), Band::LowMedium);
        assert_eq!(band(4, true), Band::LowMedium);
        assert_eq!(band(5, false), Band::Medium);
        assert_eq!(band(6, true), Band::Medium);
        assert_eq!(band(7, false), Band::High);
    }

    #[test]
    fn a_partial_set_says_it_is_incomplete_and_a_weight_alone_is_not_scored() {
        let partial = Vitals {
            temperature: None,
            consciousness: None,
            on_oxygen: None,
            ..set(false, Consciousness::Alert)
        };
        let score = News2::of(&partial).expect("scored as far as it goes");
        assert!(!score.complete);
        assert_eq!(score.contributions.len(), 4);
        let weight_only = Vitals {
            temperature: None,
            pulse_bpm: None,
            systolic_mmhg: None,
            diastolic_mmhg: None,
            respiratory_rate: None,
            spo2_pct: None,
            consciousness: None,
            on_oxygen: None,
            ..set(false, Consciousness::Alert)
        };
        assert_eq!(News2::of(&weight_only), None);
    }
}
