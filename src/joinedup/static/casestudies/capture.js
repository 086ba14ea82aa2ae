// Live capture at a table: nothing typed is lost, and tablemates do not overwrite each other.
//
// Each item (intervention point, note, proposed action) gets a UUID made here. Adding or
// changing an item puts an operation in a queue kept in localStorage; the queue is sent one
// operation at a time with an idempotent PUT (or DELETE) keyed by that UUID and retried until
// the server answers. An operation leaves localStorage the moment the server confirms it.
// An edit names the version it started from; when someone else changed the item first the
// server answers 409 with its copy, and we merge: fields only one side changed take that
// side's value, text both changed keeps both texts, and the item shows both versions.

const root = document.getElementById("capture");
const CSRF = root.dataset.csrf;
const ITEMS_URL = root.dataset.itemsUrl;
const STORE = `joinedup-capture:${root.dataset.capture}`;
const DRAFTS = `${STORE}:drafts`;
const POLL_MS = 10000; // tablemates see each other's items within 10 s; saves never wait for a poll
const TEXT_FIELDS = new Set(["what_could_have_been_done", "text", "what"]);
const FIELDS = {
  intervention_point: ["entry", "placement", "sector", "service", "what_could_have_been_done", "how_early"],
  note: ["text"],
  proposed_action: ["what", "owner", "by_when"],
};
const KIND_LABEL = { intervention_point: "Intervention point", note: "Note", proposed_action: "Proposed action" };
const EARLY_LABEL = { prevention: "Prevention", early_help: "Early help", crisis: "Crisis" };

const stateBox = document.getElementById("save-state");
const server = new Map(); // id -> the server's copy, as last seen
const notices = new Map(); // id -> {theirs, mine, message} shown until dismissed
const elements = new Map(); // id -> <li>
let pending = readJSON(STORE, {}); // id -> {id, kind, op, data, base_version, base, error}
let connection = "ok"; // ok | offline | signed_out
let syncing = false;
let retryTimer = null;
let retryDelay = 1000;
let lastPoll = null;

function readJSON(key, fallback) {
  try {
    return JSON.parse(localStorage.getItem(key)) ?? fallback;
  } catch {
    return fallback;
  }
}

function persist() {
  if (Object.keys(pending).length) localStorage.setItem(STORE, JSON.stringify(pending));
  else localStorage.removeItem(STORE);
}

