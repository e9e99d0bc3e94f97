// Placeholder window: shows the workstation's status and patient list through the
// Tauri commands. The real interface replaces this page.
const invoke = window.__TAURI__?.core?.invoke;

function cell(text) {
  const td = document.createElement("td");
  td.textContent = text ?? "–";
  return td;
}

async function load() {
  const status = document.getElementById("status");
  if (!invoke) {
    status.textContent = "Not running inside the Bedside window";
    return;
  }
  try {
    const s = await invoke("workstation_status");
    const plural = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;
    status.textContent = `${plural(s.patients, "patient")} · ${plural(s.pending_changes, "change")} waiting to sync · last sync ${s.last_sync ?? "never"}`;
    const rows = await invoke("patients", { ward: null });
    const body = document.querySelector("#patients tbody");
    for (const p of rows) {
      const tr = document.createElement("tr");
      tr.append(cell(p.mrn), cell(`${p.family_name}, ${p.given_name}`), cell(p.birth_date), cell(p.ward), cell(p.bed));
      body.append(tr);
    }
    document.getElementById("empty").hidden = rows.length > 0;
  } catch (e) {
    status.textContent = `${e.code}: ${e.message}`;
    status.className = "error";
  }
}

load();
