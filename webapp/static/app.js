// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";

  // Review queue: keys 1–9 choose the category button with that number.
  var decide = document.getElementById("decide");
  if (decide) {
    document.addEventListener("keydown", function (event) {
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      var target = event.target;
      if (target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA" || target.tagName === "SELECT")) return;
      var button = decide.querySelector('button[data-key="' + event.key + '"]');
      if (button) {
        event.preventDefault();
        button.click();
      }
    });
  }

  // Models page: follow a running training job without reloading the page.
  var job = document.getElementById("job");
  if (job && (job.dataset.status === "queued" || job.dataset.status === "running") && window.fetch) {
    var bar = document.getElementById("job-progress");
    var pct = document.getElementById("job-pct");
    var message = document.getElementById("job-message");
    var poll = function () {
      fetch("/api/jobs/" + encodeURIComponent(job.dataset.job), { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
        .then(function (data) {
          bar.value = data.progress;
          pct.textContent = Math.round(data.progress * 100) + "%";
          if (data.message_vi) message.textContent = data.message_vi;
          if (data.status === "done" || data.status === "failed") {
            window.location.reload();
          } else {
            window.setTimeout(poll, 1500);
          }
        })
        .catch(function () { window.setTimeout(poll, 5000); });
    };
    window.setTimeout(poll, 1000);
  }
})();