function uuid4() {
  // crypto.randomUUID needs a secure context; a demo on a LAN address over http is not one.
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

function itemUrl(kind, id) {
  return root.dataset.itemUrl.replace("KIND", kind).replace("00000000-0000-0000-0000-000000000000", id);
}

function fieldsOf(kind, item) {
  const out = {};
  for (const name of FIELDS[kind]) out[name] = item?.[name] ?? null;
  return out;
}

function same(a, b) {
  return (a ?? null) === (b ?? null);
}

function merge(kind, base, mine, theirs) {
  const out = {};
  for (const name of FIELDS[kind]) {
    const b = base?.[name] ?? null;
    const m = mine[name] ?? null;
    const t = theirs[name] ?? null;
    if (same(m, t) || same(m, b)) out[name] = t;
    else if (same(t, b)) out[name] = m;
    else if (TEXT_FIELDS.has(name) && typeof m === "string" && typeof t === "string") {
      out[name] = t.includes(m) ? t : m.includes(t) ? m : `${t}\n\n${m}`;
    } else out[name] = m;
  }
  return out;
}

// --- the save state everyone can see (and screen readers hear, politely) -------------------

function setState() {
  const ops = Object.values(pending);
  const waiting = ops.filter((op) => !op.error).length;
  const broken = ops.length - waiting;
  const kept = `${waiting} change${waiting === 1 ? "" : "s"} kept on this phone`;
  let text, css;
  if (connection === "signed_out" && waiting) {
    text = `Signed out – sign in again in a new tab. ${kept}.`;
    css = "attention";
  } else if (connection === "offline" && waiting) {
    text = `Offline – will retry. ${kept}.`;
    css = "offline";
  } else if (waiting) {
    text = "Saving…";
    css = "saving";
  } else if (broken) {
    text = `${broken} item${broken === 1 ? "" : "s"} not saved: see below`;
    css = "attention";
  } else {
    text = "Saved";
    css = "saved";
  }
  if (stateBox.textContent !== text) stateBox.textContent = text;
  stateBox.className = `jup-save-state jup-save-state--${css}`;
  stateBox.dataset.state = css;
}

// --- sending the queue ----------------------------------------------------------------------

class SignedOut extends Error {}

async function send(op) {
  const response = await fetch(itemUrl(op.kind, op.id), {
    method: op.op === "delete" ? "DELETE" : "PUT",
    headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": CSRF },
    body: JSON.stringify({ version: op.base_version, data: op.data ?? {} }),
    credentials: "same-origin",
    redirect: "manual",
    cache: "no-store",
  });
  if (response.type === "opaqueredirect" || response.status === 401 || response.status === 403) {
    throw new SignedOut();
  }
  if (response.status >= 500) throw new Error(`server error ${response.status}`);
  let body = {};
  try {
    body = await response.json();
  } catch {
    throw new Error("unreadable answer");
  }
  return { status: response.status, body };
}

function confirmed(op, item) {
  server.set(op.id, item);
  const current = pending[op.id];
  if (current === op) {
    delete pending[op.id];
  } else if (current) {
    // The person changed the item again while this save was on its way: build on it.
    current.base_version = item.version;
    current.base = fieldsOf(op.kind, item);
  }
}

function handle(op, { status, body }) {
  const theirs = body.item;
  if (status === 200 || status === 201) {
    if (theirs) confirmed(op, theirs);
    else delete pending[op.id];
    return;
  }
  if (status === 409 && theirs) {
    server.set(op.id, theirs);
    if (pending[op.id] !== op) return;
    const who = theirs.author ? ` (${theirs.author}’s table)` : "";
    if (op.op === "delete") {
      delete pending[op.id];
      notices.set(op.id, { message: "Someone changed this after you asked to remove it, so it is kept. Remove it again if you still want to." });
    } else if (theirs.deleted) {
      delete pending[op.id];
      const id = uuid4();
      pending[id] = { id, kind: op.kind, op: "put", data: op.data, base_version: 0, base: null };
      notices.set(id, { message: "Someone removed this while you were changing it. Your version is kept as a new item." });
    } else {
      const theirFields = fieldsOf(op.kind, theirs);
      const merged = merge(op.kind, op.base, op.data, theirFields);
      pending[op.id] = { ...op, data: merged, base_version: theirs.version, base: theirFields };
      notices.set(op.id, {
        message: `Someone else changed this at the same time${who}. Both versions are kept below; change it if the merge reads badly.`,
        theirs: theirFields,
        mine: op.data,
      });
    }
    return;
  }
  // 400 (or 404): the server will never take this as it is; the person decides.
  const errors = body.errors ?? { __all__: [body.error ?? "This could not be saved"] };
  op.error = Object.values(errors).flat().join(". ");
}

async function sync() {
  if (syncing) return;
  syncing = true;
  clearTimeout(retryTimer);
  retryTimer = null;
  try {
    let op;
    while ((op = Object.values(pending).find((o) => !o.error))) {
      const answer = await send(op);
      handle(op, answer);
      persist();
      connection = "ok";
      render();
    }
    retryDelay = 1000;
  } catch (error) {
    connection = error instanceof SignedOut ? "signed_out" : "offline";
    retryTimer = setTimeout(sync, retryDelay);
    retryDelay = Math.min(retryDelay * 2, 15000);
  } finally {
    syncing = false;
    persist();
    render();
  }
}

function queue(op) {
  pending[op.id] = op;
  persist();
  render();
  sync();
}

// --- what others at the table add ------------------------------------------------------------

let pollEtag = null; // the sheet's ETag at the last answer: "nothing new since then" gets a 304

async function poll() {
  try {
    const url = lastPoll ? `${ITEMS_URL}?since=${encodeURIComponent(lastPoll)}` : ITEMS_URL;
    // A conditional GET: while nothing on the sheet has changed since the last answer the
    // server answers 304, with no body, and the next poll asks from the same time again.
    const headers = { Accept: "application/json" };
    if (pollEtag) headers["If-None-Match"] = pollEtag;
    const response = await fetch(url, { credentials: "same-origin", redirect: "manual", cache: "no-store", headers });
    if (response.type === "opaqueredirect" || response.status === 403) throw new SignedOut();
    if (response.status === 304) {
      if (connection !== "ok") {
        connection = "ok";
        sync();
      }
      render();
      return;
    }
    if (!response.ok) throw new Error(`poll ${response.status}`);
    const body = await response.json();
    pollEtag = response.headers.get("ETag");
    for (const item of body.items) {
      const known = server.get(item.id);
      if (!known || known.version <= item.version) server.set(item.id, item);
    }
    // Ask again from a little before the server's clock, so a save that committed late is seen.
    lastPoll = new Date(new Date(body.now).getTime() - 30000).toISOString();
    if (connection !== "ok") {
      connection = "ok";
      sync();
    }
  } catch (error) {
    if (error instanceof SignedOut) connection = "signed_out";
    else connection = "offline";
  }
  render();
}

// --- showing items ---------------------------------------------------------------------------

function labelOf(selectId, value) {
  if (!value) return "";
  const option = document.querySelector(`#${selectId} option[value="${CSS.escape(String(value))}"]`);
  return option ? option.textContent : "";
}

function effective(id) {
  const op = pending[id];
  const stored = server.get(id);
  if (op) {
    if (op.op === "delete") return null;
    return { ...(stored ?? {}), ...op.data, id, kind: op.kind, _pending: op };
  }
  if (!stored || stored.deleted) return null;
  return stored;
}

function describe(item) {
  if (item.kind === "intervention_point") {
    const bits = [labelOf("point-sector", item.sector), labelOf("point-service", item.service), EARLY_LABEL[item.how_early]];
    return { text: item.what_could_have_been_done, extra: bits.filter(Boolean).join(" · ") };
  }
  if (item.kind === "proposed_action") {
    const bits = [labelOf("action-owner", item.owner) && `Owner: ${labelOf("action-owner", item.owner)}`, item.by_when && `By ${item.by_when}`];
    return { text: item.what, extra: bits.filter(Boolean).join(" · ") };
  }
  return { text: item.text, extra: "" };
}

function listFor(item) {
  if (item.kind === "intervention_point") {
    const key = item.entry ? `${item.placement === "after" ? "after" : "on"}:${item.entry}` : "before:";
    return root.querySelector(`[data-points-for="${key}"]`) ?? root.querySelector('[data-points-for="before:"]');
  }
  return root.querySelector(`[data-list="${item.kind}"]`);
}

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  Object.assign(node, props);
  for (const child of children) if (child != null) node.append(child);
  return node;
}

