//! What the measured server's own metrics (`GET /metrics` on its metrics listener) and
//! the machine's counters say about a stretch of a run: read before and after it.

use std::collections::BTreeMap;
use std::time::Duration;

use anyhow::{Context, Result};

/// One scrape: every series (name with labels) and its value.
#[derive(Debug, Clone, Default)]
pub struct Scrape(BTreeMap<String, f64>);

impl Scrape {
    /// Scrapes `metrics_url`.
    pub async fn take(metrics_url: &str) -> Result<Self> {
        let text = reqwest::get(format!("{metrics_url}/metrics"))
            .await
            .context("scraping the server's metrics")?
            .error_for_status()?
            .text()
            .await?;
        Ok(Self::parse(&text))
    }

    /// Reads the Prometheus text format.
    pub fn parse(text: &str) -> Self {
        Self(
            text.lines()
                .filter(|l| !l.starts_with('#'))
                .filter_map(|l| {
                    let (series, value) = l.rsplit_once(' ')?;
                    Some((series.to_owned(), value.parse().ok()?))
                })
                .collect(),
        )
    }

    /// The value of `series` (`name` or `name{labels}` exactly as rendered), 0 if absent.
    pub fn get(&self, series: &str) -> f64 {
        self.0.get(series).copied().unwrap_or(0.0)
    }
}

/// A histogram's or a counter's change between two scrapes.
#[derive(Debug, Clone, Copy, Default)]
pub struct Between {
    /// Observations (a histogram's `_count`, or a counter's increase).
    pub count: f64,
    /// Their sum (a histogram's `_sum`).
    pub sum: f64,
}

impl Between {
    /// Histogram `name` between `before` and `after`.
    pub fn histogram(before: &Scrape, after: &Scrape, name: &str) -> Self {
        Self::labelled(before, after, name, "")
    }

    /// The series of histogram `name` with `labels` (`{k="v",…}` as rendered) between
    /// `before` and `after`.
    pub fn labelled(before: &Scrape, after: &Scrape, name: &str, labels: &str) -> Self {
        let delta = |s: &str| after.get(s) - before.get(s);
        Self {
            count: delta(&format!("{name}_count{labels}")),
            sum: delta(&format!("{name}_sum{labels}")),
        }
    }

    /// Counter `series` between `before` and `after`.
    pub fn counter(before: &Scrape, after: &Scrape, series: &str) -> Self {
        Self {
            count: after.get(series) - before.get(series),
            sum: 0.0,
        }
    }

    /// The mean observation as a duration (a histogram of seconds).
    pub fn mean(&self) -> Duration {
        if self.count > 0.0 {
            Duration::from_secs_f64(self.sum / self.count)
        } else {
            Duration::ZERO
        }
    }
}

/// The whole machine's busy CPU time so far (every core: user, system, interrupts;
/// not idle or waiting for the disk).
pub fn machine_busy() -> Result<Duration> {
    let stat = std::fs::read_to_string("/proc/stat")?;
    let line = stat.lines().next().context("the cpu line of /proc/stat")?;
    let ticks: Vec<u64> = line
        .split_whitespace()
        // The line's label, `cpu`, then the counters.
        .skip(1)
        .map(|v| v.parse().unwrap_or(0))
        .collect();
    let total: u64 = ticks.iter().take(8).sum();
    let idle = ticks.get(3).copied().unwrap_or(0) + ticks.get(4).copied().unwrap_or(0);
    // Linux counts in clock ticks of 1/100 s.
    Ok(Duration::from_millis(total.saturating_sub(idle) * 10))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn histograms_and_counters_are_read_between_two_scrapes() {
        let before =
            Scrape::parse("# TYPE t histogram\nt_sum 1.5\nt_count 3\nc{outcome=\"applied\"} 10\n");
        let after = Scrape::parse("t_sum 2.5\nt_count 7\nc{outcome=\"applied\"} 25\n");
        let t = Between::histogram(&before, &after, "t");
        assert_eq!((t.count, t.sum), (4.0, 1.0));
        let labelled = Scrape::parse("t_sum{route=\"/a\"} 0.5\nt_count{route=\"/a\"} 2\n");
        let a = Between::labelled(&before, &labelled, "t", "{route=\"/a\"}");
        assert_eq!((a.count, a.sum), (2.0, 0.5));
        assert_eq!(t.mean(), Duration::from_millis(250));
        let c = Between::counter(&before, &after, "c{outcome=\"applied\"}");
        assert_eq!(c.count, 15.0);
        assert_eq!(Between::default().mean(), Duration::ZERO);
    }
}
