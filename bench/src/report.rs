//! The figures as a table, for the terminal and for docs/PERFORMANCE.md.

use std::fmt::Write;

use crate::incremental::Incremental;
use crate::initial::ColdAndWarm;
use crate::load::Load;
use crate::local::LocalFigures;
use crate::reference::ReferenceRun;
use crate::responsive::Responsive;
use crate::stats::{mb, ms};
use crate::ward::WardSize;

/// Everything one run measured.
#[derive(Debug)]
pub struct Figures {
    /// The ward's shape.
    pub size: WardSize,
    /// Generating and storing it through the sync path, seconds.
    pub seed_secs: f64,
    /// SQLCipher store.
    pub encrypted: LocalFigures,
    /// Plain SQLite store.
    pub plain: LocalFigures,
    /// First sync of the whole ward.
    pub initial: ColdAndWarm,
    /// First sync of the 20-chart ward.
    pub initial_small: ColdAndWarm,
    /// A to B with live push.
    pub incremental: Incremental,
    /// The measured server's resident memory once every chart of the ward was edited
    /// since it started (each in its cache), KiB.
    pub hot_rss_kib: u64,
    /// Commands while the network is slow.
    pub responsive: Responsive,
    /// Server load, per N.
    pub load: Vec<Load>,
    /// The reference stack: the whole ward, and 20 charts.
    pub reference: Vec<ReferenceRun>,
}

fn ratio(a: f64, b: f64) -> String {
    if b > 0.0 {
        format!("{:.2}×", a / b)
    } else {
        "–".into()
    }
}

fn secs(s: f64) -> String {
    format!("{s:.2} s")
}