function build(item) {
  const op = item._pending;
  const notice = notices.get(item.id);
  const { text, extra } = describe(item);
  let status = "Saved";
  if (op?.error) status = "Not saved";
  else if (op) status = connection === "ok" ? "Saving…" : "Kept on this phone, waiting to save";
  const li = el("li", { className: `jup-capture-item${op ? " jup-capture-item--pending" : ""}${op?.error ? " jup-capture-item--error" : ""}`, id: `item-${item.id}` });
  li.dataset.status = op ? (op.error ? "error" : "pending") : "saved";
  li.append(
    el("p", { className: "jup-capture-item__meta" }, `${KIND_LABEL[item.kind]}${item.author ? ` · ${item.author}` : ""} · `, el("strong", { className: "jup-capture-item__status" }, status)),
    el("p", { className: "govuk-body govuk-!-margin-bottom-1 jup-capture-item__text" }, text ?? ""),
  );
  if (extra) li.append(el("p", { className: "govuk-body-s govuk-!-margin-bottom-1" }, extra));
  if (op?.error) li.append(el("p", { className: "govuk-error-message" }, el("span", { className: "govuk-visually-hidden" }, "Error: "), op.error));
  if (notice) {
    const box = el("div", { className: "jup-capture-item__conflict" }, el("p", { className: "govuk-body-s govuk-!-margin-bottom-1" }, notice.message));
    if (notice.theirs) {
      const field = FIELDS[item.kind].find((name) => TEXT_FIELDS.has(name));
      box.append(
        el("p", { className: "govuk-body-s govuk-!-margin-bottom-1" }, el("strong", {}, "Their version: "), notice.theirs[field] ?? ""),
        el("p", { className: "govuk-body-s govuk-!-margin-bottom-1" }, el("strong", {}, "Your version: "), notice.mine[field] ?? ""),
      );
    }
    const ok = el("button", { type: "button", className: "jup-link-button govuk-link govuk-body-s" }, "OK, hide this message");
    ok.addEventListener("click", () => {
      notices.delete(item.id);
      render(true);
    });
    box.append(ok);
    li.append(box);
  }
  const change = el("button", { type: "button", className: "jup-link-button govuk-link govuk-body-s" }, "Change", el("span", { className: "govuk-visually-hidden" }, ` ${KIND_LABEL[item.kind].toLowerCase()}: ${(text ?? "").slice(0, 40)}`));
  change.addEventListener("click", () => startEdit(item.id));
  const remove = el("button", { type: "button", className: "jup-link-button govuk-link govuk-body-s" }, "Remove", el("span", { className: "govuk-visually-hidden" }, ` ${KIND_LABEL[item.kind].toLowerCase()}: ${(text ?? "").slice(0, 40)}`));
  remove.addEventListener("click", () => removeItem(item.id));
  li.append(el("div", { className: "jup-capture-item__tools" }, change, remove));
  if (op?.error) {
    const discard = el("button", { type: "button", className: "jup-link-button govuk-link govuk-body-s" }, "Discard this change");
    discard.addEventListener("click", () => {
      delete pending[item.id];
      persist();
      render();
    });
    li.querySelector(".jup-capture-item__tools").append(discard);
  }
  return li;
}

