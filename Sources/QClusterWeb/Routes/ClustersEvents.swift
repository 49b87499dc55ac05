/// The clusters page's live stream: its clusters fragment, sent again whenever it changed.
struct ClustersEvents: EventProducer {
    let routes: ClusterRoutes
    var last = ""

    mutating func next() async throws -> [ServerEvent]? {
        let fragment = ClustersPage(overview: try await routes.overview(), token: routes.token).fragment.text
        guard fragment != last else { return [] }
        last = fragment
        return [ServerEvent(name: "replace", data: fragment)]
    }
}
