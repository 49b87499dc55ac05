import Hummingbird
import QCluster

/// The clusters page, its live stream, and pausing and resuming a queue.
struct ClusterRoutes {
    let broker: BrokerAccess
    let token: WebToken

    func add(to router: Router<some RequestContext>) {
        router.get("/") { _, _ in
            WebResponse.page(ClustersPage(overview: try await overview(), token: token).html)
        }
        router.get("/events/clusters") { _, _ in
            EventStream.response(every: 1000, ClustersEvents(routes: self))
        }
        for (verb, paused) in [("pause", true), ("resume", false)] {
            router.post("/queues/:cluster/\(verb)") { request, context in
                guard try await ActionForm.read(request, token: token) != nil else { return ActionForm.forbidden }
                let cluster = try context.parameters.require("cluster")
                guard ClusterName.isValid(cluster) else { return WebResponse.page(PageLayout.refusal("'\(cluster)' is not a cluster name", back: "/", section: .clusters), status: .badRequest) }
                _ = try await broker.use { try $0.setQueuePaused(cluster: cluster, paused) }
                return WebResponse.redirect(to: "/")
            }
        }
    }

    func overview() async throws -> ClusterOverview { try await broker.use { try ClusterOverview.read(from: $0) } }
}