function signature(item) {
  const op = item._pending;
  return JSON.stringify([item.version, fieldsOf(item.kind, item), op ? [op.error, connection] : null, notices.get(item.id)?.message, labelOf("point-sector", item.sector)]);
}

function render(force = false) {
  const ids = new Set([...server.keys(), ...Object.keys(pending)]);
  const visible = [];
  for (const id of ids) {
    const item = effective(id);
    if (item) visible.push(item);
  }
  visible.sort((a, b) => (a.updated_at ?? "~").localeCompare(b.updated_at ?? "~"));
  const keep = new Set();
  for (const item of visible) {
    keep.add(item.id);
    const sig = signature(item);
    let node = elements.get(item.id);
    if (!node || node.dataset.sig !== sig || force) {
      const fresh = build(item);
      fresh.dataset.sig = sig;
      if (node) node.replaceWith(fresh);
      node = fresh;
      elements.set(item.id, node);
    }
    const list = listFor(item);
    if (node.parentElement !== list) list.append(node);
  }
  for (const [id, node] of elements) {
    if (!keep.has(id)) {
      node.remove();
      elements.delete(id);
    }
  }
  setState();
}

// --- the forms -------------------------------------------------------------------------------

const forms = [...root.querySelectorAll("form[data-kind]")];
const drafts = readJSON(DRAFTS, {});

function formData(form) {
  const kind = form.dataset.kind;
  const values = Object.fromEntries(new FormData(form));
  if (kind === "intervention_point") {
    const [placement, entry] = (values.position || "before:").split(":");
    return {
      entry: entry ? Number(entry) : null,
      placement: placement === "after" ? "after" : "on",
      sector: values.sector || null,
      service: values.service || null,
      what_could_have_been_done: (values.what_could_have_been_done || "").trim(),
      how_early: values.how_early || "",
    };
  }
  if (kind === "proposed_action") {
    return { what: (values.what || "").trim(), owner: values.owner || null, by_when: dateFrom(values, "by_when") };
  }
  return { text: (values.text || "").trim() };
}

// A GOV.UK date input's three fields (name_day, name_month, name_year) as YYYY-MM-DD, or null
// when all three are empty; anything else goes to the server as typed, which says what is wrong.
function dateFrom(values, name) {
  const [day, month, year] = ["day", "month", "year"].map((part) => (values[`${name}_${part}`] || "").trim());
  if (!day && !month && !year) return null;
  return `${year.padStart(4, "0")}-${month.padStart(2, "0")}-${day.padStart(2, "0")}`;
}

