import Hummingbird
import QCluster

/// `/metrics`: the queue in Prometheus' text format, behind the token like every page
/// (Prometheus sends `Authorization: Bearer TOKEN`).
struct MetricsRoute {
    let collector: MetricsCollector

    static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    func add(to router: Router<some RequestContext>) {
        router.get("/metrics") { _, _ in
            WebResponse.text(try await collector.scrape(), contentType: Self.contentType)
        }
    }
}
