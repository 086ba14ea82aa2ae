// "Print this plan": shown only when JavaScript runs; printing itself is the browser's.
document.querySelectorAll(".jup-print-button").forEach(function (button) {
  button.hidden = false;
  button.addEventListener("click", function () { window.print(); });
});
