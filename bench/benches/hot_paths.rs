//! The hot paths, timed by criterion over one full generated chart: the server applying a
//! sync batch (checked on the incremental diff), the workstation saving a document whole
//! with its projections rebuilt and recording one entry the way a chart operation does,
//! and Automerge load and save.

use automerge::AutoCommit;
use bedside_bench::ward::{WardGenerator, WardSize, routine_vitals};
use bedside_client::keys::DatabaseKey;
use bedside_client::store::{DocRow, Store, SyncMeta};
use bedside_shared::DocId;
use bedside_shared::NoteId;
use bedside_shared::chart::{self, Clinical, NoteDraft, NoteKind, Vitals};
use bedside_shared::sync::{Hash, Outcome, Writer, answer_as, offer};
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};

fn full_chart() -> (DocId, AutoCommit) {
    let size = WardSize::FULL.with_patients(1);
    let mut charts = WardGenerator::new("BENCH", size)
        .next_patient()
        .expect("a patient");
    (
        DocId::clinical(charts.patient),
        std::mem::take(&mut charts.clinical),
    )
}

fn apply_batch(c: &mut Criterion) {
    let (id, mut server) = full_chart();
    let acked: Vec<Hash> = server.get_heads().into_iter().map(Hash::from).collect();
    let mut workstation = server.fork();
    chart::update(&mut workstation, |clinical: &mut Clinical| {
        let mut draft = NoteDraft::begin(
            id.patient,
            NoteId::new(),
            NoteKind::Progress,
            "Dr Bench",
            "2026-11-23T10:00:00Z",
            "Reviewed on the ward round; plan unchanged.",
        );
        draft.sign(clinical, "Dr Bench", "2026-11-23T10:00:00Z")
    })
    .expect("the note signs")
    .expect("a fresh draft signs");
    let batch = offer(id, &mut workstation, &acked);
    c.bench_function("server: apply a one-note batch to a full chart", |b| {
        b.iter_batched(
            || server.fork(),
            |mut doc| {
                let writer = Writer {
                    may_write: &|_| true,
                    may_sign_as: &|_| true,
                };
                let answered = answer_as(&mut doc, &batch, &writer);
                assert!(matches!(answered.reply.outcome, Outcome::Accepted));
            },
            BatchSize::LargeInput,
        )
    });
    let _ = server.save();
}

fn store_save(c: &mut Criterion) {
    let (id, mut chart) = full_chart();
    let dir = tempfile::tempdir().expect("a folder");
    let mut store = Store::open(&dir.path().join("chart.db"), &DatabaseKey::generate())
        .expect("the store opens");
    let mut n = 0;
    c.bench_function(
        "workstation: save a full chart whole with one new record",
        |b| {
            b.iter_batched(
                || {
                    // A new set of vital signs each time: saving unchanged content is skipped.
                    let mut doc = chart.fork();
                    n += 1;
                    chart::update(&mut doc, |clinical: &mut Clinical| {
                        clinical.record_vitals(vitals(n))
                    })
                    .expect("recorded");
                    DocRow {
                        doc,
                        meta: SyncMeta::default(),
                    }
                },
                |row| store.save([(id, row)]).expect("saved"),
                BatchSize::LargeInput,
            )
        },
    );
    // The write path of a chart operation: the chart kept in memory, one entry written,
    // its change appended and projected.
    store
        .save([(
            id,
            DocRow {
                doc: chart.fork(),
                meta: SyncMeta::default(),
            },
        )])
        .expect("saved");
    c.bench_function("workstation: record one entry in a full chart", |b| {
        b.iter(|| {
            n += 1;
            let mut row = store.load(&id).expect("loads").expect("held");
            chart::change(&mut row.doc, |c| c.add("vitals", &vitals(n))).expect("recorded");
            store.save([(id, row)]).expect("saved");
        })
    });
    c.bench_function("projection: read a full chart into its types", |b| {
        b.iter(|| chart::read::<Clinical>(&chart).expect("reads"))
    });
    c.bench_function(
        "projection: read a full chart and its conflicts in one pass",
        |b| {
            b.iter(|| {
                let tree = chart::materialized::materialize(&chart).expect("materializes");
                let read: Clinical = chart::materialized::read_tree(&tree).expect("reads");
                (read, chart::conflicts::conflicts_in(&chart, &tree))
            })
        },
    );
    c.bench_function(
        "conflicts: look for concurrent values in a full chart",
        |b| b.iter(|| chart::conflicts::conflicts(&chart)),
    );
    let _ = chart.save();
}

fn vitals(n: usize) -> Vitals {
    routine_vitals(n, "Nurse Bench")
}

fn load_save(c: &mut Criterion) {
    let (_, mut doc) = full_chart();
    let bytes = doc.save();
    c.bench_function("automerge: save a full chart", |b| b.iter(|| doc.save()));
    c.bench_function("automerge: load a full chart", |b| {
        b.iter(|| AutoCommit::load(&bytes).expect("loads"))
    });
}

criterion_group! {
    name = hot_paths;
    config = Criterion::default().sample_size(20);
    targets = apply_batch, store_save, load_save
}
criterion_main!(hot_paths);
