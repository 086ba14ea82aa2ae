// The network map (cytoscape.js, served by us) and sortable tables. The tables below the map
// carry every figure it shows, so the page works without this script.
const PALETTE = [
  "#1d70b8", "#d4351c", "#00703c", "#f47738", "#4c2c92", "#28a197",
  "#912b88", "#85994b", "#b58840", "#d53880", "#003078", "#505a5f",
];

function drawMap() {
  const source = document.getElementById("network-data");
  const container = document.getElementById("network-map");
  if (!source || !container || typeof window.cytoscape !== "function") return;
  const data = JSON.parse(source.textContent);
  const elements = [];
  for (const team of data.teams) {
    elements.push({
      data: {
        id: team.id,
        label: team.name,
        colour: PALETTE[data.sectors[team.sector] % PALETTE.length],
        shape: team.tier === "central" ? "diamond" : "ellipse",
        size: 14 + Math.min(team.ties, 12) * 2,
        border: team.spof ? 4 : 1,
      },
    });
  }
  data.ties.forEach((tie, index) => {
    elements.push({
      data: { id: `tie-${index}`, source: tie.a, target: tie.b, width: Math.min(1 + tie.weight, 8) },
    });
  });
  window.cytoscape({
    container,
    elements,
    layout: { name: data.teams.length > 300 ? "grid" : "cose", animate: false, randomize: false },
    style: [
      {
        selector: "node",
        style: {
          "background-color": "data(colour)",
          shape: "data(shape)",
          width: "data(size)",
          height: "data(size)",
          "border-width": "data(border)",
          "border-color": "#0b0c0c",
          label: "data(label)",
          "font-size": 9,
          "text-wrap": "wrap",
          "text-max-width": 90,
          "text-valign": "bottom",
          "text-margin-y": 3,
          color: "#0b0c0c",
        },
      },
      { selector: "edge", style: { width: "data(width)", "line-color": "#b1b4b6", opacity: 0.7 } },
    ],
  });
}

function sortableTables() {
  for (const table of document.querySelectorAll("table[data-sortable]")) {
    const headers = table.querySelectorAll("thead th");
    headers.forEach((th, column) => {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "jup-sort";
      button.textContent = th.textContent.trim();
      th.textContent = "";
      th.appendChild(button);
      th.setAttribute("aria-sort", "none");
      button.addEventListener("click", () => {
        const ascending = th.getAttribute("aria-sort") !== "ascending";
        headers.forEach((other) => other.setAttribute("aria-sort", "none"));
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        const body = table.tBodies[0];
        const rows = Array.from(body.rows);
        const numeric = th.dataset.type === "number";
        const value = (row) => {
          const cell = row.cells[column];
          const raw = cell.dataset.value ?? cell.textContent.trim();
          return numeric ? Number.parseFloat(raw) : raw.toLowerCase();
        };
        rows.sort((a, b) => {
          const x = value(a);
          const y = value(b);
          const order = numeric ? x - y : x.localeCompare(y);
          return ascending ? order : -order;
        });
        for (const row of rows) body.appendChild(row);
      });
    });
  }
}

drawMap();
sortableTables();
