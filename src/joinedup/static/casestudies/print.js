// The "Print this life line" button: shown only where JavaScript runs, since it needs it.
for (const button of document.querySelectorAll("[data-print]")) {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
}
