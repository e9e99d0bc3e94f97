#!/usr/bin/env node
// Times how long the reference Automerge sync stack (automerge-repo + its WebSocket adapter +
// @automerge/automerge-repo-sync-server) takes to replicate a hospital ward to a fresh client.
//
// Usage: node replicate.mjs --ward FILE --charts N --timeout-secs S [--port P]
//                           [--strings scalar|text]
//
//  1. starts the reference sync server as a child process (fresh temp DATA_DIR, free port),
//  2. client A uploads 2 documents per chart (registration, clinical) and waits until the
//     server holds every one of them,
//  3. the server is restarted on its data (cold); client B (fresh repo, fresh storage) finds
//     every document URL and waits until each one is ready with exactly A's heads and the same
//     content as the ward file, and its storage is flushed;
//  4. at once, client C (fresh too) does the same against the now warm server.
// Prints exactly one JSON line on stdout; progress goes to stderr. The timeout is one budget
// for the whole run (server start, upload and replication).

import { spawn } from "node:child_process"
import fs from "node:fs"
import net from "node:net"
import os from "node:os"
import path from "node:path"
import { createRequire } from "node:module"
import { parseArgs } from "node:util"
import { performance } from "node:perf_hooks"

import * as Automerge from "@automerge/automerge"
import { Repo } from "@automerge/automerge-repo"
import { WebSocketClientAdapter } from "@automerge/automerge-repo-network-websocket"
import { NodeFSStorageAdapter } from "@automerge/automerge-repo-storage-nodefs"

const require = createRequire(import.meta.url)
const t0 = performance.now()
const secs = ms => Math.round(ms) / 1000
const log = msg => process.stderr.write(`[${secs(performance.now() - t0).toFixed(3)}s] ${msg}\n`)

// ---------------------------------------------------------------- arguments
let opt
try {
  opt = parseArgs({
    options: {
      ward: { type: "string" },
      charts: { type: "string" },
      "timeout-secs": { type: "string" },
      port: { type: "string" },
      strings: { type: "string", default: "scalar" },
    },
  }).values
} catch (e) {
  usage(e.message)
}
function usage(msg) {
  process.stderr.write(
    `${msg}\nusage: node replicate.mjs --ward FILE --charts N --timeout-secs S [--port P] [--strings scalar|text]\n`,
  )
  process.exit(64)
}
if (!opt.ward || !opt.charts || !opt["timeout-secs"]) usage("missing argument")
const N = Number.parseInt(opt.charts, 10)
const timeoutSecs = Number(opt["timeout-secs"])
if (!(N > 0)) usage("--charts must be a positive integer")
if (!(timeoutSecs > 0)) usage("--timeout-secs must be positive")
if (opt.strings !== "scalar" && opt.strings !== "text") usage("--strings must be scalar or text")

// ---------------------------------------------------------------- result and cleanup
const result = {
  charts: N,
  documents: 2 * N,
  upload_seconds: null,
  cold: null,
  warm: null,
  completed: false,
  documents_ready: 0,
  finds_repeated: 0,
}
// How many times a fresh client asks for a document the server calls unavailable, waiting
// 100 ms before the second try and twice as long before each next one (up to 3.2 s): the
// server answers "unavailable" while it is still loading a document under load, and three
// tries 100 ms apart were not always enough for the last of 400.
const FIND_ATTEMPTS = 8
const FIND_FIRST_WAIT_MS = 100
const FIND_LONGEST_WAIT_MS = 3200
let tmpRoot = null
let server = null
let finished = false

