// Scorecard tab: the score with its trend, and one chart per KPI against its target.
(function () {
  const source = document.getElementById("scorecard-charts");
  if (!source || typeof Chart === "undefined") { return; }
  const data = JSON.parse(source.textContent);
  const accent = "#1f4e79";
  new Chart(document.getElementById("chart-score"), {
    type: "line",
    data: { labels: data.score.labels, datasets: [
      { label: "Score", data: data.score.values, borderColor: accent, spanGaps: false, tension: 0.2 },
      { label: "Trend (12 m)", data: data.score.trend, borderColor: "#8aa4c1", borderDash: [4, 4], pointRadius: 0 },
    ] },
    options: { scales: { y: { min: 0, max: 100 } }, plugins: { legend: { position: "bottom" } } },
  });
  const holder = document.getElementById("kpi-charts");
  data.kpis.forEach(function (kpi) {
    const col = document.createElement("div");
    col.className = "col-md-6 col-xl-4";
    col.innerHTML = '<div class="card"><div class="card-header small"></div><div class="card-body"><canvas height="150"></canvas></div></div>';
    col.querySelector(".card-header").textContent = kpi.name + " (" + kpi.unit + ")";
    col.querySelector("canvas").setAttribute("data-kpi", kpi.code);
    holder.appendChild(col);
    new Chart(col.querySelector("canvas"), {
      type: "line",
      data: { labels: kpi.labels, datasets: [
        { label: kpi.name, data: kpi.values, borderColor: accent, tension: 0.2 },
        { label: "Target", data: kpi.labels.map(function () { return kpi.target; }), borderColor: "#2e7d32", borderDash: [6, 4], pointRadius: 0 },
      ] },
      options: { plugins: { legend: { display: false } } },
    });
  });
})();
