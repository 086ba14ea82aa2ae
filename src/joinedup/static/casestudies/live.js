// The convenor's live view: ask for every table's counts every few seconds and redraw.
const root = document.getElementById("live");
const list = document.getElementById("live-tables");
const summary = document.getElementById("live-summary");
const updated = document.getElementById("live-updated");
const POLL_MS = 4000;

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  Object.assign(node, props);
  for (const child of children) if (child != null) node.append(child);
  return node;
}

function draw(tables) {
  const items = tables.map((t) => {
    const link = el("a", { className: "govuk-link", href: root.dataset.captureUrl.replace("00000000-0000-0000-0000-000000000000", t.id) }, `${t.label}, round ${t.round}`);
    const latest = el("ul", { className: "govuk-list govuk-body-s" }, ...t.latest.map((i) => el("li", {}, `${i.kind[0].toUpperCase()}${i.kind.slice(1)}: ${i.text}`)));
    return el(
      "li",
      { className: "jup-live-table" },
      el("h2", { className: "govuk-heading-s" }, link),
      el("p", { className: "govuk-body-s govuk-!-margin-bottom-1" }, t.case_study),
      el("p", { className: "govuk-body-s govuk-!-margin-bottom-1" }, `${t.counts.intervention_point} intervention points · ${t.counts.proposed_action} actions · ${t.counts.note} notes`),
      latest,
    );
  });
  list.replaceChildren(...(items.length ? items : [el("li", { className: "govuk-body" }, "No tables have capture sheets yet.")]));
  const total = (kind) => tables.reduce((sum, t) => sum + t.counts[kind], 0);
  const text = `${tables.length} tables: ${total("intervention_point")} intervention points, ${total("proposed_action")} proposed actions, ${total("note")} notes`;
  // Only a change in the totals is announced, not every refresh.
  if (summary.textContent !== text) summary.textContent = text;
}

async function refresh() {
  try {
    const response = await fetch(root.dataset.url, { credentials: "same-origin", redirect: "manual", cache: "no-store", headers: { Accept: "application/json" } });
    if (!response.ok) throw new Error(String(response.status));
    const body = await response.json();
    draw(body.tables);
    updated.textContent = `Updated at ${new Date(body.now).toLocaleTimeString("en-GB")}`;
  } catch {
    updated.textContent = "Could not update: will try again in a few seconds";
  }
}

refresh();
setInterval(refresh, POLL_MS);
