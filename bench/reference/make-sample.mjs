#!/usr/bin/env node
// Writes a deterministic sample ward file for replicate.mjs, shaped like the plain JSON of
// our chart documents (see shared/src/chart/{registration,clinical,records}.rs):
//   {"charts":[{"patient_id":"<uuid>","registration":{...},"clinical":{...}}, ...]}
// Every collection is a map keyed by UUID, as in the Rust model.
//
// Usage: node make-sample.mjs [--out FILE] [--charts 20] [--notes 50] [--words 300]
//                             [--prescriptions 20] [--vitals 100] [--appointments 10]
//                             [--tasks 10] [--seed 42]
// Without --out the JSON goes to stdout.

import fs from "node:fs"
import { parseArgs } from "node:util"

const { values: opt } = parseArgs({
  options: {
    out: { type: "string" },
    charts: { type: "string", default: "20" },
    notes: { type: "string", default: "50" },
    words: { type: "string", default: "300" },
    prescriptions: { type: "string", default: "20" },
    vitals: { type: "string", default: "100" },
    appointments: { type: "string", default: "10" },
    tasks: { type: "string", default: "10" },
    seed: { type: "string", default: "42" },
  },
})
const n = k => {
  const v = Number.parseInt(opt[k], 10)
  if (!Number.isFinite(v) || v < 0) throw new Error(`--${k} must be a non-negative integer`)
  return v
}

// mulberry32: small, fast, deterministic PRNG.
let state = n("seed") >>> 0
function rand() {
  state = (state + 0x6d2b79f5) >>> 0
  let t = state
  t = Math.imul(t ^ (t >>> 15), t | 1)
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}
const int = (lo, hi) => lo + Math.floor(rand() * (hi - lo + 1))
const pick = arr => arr[Math.floor(rand() * arr.length)]
const hex = len => Array.from({ length: len }, () => Math.floor(rand() * 16).toString(16)).join("")

// UUIDv7-looking ids with increasing timestamps (like our RecordId).
let clock = Date.UTC(2025, 0, 6, 8, 0, 0)
function uuid7() {
  clock += int(1, 60_000)
  const ts = clock.toString(16).padStart(12, "0")
  const variant = (8 + Math.floor(rand() * 4)).toString(16)
  return `${ts.slice(0, 8)}-${ts.slice(8)}-7${hex(3)}-${variant}${hex(3)}-${hex(12)}`
}
function uuid4() {
  const variant = (8 + Math.floor(rand() * 4)).toString(16)
  return `${hex(8)}-${hex(4)}-4${hex(3)}-${variant}${hex(3)}-${hex(12)}`
}
const iso = ms => new Date(ms).toISOString().replace(".000Z", "Z")
const day = ms => new Date(ms).toISOString().slice(0, 10)

const WORDS = (
  "patient reviewed on ward round comfortable overnight pain controlled with regular " +
  "paracetamol mobilising with physiotherapy wound clean and dry no signs of infection " +
  "observations stable afebrile tolerating oral diet bowels opened urine output adequate " +
  "plan continue current management review bloods tomorrow discussed with family consultant " +
  "aware chest clear heart sounds normal abdomen soft non tender drain removed catheter " +
  "in situ fluid balance positive encourage oral intake mild confusion overnight settled " +
  "nursing staff report good sleep antibiotics day three of five cultures pending repeat " +
  "imaging arranged occupational therapy assessment discharge planning started social " +
  "work referral blood pressure slightly elevated recheck in four hours analgesia reviewed"
).split(" ")
const STAFF = ["asmith", "bjones", "cnguyen", "dpatel", "eokafor", "fmartin", "gkim", "hrossi"]
const GIVEN = ["Alice", "Bob", "Chen", "Dara", "Emeka", "Fatima", "Giulia", "Hiro", "Ines", "Jonas"]
const FAMILY = ["Okoro", "Smith", "Nguyen", "Garcia", "Muller", "Rossi", "Kowalski", "Tanaka"]
const DRUGS = [
  ["Amoxicillin", "500 mg", "oral", "every 8 hours"],
  ["Paracetamol", "1 g", "oral", "every 6 hours"],
  ["Enoxaparin", "40 mg", "subcutaneous", "once daily"],
  ["Morphine", "5 mg", "IV", "every 4 hours as needed"],
  ["Ondansetron", "4 mg", "IV", "every 8 hours as needed"],
  ["Omeprazole", "20 mg", "oral", "once daily"],
]

function text(words) {
  const out = []
  for (let i = 0; i < words; i++) {
    let w = pick(WORDS)
    if (i === 0 || out[i - 1].endsWith(".")) w = w[0].toUpperCase() + w.slice(1)
    if (rand() < 0.08 || i === words - 1) w += "."
    out.push(w)
  }
  return out.join(" ")
}