function cleanup() {
  if (server && server.exitCode === null && server.signalCode === null) {
    try {
      server.kill("SIGKILL")
    } catch {}
  }
  if (tmpRoot) {
    try {
      fs.rmSync(tmpRoot, { recursive: true, force: true })
    } catch {}
    tmpRoot = null
  }
}
// Prints the one result line, cleans up and exits. Repos keep sockets and timers alive, so we
// always leave through process.exit.
function finish(extra = {}, code = 0) {
  if (finished) return
  finished = true
  Object.assign(result, extra)
  process.stdout.write(JSON.stringify(result) + "\n")
  cleanup()
  process.exit(code)
}
process.on("exit", cleanup) // last resort; finish() normally ran already
for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.on(sig, () => {
    log(`got ${sig}`)
    finish({ error: `interrupted by ${sig}` }, 130)
  })
}
process.on("uncaughtException", e => {
  log(`error: ${e?.stack ?? e}`)
  finish({ error: String(e?.message ?? e) }, 1)
})
process.on("unhandledRejection", e => {
  log(`error: ${e?.stack ?? e}`)
  finish({ error: String(e?.message ?? e) }, 1)
})
let onTimeout = null // logs (and fills in) the partial figures of the phase in progress
const timer = setTimeout(() => {
  log(`timeout after ${timeoutSecs}s: ${result.documents_ready}/${2 * N} documents ready on the fresh client`)
  if (onTimeout) onTimeout()
  finish({ completed: false }, 0)
}, timeoutSecs * 1000)

// ---------------------------------------------------------------- helpers
const sleep = ms => new Promise(r => setTimeout(r, ms))

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer()
    srv.unref()
    srv.on("error", reject)
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address()
      srv.close(() => resolve(port))
    })
  })
}

// Plain JSON -> value handed to Automerge. Our Rust model (autosurgeon) writes `String` fields
// as scalar strings (ScalarValue::Str), which automerge-js calls ImmutableString; `--strings text`
// stores them as collaborative Text instead (one op per character, much heavier).
function toAutomerge(v) {
  if (typeof v === "string") return opt.strings === "scalar" ? new Automerge.ImmutableString(v) : v
  if (Array.isArray(v)) return v.map(toAutomerge)
  if (v && typeof v === "object") {
    const o = {}
    for (const [k, x] of Object.entries(v)) o[k] = toAutomerge(x)
    return o
  }
  return v
}

// Order-independent JSON text (Automerge returns map keys sorted, the file need not be).
function canonical(v) {
  if (v instanceof Automerge.ImmutableString) return JSON.stringify(v.val)
  if (Array.isArray(v)) return `[${v.map(canonical).join(",")}]`
  if (v && typeof v === "object") {
    const keys = Object.keys(v).sort()
    return `{${keys.map(k => `${JSON.stringify(k)}:${canonical(v[k])}`).join(",")}}`
  }
  return JSON.stringify(v)
}

const sameHeads = (a, b) =>
  Array.isArray(a) && Array.isArray(b) && a.length === b.length && [...a].sort().join() === [...b].sort().join()

// Counts the bytes of every WebSocket message the client receives (the binary CBOR payload as
// delivered by the socket, i.e. without WebSocket framing or TCP/IP headers).
class CountingWebSocketClientAdapter extends WebSocketClientAdapter {
  bytesReceived = 0
  messagesReceived = 0
  receiveMessage(messageBytes) {
    this.bytesReceived += messageBytes.byteLength
    this.messagesReceived += 1
    return super.receiveMessage(messageBytes)
  }
}

// Resolves with the peer id of the first peer the repo meets (the sync server).
function firstPeer(repo) {
  return new Promise(resolve => {
    repo.networkSubsystem.once("peer", ({ peerId }) => resolve(peerId))
  })
}

