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