impl Figures {
    /// The tables in Markdown.
    pub fn markdown(&self) -> String {
        let mut out = String::new();
        let s = self.size;
        let _ = writeln!(
            out,
            "Ward: {} patients, each with {} signed notes of {} words, {} prescriptions with {} doses recorded each, {} sets of vital signs, {} appointments and {} tasks, built up over {} edits per chart (seeded generator). Generated and stored through the server's sync path in {}.\n",
            s.patients,
            s.notes,
            s.words,
            s.prescriptions,
            s.doses,
            s.vitals,
            s.appointments,
            s.tasks,
            s.edits,
            secs(self.seed_secs)
        );
        let (e, p) = (&self.encrypted, &self.plain);
        out.push_str("### Local store (SQLCipher vs plain SQLite, same code)\n\n");
        out.push_str("| operation | SQLCipher p50 | p99 | plain p50 | p99 | cost of encryption (p50) |\n|---|---|---|---|---|---|\n");
        for (name, a, b) in [
            ("open a chart", &e.chart_open, &p.chart_open),
            ("search patients", &e.search, &p.search),
            ("write and sign a note", &e.write_note, &p.write_note),
        ] {
            let _ = writeln!(
                out,
                "| {name} | {} | {} | {} | {} | {} |",
                ms(a.p50()),
                ms(a.p99()),
                ms(b.p50()),
                ms(b.p99()),
                ratio(a.p50().as_secs_f64(), b.p50().as_secs_f64())
            );
        }
        let _ = writeln!(
            out,
            "| take in the whole ward | {} | | {} | | {} |\n\nDatabase file: {} encrypted, {} plain; {} samples per operation.\n",
            secs(e.import_secs),
            secs(p.import_secs),
            ratio(e.import_secs, p.import_secs),
            mb(e.file_bytes),
            mb(p.file_bytes),
            e.chart_open.len()
        );
        out.push_str("### Initial sync to a fresh workstation\n\nThe server restarted on its data just before (cold), then at once again for another fresh workstation (warm). Server time is the measured server's own, per sync request (a page of at most 200 documents), from its metrics.\n\n| ward | server | documents | time | round trips | server time per page, mean | received | sent | workstation peak RSS |\n|---|---|---|---|---|---|---|---|---|\n");
        for (name, both) in [
            ("whole ward", &self.initial),
            ("20 charts", &self.initial_small),
        ] {
            for (server, served) in [("cold", &both.cold), ("warm", &both.warm)] {
                let i = &served.sync;
                let _ = writeln!(
                    out,
                    "| {name} | {server} | {} | {} | {} | {} | {} | {} | {:.0} MiB |",
                    i.documents,
                    secs(i.seconds),
                    i.round_trips,
                    ms(served.server_per_page),
                    mb(i.bytes_received),
                    mb(i.bytes_sent),
                    i.peak_rss_kib as f64 / 1024.0
                );
            }
        }
        let inc = &self.incremental;
        let _ = writeln!(
            out,
            "\n### Incremental sync with live push (A records vital signs, until B holds them)\n\n| edits | chart | p50 | p99 | of which A's sync, p50 |\n|---|---|---|---|---|\n| {} | in the server's cache (edited since it started) | {} | {} | {} |\n| {} | its first edit since the server started (loaded from PostgreSQL) | {} | {} | {} |\n",
            inc.visible.len(),
            ms(inc.visible.p50()),
            ms(inc.visible.p99()),
            ms(inc.send.p50()),
            inc.first_visible.len(),
            ms(inc.first_visible.p50()),
            ms(inc.first_visible.p99()),
            ms(inc.first_send.p50())
        );
        let _ = writeln!(
            out,
            "Server resident memory with the ward hot (each of its {} charts edited since the server started, so in its cache): {:.0} MiB.\n",
            inc.first_visible.len(),
            self.hot_rss_kib as f64 / 1024.0
        );
        let r = &self.responsive;
        let _ = writeln!(
            out,
            "### The window while the network is slow (a command: open a chart or record vital signs)\n\n| while | commands | p50 | p99 | the sync took |\n|---|---|---|---|---|\n| a 50 MiB document uploads | {} | {} | {} | {} |\n| a sync waits on a server that accepts and never answers | {} | {} | {} | {} (then offline) |\n",
            r.during_upload.len(),
            ms(r.during_upload.p50()),
            ms(r.during_upload.p99()),
            secs(r.upload_secs),
            r.during_silence.len(),
            ms(r.during_silence.p50()),
            ms(r.during_silence.p99()),
            secs(r.silent_offline_secs)
        );
        out.push_str(&load_table(&self.load));
        out.push_str(
            "\n### Against the reference (automerge-repo sync server and its Node client)\n\n",
        );
        if !self.reference.is_empty() {
            out.push_str("Both servers restarted on their stored data just before the first fresh client (cold), then a second fresh client at once (warm); each client's storage is flushed to disk inside its timed window, as Bedside's commits are.\n\n| charts | documents | server | reference: fresh client receives all | Bedside: initial sync | time ratio (reference / Bedside) | reference bytes | Bedside bytes | bytes ratio |\n|---|---|---|---|---|---|---|---|---|\n");
        }
        for r in &self.reference {
            let ours = if r.charts == self.size.patients {
                &self.initial
            } else {
                &self.initial_small
            };
            for (server, theirs, ours) in [
                ("cold", &r.cold, &ours.cold.sync),
                ("warm", &r.warm, &ours.warm.sync),
            ] {
                let seconds = theirs.as_ref().map(|t| t.seconds);
                let bytes = theirs.as_ref().map(|t| t.bytes_received);
                let time = match seconds {
                    Some(s) if r.finds_repeated > 0 && server == "cold" => format!(
                        "{} (its clients asked {} times again for a document first called unavailable)",
                        secs(s),
                        r.finds_repeated
                    ),
                    Some(s) => secs(s),
                    None => format!(
                        "not done in the bound ({} of {} ready)",
                        r.ready.unwrap_or(0),
                        r.documents
                    ),
                };
                let _ = writeln!(
                    out,
                    "| {} | {} | {server} | {time} | {} | {} | {} | {} | {} |",
                    r.charts,
                    r.documents,
                    secs(ours.seconds),
                    seconds.map_or("–".into(), |s| ratio(s, ours.seconds)),
                    bytes.map_or("–".into(), mb),
                    mb(ours.bytes_received),
                    bytes.map_or("–".into(), |b| ratio(
                        b as f64,
                        ours.bytes_received as f64
                    )),
                );
            }
        }
        out
    }
}

/// The server-load table (also printed alone by `bedside-bench load`).
pub fn load_table(load: &[Load]) -> String {
    let mut out = String::new();
    out.push_str("### Server load (simulated workstations, 10 per ward, one edit a second each)\n\nEvery edit is one its clinician may make, and each was found stored on the server afterwards (the run fails otherwise); requests count the audit uploads with the syncs.\n\n| workstations | edits stored | requests | edits/s | requests/s | p50 | p99 | server CPU (cores) | machine CPU (cores) | server RSS | commit, mean | lock wait, mean | settle wait, mean |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for l in load {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {:.0} | {:.0} | {} | {} | {:.2} | {:.2} | {:.0} MiB | {} | {} | {} |",
            l.workstations,
            l.edits,
            l.requests,
            l.edits as f64 / l.seconds,
            l.requests as f64 / l.seconds,
            ms(l.latency.p50()),
            ms(l.latency.p99()),
            l.server_cores,
            l.machine_cores,
            l.server_rss_kib as f64 / 1024.0,
            ms(l.server.commits.mean()),
            ms(l.server.lock_wait.mean()),
            ms(l.server.settle_wait.mean()),
        );
    }
    out
}
