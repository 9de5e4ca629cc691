// Risk charts: the radar of a supplier's dimensions and the Kraljic matrix.
(function () {
  function data(id) {
    const node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }

  const radar = data("risk-radar-data");
  const radarCanvas = document.getElementById("risk-radar");
  if (radar && radarCanvas && window.Chart) {
    new Chart(radarCanvas, {
      type: "radar",
      data: {
        labels: radar.labels,
        datasets: [{
          label: "Risk (1 low – 5 high)",
          data: radar.values,
          spanGaps: true,
          fill: true,
          backgroundColor: "rgba(192, 57, 43, 0.18)",
          borderColor: "#c0392b",
          pointBackgroundColor: "#c0392b",
        }],
      },
      options: {
        animation: false,
        scales: { r: { min: 0, max: 5, ticks: { stepSize: 1 } } },
        plugins: { legend: { display: false } },
      },
    });
    radarCanvas.dataset.rendered = "1";
  }

  const matrix = data("kraljic-data");
  const matrixCanvas = document.getElementById("kraljic-chart");
  if (matrix && matrixCanvas && window.Chart) {
    const datasets = matrix.segments.map(function (segment) {
      return {
        label: segment.label,
        data: matrix.points.filter(function (p) { return p.segment === segment.code; }),
        backgroundColor: segment.colour,
        borderColor: segment.colour,
        pointRadius: 5,
        pointHoverRadius: 7,
      };
    });
    const maxShare = Math.max(1, ...matrix.points.map(function (p) { return p.x; }));
    const threshold = {
      label: "High supply risk from " + matrix.threshold,
      type: "line",
      threshold: true,
      data: [{ x: 0, y: matrix.threshold }, { x: maxShare, y: matrix.threshold }],
      borderColor: "rgba(0, 0, 0, 0.35)",
      borderDash: [6, 4],
      borderWidth: 1,
      pointRadius: 0,
      pointHoverRadius: 0,
    };
    const chart = new Chart(matrixCanvas, {
      type: "scatter",
      data: { datasets: datasets.concat([threshold]) },
      options: {
        animation: false,
        maintainAspectRatio: false,
        parsing: { xAxisKey: "x", yAxisKey: "y" },
        scales: {
          x: { title: { display: true, text: "Share of trailing-12-month spend (%)" }, min: 0 },
          y: { title: { display: true, text: "Supply risk (composite 0-100)" }, min: 0, max: 100 },
        },
        plugins: {
          tooltip: {
            filter: function (item) { return !item.dataset.threshold; },
            callbacks: {
              label: function (ctx) {
                const p = ctx.raw;
                return p.name + " (" + p.code + "): " + p.x.toFixed(2) + " % spend, risk " + p.y;
              },
            },
          },
        },
        onClick: function (event, elements) {
          if (elements.length && elements[0].datasetIndex < datasets.length) {
            const p = datasets[elements[0].datasetIndex].data[elements[0].index];
            window.location.href = "/suppliers/" + encodeURIComponent(p.code) + "/risk/";
          }
        },
      },
    });
    matrixCanvas.dataset.points = String(matrix.points.length);
    matrixCanvas.dataset.rendered = "1";
    window.kraljicChart = chart;
  }
})();
