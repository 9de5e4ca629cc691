// CSRF token for htmx requests (POSTs from hx-post buttons).
document.addEventListener("htmx:configRequest", function (event) {
  const token = document.querySelector("meta[name=csrf-token]");
  if (token) { event.detail.headers["X-CSRFToken"] = token.content; }
});

// Bad input answers 400 with the fragment that explains it (a what-if preview naming the
// wrong values, the task board as it stands): show it. htmx leaves 4xx unswapped by default,
// which left the previous preview on screen as if the bad values had been accepted.
document.addEventListener("htmx:beforeSwap", function (event) {
  if (event.detail.xhr.status === 400) {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});

// Behaviours that used to be inline scripts (the Content-Security-Policy allows no
// inline script): each is switched on by a data attribute in the template.

// <form data-busy="ID-of-spinner ID-of-submit">: show the spinner and disable the
// button while a slow upload is processed.
document.querySelectorAll("form[data-busy]").forEach(function (form) {
  form.addEventListener("submit", function () {
    const [spinner, submit] = form.dataset.busy.split(" ");
    document.getElementById(spinner)?.classList.remove("d-none");
    const button = document.getElementById(submit);
    if (button) { button.disabled = true; }
  });
});

// <form data-bootstrap-fields> (or ="include-checkboxes"): Bootstrap classes on the
// widgets Django renders bare.
document.querySelectorAll("form[data-bootstrap-fields]").forEach(function (form) {
  const checkboxes = form.dataset.bootstrapFields === "include-checkboxes" ? "" : ":not([type=checkbox])";
  form.querySelectorAll(`input${checkboxes}:not([type=hidden]), select, textarea`).forEach(function (e) {
    e.classList.add(e.tagName === "SELECT" ? "form-select" : "form-control");
  });
});

// <select data-autosubmit>: submit the form when the choice changes.
document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
  select.addEventListener("change", function () { select.form.submit(); });
});
