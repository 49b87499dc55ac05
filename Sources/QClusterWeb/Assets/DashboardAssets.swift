import Hummingbird

/// The dashboard's stylesheet and script, compiled in: qctl-web is one file to install.
enum DashboardAssets {
    static let stylePath = "/assets/dashboard.css"
    static let scriptPath = "/assets/dashboard.js"

    static func add(to router: Router<some RequestContext>) {
        router.get(.init(stringLiteral: stylePath)) { _, _ in WebResponse.text(style, contentType: "text/css; charset=utf-8") }
        router.get(.init(stringLiteral: scriptPath)) { _, _ in WebResponse.text(script, contentType: "text/javascript; charset=utf-8") }
    }

    /// Pages work without it; with it, an element with `data-live="/events/…"` follows that
    /// stream of server-sent events: `replace` puts in the markup the server rendered (and
    /// escaped), `append` adds text as text, `end` reloads the page to show the final state.
    static let script = """
        "use strict";
        for (const element of document.querySelectorAll("[data-live]")) {
          const events = new EventSource(element.dataset.live);
          events.addEventListener("replace", (event) => { element.innerHTML = event.data; });
          events.addEventListener("append", (event) => {
            element.textContent += event.data;
            if (element.dataset.follow !== undefined) element.scrollTop = element.scrollHeight;
          });
          events.addEventListener("end", () => { events.close(); location.reload(); });
          // A stream of text to add would start over if the browser reconnected on its own:
          // the page shows where it stands instead.
          if (element.dataset.follow !== undefined) {
            events.addEventListener("error", () => { events.close(); location.reload(); });
          }
        }

        """

    static let style = """
        :root { color-scheme: light dark; --line: #8884; --muted: #888; --ok: #2a7a3a; --bad: #b3261e; --accent: #3a5fcd; }
        body { font: 15px/1.45 system-ui, sans-serif; margin: 0; }
        nav { display: flex; gap: 1.2em; align-items: baseline; padding: .7em 1.5em; border-bottom: 1px solid var(--line); }
        nav a { text-decoration: none; color: inherit; }
        nav a[aria-current] { font-weight: 600; border-bottom: 2px solid var(--accent); }
        nav .metrics { margin-left: auto; color: var(--muted); }
        main { padding: 1em 1.5em 3em; max-width: 80em; }
        h1 { font-size: 1.4em; margin: .4em 0 .8em; }
        h2 { font-size: 1.1em; margin: 1.4em 0 .5em; }
        table { border-collapse: collapse; width: 100%; margin: .4em 0 1em; }
        th, td { text-align: left; padding: .3em .6em; border-bottom: 1px solid var(--line); vertical-align: top; }
        th { font-weight: 600; font-size: .85em; color: var(--muted); text-transform: uppercase; letter-spacing: .03em; }
        code, pre, .mono { font-family: ui-monospace, monospace; font-size: .92em; }
        pre.output { background: #8881; padding: .8em; max-height: 32em; overflow: auto; white-space: pre-wrap; word-break: break-all; }
        .state-succeeded, .state-success, .ok { color: var(--ok); }
        .state-cancelled { color: var(--muted); }
        .state-failed, .state-killed, .error { color: var(--bad); }
        .muted { color: var(--muted); }
        .cluster { border: 1px solid var(--line); border-radius: 6px; padding: .2em 1em .6em; margin: 0 0 1.2em; }
        form.inline { display: inline; }
        form.filters { display: flex; gap: .6em; flex-wrap: wrap; align-items: end; margin: 0 0 1em; }
        label { display: block; font-size: .85em; color: var(--muted); }
        input, select, button { font: inherit; padding: .25em .5em; }
        button { cursor: pointer; }
        button.danger { color: var(--bad); }
        form.schedule-form .field { margin: .45em 0; }
        form.schedule-form .field small { display: block; }
        input.wide { width: min(40em, 100%); }
        dl.facts { display: grid; grid-template-columns: max-content auto; gap: .25em 1.2em; }
        dl.facts dt { color: var(--muted); }
        dl.facts dd { margin: 0; }

        """
}
