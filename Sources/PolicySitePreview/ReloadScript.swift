/// The script `serve` adds to every HTML page it serves (never to the built files): it asks the
/// server once a second whether a build happened, reloads the page when one did, and shows the
/// last build's errors over the page.
enum ReloadScript {
    static func tag(generation: Int, statusPath: String) -> String {
        """
        <script>
        (function () {
          var generation = \(generation);
          function show(errors) {
            var box = document.getElementById("policysite-errors");
            if (!errors.length) { if (box) box.remove(); return; }
            if (!box) {
              box = document.createElement("pre");
              box.id = "policysite-errors";
              box.setAttribute("role", "alert");
              box.style.cssText = "position:fixed;left:0;right:0;bottom:0;max-height:50vh;overflow:auto;margin:0;padding:1em;background:#fff0f0;color:#8b0000;border-top:3px solid #8b0000;font:14px/1.4 monospace;white-space:pre-wrap;z-index:2147483647";
              document.body.appendChild(box);
            }
            box.textContent = "policysite: the last build failed; this is the last good site.\\n\\n" + errors.join("\\n");
          }
          function poll() {
            fetch("\(statusPath)", { cache: "no-store" }).then(function (response) { return response.json(); }).then(function (status) {
              if (status.generation !== generation && !status.errors.length) { location.reload(); return; }
              generation = status.generation;
              show(status.errors);
            }).catch(function () {}).then(function () { setTimeout(poll, 1000); });
          }
          setTimeout(poll, 1000);
        })();
        </script>
        """
    }
}
