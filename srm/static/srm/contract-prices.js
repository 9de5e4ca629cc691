// The contract page: a row added to a price-list or service-level table (the formset's
// empty form, its __prefix__ numbered), and the price history per item (Chart.js).
document.addEventListener("click", function (event) {
  const button = event.target.closest("[data-add-row]");
  if (!button) { return; }
  const kind = button.dataset.addRow;
  const form = button.closest("form");
  const total = form.querySelector(`input[name="${kind}-TOTAL_FORMS"]`);
  const template = form.querySelector(`template[data-empty-row="${kind}"]`);
  const index = parseInt(total.value, 10);
  const html = template.innerHTML.replace(/__prefix__/g, String(index));
  form.querySelector("tbody").insertAdjacentHTML("beforeend", html);
  total.value = String(index + 1);
});

(function () {
  const data = document.getElementById("price-history-data");
  const canvas = document.getElementById("price-history-chart");
  if (!data || !canvas || typeof Chart === "undefined") { return; }
  const series = JSON.parse(data.textContent);
  const datasets = Object.entries(series).map(([code, points]) => ({
    label: code,
    data: points.map((p) => ({ x: Date.parse(p.x), y: p.y })),
    stepped: true,
  }));
  new Chart(canvas, {
    type: "line",
    data: { datasets },
    options: {
      parsing: true,
      scales: {
        x: { type: "linear", ticks: { callback: (v) => new Date(v).toISOString().slice(0, 10) } },
      },
    },
  });
})();