function chart() {
  const patient_id = uuid4()
  const admitted = clock
  const appointments = {}
  for (let i = 0; i < n("appointments"); i++) {
    appointments[uuid7()] = {
      title: pick(["Pre-op assessment", "Physio review", "CT abdomen", "Cardiology consult"]),
      starts_at: iso(clock + int(1, 20) * 3_600_000),
      duration_minutes: pick([15, 30, 45, 60]),
      location: rand() < 0.8 ? `Clinic ${int(1, 9)}` : null,
      status: rand() < 0.9 ? "scheduled" : "cancelled",
      kind: rand() < 0.7 ? "appointment" : "procedure",
    }
  }
  const registration = {
    patient_id,
    demographics: {
      mrn: `MRN${int(100000, 999999)}`,
      given_name: pick(GIVEN),
      family_name: pick(FAMILY),
      birth_date: day(Date.UTC(int(1930, 2010), int(0, 11), int(1, 28))),
      sex: pick(["female", "male", "other", "unknown"]),
      phone: rand() < 0.7 ? `+44 7${int(100, 999)} ${int(100000, 999999)}` : null,
      address: rand() < 0.6 ? `${int(1, 200)} High Street, Townsville` : null,
      provisional_mrn: null,
    },
    admission: {
      ward: "Ward 7B",
      bed: `B${int(1, 30)}`,
      status: "admitted",
      pathway: rand() < 0.5 ? "postop" : null,
    },
    appointments,
  }

  const notes = {}
  for (let i = 0; i < n("notes"); i++) {
    notes[uuid7()] = {
      kind: pick(["progress", "nursing", "operative", "discharge"]),
      author: pick(STAFF),
      body: text(int(Math.floor(n("words") * 0.8), Math.ceil(n("words") * 1.2))),
      signed_by: pick(STAFF),
      signed_at: iso(clock),
    }
  }
  const prescriptions = {}
  const administrations = {}
  for (let i = 0; i < n("prescriptions"); i++) {
    const [drug, dose, route, frequency] = pick(DRUGS)
    const id = uuid7()
    const stopped = rand() < 0.2
    prescriptions[id] = {
      drug,
      dose,
      route,
      frequency,
      start: day(admitted),
      end: rand() < 0.5 ? day(admitted + 7 * 86_400_000) : null,
      prescriber: pick(STAFF),
      status: stopped ? "stopped" : "active",
      stopped_at: stopped ? iso(clock) : null,
      stop_reason: stopped ? "Course changed after microbiology advice" : null,
    }
    for (let j = int(2, 5); j > 0; j--) {
      const outcome = rand() < 0.85 ? "given" : pick(["held", "refused"])
      administrations[uuid7()] = {
        prescription_id: id,
        outcome,
        by: pick(STAFF),
        at: iso(clock),
        note: outcome === "given" ? null : "Nil by mouth before theatre",
      }
    }
  }
  const vitals = {}
  for (let i = 0; i < n("vitals"); i++) {
    vitals[uuid7()] = {
      taken_at: iso(clock),
      recorded_by: pick(STAFF),
      temperature: { value: Math.round((36 + rand() * 2.5) * 10) / 10, unit: "celsius" },
      pulse_bpm: int(55, 120),
      systolic_mmhg: int(95, 170),
      diastolic_mmhg: int(55, 100),
      respiratory_rate: rand() < 0.9 ? int(12, 24) : null,
      spo2_pct: int(90, 100),
      weight: rand() < 0.1 ? { value: Math.round((50 + rand() * 60) * 10) / 10, unit: "kg" } : null,
    }
  }
  const tasks = {}
  for (let i = 0; i < n("tasks"); i++) {
    const done = rand() < 0.4
    tasks[uuid7()] = {
      title: pick(["Remove urinary catheter", "Chase blood results", "Refer to dietitian", "Update family"]),
      assignee: rand() < 0.7 ? pick(STAFF) : null,
      due: rand() < 0.6 ? iso(clock + 86_400_000) : null,
      priority: rand() < 0.2 ? "urgent" : "routine",
      status: done ? "done" : pick(["todo", "in_progress"]),
      created_by: pick(STAFF),
      created_at: iso(clock),
      completed_at: done ? iso(clock + 3_600_000) : null,
    }
  }
  const allergies = {}
  if (rand() < 0.5) {
    allergies[uuid7()] = {
      substance: pick(["Penicillin", "Latex", "Peanuts"]),
      reaction: "Rash",
      severity: pick(["mild", "moderate", "severe"]),
      recorded_by: pick(STAFF),
      recorded_at: iso(clock),
    }
  }
  const problems = {}
  problems[uuid7()] = {
    code: "K35.8",
    text: "Acute appendicitis",
    active: true,
    recorded_by: pick(STAFF),
    recorded_at: iso(clock),
  }
  const clinical = {
    patient_id,
    notes,
    prescriptions,
    addenda: {},
    administrations,
    allergies,
    problems,
    vitals,
    tasks,
    education: {},
    documents: {},
  }
  return { patient_id, registration, clinical }
}

const ward = { charts: Array.from({ length: n("charts") }, chart) }
const json = JSON.stringify(ward)
if (opt.out) {
  fs.writeFileSync(opt.out, json)
  process.stderr.write(`wrote ${ward.charts.length} charts (${json.length} bytes) to ${opt.out}\n`)
} else {
  process.stdout.write(json + "\n")
}
