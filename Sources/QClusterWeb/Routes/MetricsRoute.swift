import Hummingbird
import QCluster

/// `/metrics`: the queue in Prometheus' text format.
struct MetricsRoute {
    let broker: BrokerAccess

    func add(to router: Router<some RequestContext>) {
        router.get("/metrics") { _, _ in
            WebResponse.text("", contentType: "text/plain; version=0.0.4; charset=utf-8")
        }
    }
}
