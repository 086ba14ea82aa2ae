// The network map (cytoscape.js, served by us). The tables below the map carry every figure it
// shows (sorted and paged by the server), so the page works without this script.
const PALETTE = [
  "#1d70b8", "#d4351c", "#00703c", "#f47738", "#4c2c92", "#28a197",
  "#912b88", "#85994b", "#b58840", "#d53880", "#003078", "#505a5f",
];

function say(status, text) {
  if (status) status.textContent = text;
}

// The map's data comes from its own URL (map.json, same filters as the page), so the page
// stays small; the status line says what is happening, to screen readers too.
async function drawMap() {
  const container = document.getElementById("network-map");
  const status = document.getElementById("network-map-status");
  if (!container || typeof window.cytoscape !== "function") return;
  say(status, "Loading the map…");
  let data;
  try {
    const response = await fetch(container.dataset.url, {
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    });
    if (!response.ok) throw new Error(`the map's data answered ${response.status}`);
    data = await response.json();
  } catch {
    say(status, "The map could not be loaded. The tables below carry every figure it shows.");
    return;
  }
  container.hidden = false;
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
  // a tie is [a, b, weight, kinds], a and b indexes into data.teams
  data.ties.forEach(([a, b, weight], index) => {
    elements.push({
      data: {
        id: `tie-${index}`,
        source: data.teams[a].id,
        target: data.teams[b].id,
        width: Math.min(1 + weight, 8),
      },
    });
  });
  const count = (n, one, many) => `${n.toLocaleString("en-GB")} ${n === 1 ? one : many}`;
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
  say(
    status,
    `Map drawn: ${count(data.teams.length, "team", "teams")} and ` +
      `${count(data.ties.length, "tied pair", "tied pairs")}.`,
  );
}

drawMap();
