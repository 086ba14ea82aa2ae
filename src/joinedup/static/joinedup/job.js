// Poll a job's status and update the progress page; stops when the job ends.
const root = document.getElementById("job");
if (root) {
  const status = document.getElementById("job-status");
  const bar = document.getElementById("job-progress");
  const result = document.getElementById("job-result");
  const link = document.getElementById("job-result-link");
  const poll = async () => {
    try {
      const response = await fetch(root.dataset.statusUrl, { headers: { Accept: "application/json" } });
      if (!response.ok) throw new Error(response.statusText);
      const job = await response.json();
      const strong = document.createElement("strong");
      strong.textContent = job.status_label;
      status.replaceChildren(strong, document.createTextNode(
        (job.total ? `: ${job.done} of ${job.total}` : "") + (job.message ? `. ${job.message}` : "")));
      bar.value = job.percent;
      bar.textContent = `${job.percent}%`;
      if (job.result_url) { link.href = job.result_url; result.hidden = false; }
      if (job.status === "done" || job.status === "failed") return;
    } catch (error) { /* a dropped connection: try again */ }
    setTimeout(poll, 1000);
  };
  poll();
}