// Starts the reference sync server as its package starts it, on `dataDir` (kept across
// restarts), and resolves once it answers HTTP on its port (the WebSocket upgrade is served by
// the same listener).
async function startServer(port, dataDir, cwd) {
  const serverEntry = require.resolve("@automerge/automerge-repo-sync-server") // its bin: src/index.js
  log(`starting sync server: PORT=${port} DATA_DIR=${dataDir} ${process.execPath} ${serverEntry}`)
  const child = spawn(process.execPath, [serverEntry], {
    cwd,
    env: { ...process.env, PORT: String(port), DATA_DIR: dataDir },
    stdio: ["ignore", "pipe", "pipe"],
  })
  server = child
  const relay = name => chunk => {
    for (const line of chunk.toString().split("\n")) if (line.trim()) process.stderr.write(`  [server ${name}] ${line}\n`)
  }
  child.stdout.on("data", relay("out"))
  child.stderr.on("data", relay("err"))
  child.on("exit", (code, signal) => {
    if (!finished && server === child) {
      log(`sync server exited early (code ${code}, signal ${signal})`)
      finish({ error: `sync server exited (code ${code}, signal ${signal})` }, 1)
    }
  })
  for (;;) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/`)
      await res.text()
      if (res.ok) break
    } catch {}
    await sleep(50)
  }
  log(`sync server accepting connections on port ${port}`)
}

// Stops the server (it has stored everything: the upload waited for its storage).
async function stopServer() {
  const child = server
  server = null
  const exited = new Promise(resolve => child.once("exit", resolve))
  child.kill("SIGTERM")
  await exited
}

// A fresh client (`name`) finds every document until it holds exactly A's heads and A's
// content, each stored to its disk; resolves with the time and the bytes it received.
async function replicate(name, url, docs) {
  const started = performance.now()
  const adapter = new CountingWebSocketClientAdapter(url)
  const repo = new Repo({
    network: [adapter],
    storage: new NodeFSStorageAdapter(path.join(tmpRoot, `client-${name.toLowerCase()}`)),
    peerId: `bench-client-${name.toLowerCase()}`,
  })
  let handlesReady = 0
  let mismatched = 0
  let unavailable = 0
  result.documents_ready = 0
  onTimeout = () => {
    log(
      `client ${name}: replication incomplete: ${handlesReady} handles ready, ${result.documents_ready} complete, ` +
        `${unavailable} unavailable, ${mismatched} with wrong content; ${adapter.bytesReceived} bytes received`,
    )
  }
  await Promise.all(
    docs.map(async d => {
      // Under load the server sometimes answers "unavailable" for a document it holds
      // (400 requests at once, each loading from its storage); a real client asks again,
      // so this one does too, a few times, and the time it takes counts.
      let handle
      let wait = FIND_FIRST_WAIT_MS
      for (let attempt = 1; ; attempt++) {
        try {
          handle = await repo.find(d.url)
          break
        } catch (e) {
          if (attempt < FIND_ATTEMPTS) {
            result.finds_repeated++
            await sleep(wait)
            wait = Math.min(2 * wait, FIND_LONGEST_WAIT_MS)
            continue
          }
          unavailable++
          throw new Error(`client ${name}: ${d.label} (${d.url}): ${e.message}`)
        }
      }
      handlesReady++
      // Ready means the client has some version of the document; complete means A's exact heads (the
      // server may send the history in more than one message), then the content is checked.
      await new Promise(resolve => {
        const check = () => {
          if (!sameHeads(handle.heads(), d.heads)) return
          handle.off("change", check)
          resolve()
        }
        handle.on("change", check)
        check()
      })
      if (canonical(handle.doc()) !== d.expected) {
        mismatched++
        throw new Error(`client ${name}: ${d.label}: content differs from the ward file`)
      }
      result.documents_ready++
    }),
  )
  // Stored, as Bedside's workstation has committed each page before its sync ends.
  await repo.flush()
  const seconds = secs(performance.now() - started)
  log(
    `client ${name} has all ${docs.length} documents, stored, after ${seconds}s ` +
      `(${adapter.bytesReceived} bytes in ${adapter.messagesReceived} messages)`,
  )
  await repo.shutdown()
  return { seconds, bytes_received: adapter.bytesReceived }
}

// ---------------------------------------------------------------- main
async function main() {
  // --- ward file
  const ward = JSON.parse(fs.readFileSync(opt.ward, "utf8"))
  if (!Array.isArray(ward.charts)) throw new Error(`${opt.ward}: no "charts" array`)
  if (ward.charts.length < N) throw new Error(`${opt.ward} has only ${ward.charts.length} charts, asked for ${N}`)
  const docs = [] // { label, value, expected }
  for (const chart of ward.charts.slice(0, N)) {
    for (const kind of ["registration", "clinical"]) {
      if (!chart[kind] || typeof chart[kind] !== "object" || Array.isArray(chart[kind])) {
        throw new Error(`chart ${chart.patient_id}: "${kind}" is not an object`)
      }
      docs.push({ label: `${chart.patient_id}/${kind}`, json: chart[kind], expected: canonical(chart[kind]) })
    }
  }
  log(`ward ${opt.ward}: using ${N} of ${ward.charts.length} charts -> ${docs.length} documents (strings: ${opt.strings})`)

  // --- temp dirs and server
  tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), "am-ref-bench-"))
  const serverData = path.join(tmpRoot, "server-data")
  const serverCwd = path.join(tmpRoot, "server-cwd") // express.static("public") is relative to cwd
  fs.mkdirSync(serverCwd)
  const port = opt.port ? Number.parseInt(opt.port, 10) : await freePort()
  await startServer(port, serverData, serverCwd)
  const url = `ws://127.0.0.1:${port}`

  // --- client A: create the documents offline, then connect and upload
  const tCreate = performance.now()
  const repoA = new Repo({
    storage: new NodeFSStorageAdapter(path.join(tmpRoot, "client-a")),
    peerId: "bench-client-a",
  })
  for (const d of docs) {
    d.handle = repoA.create(toAutomerge(d.json))
    d.url = d.handle.url
    d.heads = d.handle.heads()
  }
  log(`client A created ${docs.length} documents locally in ${secs(performance.now() - tCreate)}s`)

  // How we know the server holds a document: automerge-repo records, per document and per
  // remote storage id, the heads the remote reported in its latest sync message
  // (handle.getSyncInfo(storageId).lastHeads, updated from the synchronizer's "sync-state"
  // events; the handle emits "remote-heads" each time). The server only reports heads it has
  // applied, so once they equal A's heads the server's in-memory document is complete. We then
  // also wait until the server's NodeFS data dir has a stored chunk for every document
  // (<DATA_DIR>/<id[0:2]>/<id[2:]>/{incremental,snapshot}/…), i.e. it was persisted as well.
  const tUpload = performance.now()
  const adapterA = new WebSocketClientAdapter(url)
  const serverPeerA = firstPeer(repoA)
  repoA.networkSubsystem.addNetworkAdapter(adapterA)
  const serverPeerId = await serverPeerA
  const serverStorageId = repoA.getStorageIdOfPeer(serverPeerId)
  if (!serverStorageId) throw new Error(`server peer ${serverPeerId} announced no storage id`)
  log(`client A connected to ${serverPeerId} (storage ${serverStorageId}); uploading`)

  let acked = 0
  onTimeout = () => log(`upload incomplete: server acknowledged ${acked}/${docs.length} documents`)
  await Promise.all(
    docs.map(
      d =>
        new Promise(resolve => {
          const check = () => {
            if (sameHeads(d.handle.getSyncInfo(serverStorageId)?.lastHeads, d.heads)) {
              d.handle.off("remote-heads", check)
              acked++
              resolve()
            }
          }
          d.handle.on("remote-heads", check)
          check()
        }),
    ),
  )
  const ackSeconds = secs(performance.now() - tUpload)
  log(`server acknowledged all ${docs.length} documents after ${ackSeconds}s; waiting for its storage`)
  const stored = d => {
    const { documentId } = d.handle
    const dir = path.join(serverData, documentId.slice(0, 2), documentId.slice(2))
    return ["incremental", "snapshot"].some(sub => {
      try {
        return fs.readdirSync(path.join(dir, sub)).length > 0
      } catch {
        return false
      }
    })
  }
  for (let pending = docs; ; await sleep(20)) {
    pending = pending.filter(d => !stored(d))
    if (pending.length === 0) break
    onTimeout = () => log(`upload incomplete: ${docs.length - pending.length}/${docs.length} documents stored on server`)
  }
  result.upload_seconds = secs(performance.now() - tUpload)
  log(`upload done: ${docs.length} documents held and stored by the server in ${result.upload_seconds}s`)
  await repoA.shutdown() // disconnect A so that each fresh client is the server's only one

  // --- cold: the server restarted on its stored data; B, a fresh client, finds everything
  await stopServer()
  await startServer(port, serverData, serverCwd)
  result.cold = await replicate("B", url, docs)
  // --- warm: at once, C, another fresh client, does the same
  result.warm = await replicate("C", url, docs)
  result.documents_ready = docs.length
  clearTimeout(timer)
  finish({ completed: true }, 0)
}

main().catch(e => {
  log(`error: ${e?.stack ?? e}`)
  if (onTimeout) onTimeout() // log and record the partial figures
  finish({ completed: false, error: String(e?.message ?? e) }, 1)
})