function fillForm(form, item) {
  const set = (name, value) => {
    const field = form.elements[name];
    if (!field) return;
    if (field instanceof RadioNodeList) {
      for (const radio of field) radio.checked = radio.value === (value ?? "");
    } else field.value = value ?? "";
  };
  if (form.dataset.kind === "intervention_point") {
    set("position", item.entry ? `${item.placement === "after" ? "after" : "on"}:${item.entry}` : "before:");
    set("sector", item.sector);
    set("service", item.service);
    set("what_could_have_been_done", item.what_could_have_been_done);
    set("how_early", item.how_early);
  } else if (form.dataset.kind === "proposed_action") {
    set("what", item.what);
    set("owner", item.owner);
    const [year, month, day] = (item.by_when || "").split("-");
    set("by_when_day", day ? String(Number(day)) : "");
    set("by_when_month", month ? String(Number(month)) : "");
    set("by_when_year", year || "");
  } else {
    for (const name of FIELDS[form.dataset.kind]) set(name, item[name]);
  }
}

function showError(form, message) {
  const group = form.querySelector("[data-required]");
  const error = group.querySelector(".govuk-error-message");
  const field = group.querySelector("textarea");
  group.classList.toggle("govuk-form-group--error", Boolean(message));
  field.classList.toggle("govuk-textarea--error", Boolean(message));
  error.hidden = !message;
  error.querySelector("[data-error-text]").textContent = message ?? "";
  if (message) field.setAttribute("aria-describedby", error.id);
  else field.removeAttribute("aria-describedby");
}

function resetForm(form) {
  const keepPosition = form.elements.position?.value;
  form.reset();
  if (keepPosition) form.elements.position.value = keepPosition;
  delete form.dataset.editing;
  const submit = form.querySelector('button[type="submit"]');
  submit.textContent = submit.dataset.addLabel;
  form.querySelector("[data-cancel]").hidden = true;
  delete drafts[form.id];
  localStorage.setItem(DRAFTS, JSON.stringify(drafts));
}

function startEdit(id) {
  const item = effective(id);
  if (!item) return;
  const form = forms.find((f) => f.dataset.kind === item.kind);
  resetForm(form);
  fillForm(form, item);
  form.dataset.editing = id;
  form.querySelector('button[type="submit"]').textContent = "Save changes";
  form.querySelector("[data-cancel]").hidden = false;
  form.querySelector("textarea").focus();
}

function removeItem(id) {
  const item = effective(id);
  if (!item || !window.confirm(`Remove this ${KIND_LABEL[item.kind].toLowerCase()} for everyone at the table?`)) return;
  const stored = server.get(id);
  const op = pending[id];
  queue({ id, kind: item.kind, op: "delete", data: {}, base_version: stored?.version ?? op?.base_version ?? 1, base: null });
}

for (const form of forms) {
  if (drafts[form.id]) {
    fillForm(form, drafts[form.id].data);
    if (drafts[form.id].editing) {
      form.dataset.editing = drafts[form.id].editing;
      form.querySelector('button[type="submit"]').textContent = "Save changes";
      form.querySelector("[data-cancel]").hidden = false;
    }
  }
  form.addEventListener("input", () => {
    drafts[form.id] = { data: formData(form), editing: form.dataset.editing };
    localStorage.setItem(DRAFTS, JSON.stringify(drafts));
  });
  form.querySelector("[data-cancel]").addEventListener("click", () => resetForm(form));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const kind = form.dataset.kind;
    const data = formData(form);
    const required = FIELDS[kind].find((name) => TEXT_FIELDS.has(name));
    if (!data[required]) {
      showError(form, form.querySelector("[data-required]").dataset.required);
      form.querySelector("textarea").focus();
      return;
    }
    showError(form, null);
    const id = form.dataset.editing || uuid4();
    const stored = server.get(id);
    const earlier = pending[id];
    queue({
      id,
      kind,
      op: "put",
      data,
      // An edit builds on what this phone last had confirmed, or on its own unsent save.
      base_version: earlier?.op === "put" ? earlier.base_version : (stored?.version ?? 0),
      base: earlier?.op === "put" ? earlier.base : stored ? fieldsOf(kind, stored) : null,
    });
    resetForm(form);
    form.querySelector("textarea").focus();
  });
}

for (const button of root.querySelectorAll("[data-add-point]")) {
  button.addEventListener("click", () => {
    const form = document.getElementById("point-form");
    form.elements.position.value = button.dataset.addPoint;
    form.querySelector("textarea").focus();
    form.scrollIntoView({ block: "start" });
  });
}

window.addEventListener("online", () => {
  retryDelay = 1000;
  sync();
  poll();
});
window.addEventListener("offline", () => {
  connection = "offline";
  render();
});

render();
poll().then(() => sync());
setInterval(poll, POLL_MS);
