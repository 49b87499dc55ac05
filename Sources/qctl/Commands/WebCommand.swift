import ArgumentParser
import QCluster

struct WebCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "web",
        abstract: "Serve a dashboard of the broker's clusters, tasks and schedules, and metrics for Prometheus.",
        discussion: """
        The dashboard shows each cluster with its workers and queues (updated live), the tasks \
        by state with their output (followed while a task runs), and the schedules; its forms \
        cancel, kill and rerun tasks, pause and resume queues, and add, pause, resume, run and \
        remove schedules, as the commands of the same names do. /metrics gives the queue in \
        Prometheus' text format.

        Every request needs the token: from web.token in qcluster.yaml, else one generated \
        into a file beside the broker (0600, kept for the next start). qctl web prints a login \
        link with it at start; the link sets a cookie and the browser needs no more. Scripts \
        and Prometheus send it as 'Authorization: Bearer TOKEN'. Listening on an address other \
        than loopback needs web.token (exit 78 otherwise); put TLS in front with a reverse \
        proxy.

        The broker must exist (qctl start, qctl enqueue or qctl broker init makes it; exit 69 \
        otherwise). The server is qctl-web, installed beside qctl; qctl web runs it in its \
        place. It stops at Ctrl-C or SIGTERM.

        EXAMPLES:
          qctl web
          qctl web --listen 127.0.0.1:9000
          qctl web --listen 0.0.0.0:8080      # needs web.token
          curl -H "Authorization: Bearer $TOKEN" http://127.0.0.1:8080/metrics
        """
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp(
        "Where to listen: a numeric IPv4 or IPv6 address (or localhost) and a port; port 0 picks a free one.",
        valueName: "address:port"))
    var listen = "127.0.0.1:8080"

    func run() throws {
        var arguments = ["--listen", listen]
        if let config = global.config { arguments += ["--config", config] }
        try SiblingExecutable.exec("qctl-web", arguments: arguments)
    }
}
