import Hummingbird
import QCluster

/// The tasks pages, a task's output stream, and cancelling, killing and rerunning tasks: each
/// the library call of the `qctl` command that does the same.
struct TaskRoutes {
    let broker: BrokerAccess
    let token: WebToken
    let configuration: Configuration

    func add(to router: Router<some RequestContext>) {
        router.get("/tasks") { request, _ in
            let query = TaskListQuery(fields: Self.queryFields(request))
            let (statuses, queues) = try await broker.use { broker in
                (try broker.tasks(query.brokerFilter), try broker.statistics().queues.map(\.cluster))
            }
            var page = TasksPage(query: query, list: query.select(statuses), clusters: queues,
                                 defaultCluster: configuration.defaultClusterName, token: token, now: Clock.nowMilliseconds())
            page.rerunCount = Self.queryFields(request)["rerun"].flatMap { Int($0) }
            return WebResponse.page(page.html)
        }
        router.post("/tasks/rerun-failed") { request, _ in
            guard let form = try await ActionForm.read(request, token: token) else { return ActionForm.forbidden }
            let query = TaskListQuery(fields: form.fields)
            return try await refusing(back: query.address()) {
                let selection = TaskSelection.groupOrCluster(group: query.group, cluster: query.cluster,
                                                             defaultCluster: configuration.defaultClusterName)
                let copies = try await broker.use { try $0.rerun(selection) }
                return WebResponse.redirect(to: query.address(adding: [("rerun", String(copies.count))]))
            }
        }
        router.get("/tasks/:task") { _, context in
            let key = try Self.taskKey(context)
            return try await refusing(back: "/tasks") {
                let (status, output, stats) = try await broker.use { broker in
                    var output = TaskOutput()
                    let status = try TaskOutputReader(broker: broker, configuration: configuration).read(key, follow: false) { output.add($0, $1) }
                    return (status, output, status.isRunning ? try broker.clusterStats() : [])
                }
                let page = TaskPage(status: status, output: output, worker: RunningWorker.find(status.message.id, in: stats),
                                    token: token, now: Clock.nowMilliseconds())
                return WebResponse.page(page.html)
            }
        }
        router.get("/tasks/:task/output/events") { request, context in
            let key = try Self.taskKey(context)
            return try await refusing(back: "/tasks") {
                guard let status = try await broker.use({ try $0.status(of: key) }) else { throw BrokerError.unknownTask(key) }
                let events = TaskOutputEvents(broker: broker, spool: OutputSpool(brokerPath: configuration.brokerPath),
                                              task: status.message.id, shown: OutputPosition(fields: Self.queryFields(request)))
                return EventStream.response(every: 500, events)
            }
        }
        router.post("/tasks/:task/cancel") { request, context in
            try await act(request, context) { broker, key in try broker.cancel(.tasks([key])) }
        }
        router.post("/tasks/:task/kill") { request, context in
            try await act(request, context) { broker, key in [try broker.kill(key)] }
        }
        router.post("/tasks/:task/rerun") { request, context in
            // To the new task: that is the one to watch.
            try await act(request, context) { broker, key in try broker.rerun(.tasks([key])) }
        }
    }

    /// Posts an action on the task of the address, then goes to the page of the task it
    /// returned (the new one for a rerun); a refusal says why on a page that links back.
    private func act(_ request: Request, _ context: some RequestContext,
                     _ action: @escaping @Sendable (any Broker, String) throws -> [TaskMessage]) async throws -> Response {
        guard try await ActionForm.read(request, token: token) != nil else { return ActionForm.forbidden }
        let key = try Self.taskKey(context)
        return try await refusing(back: "/tasks/" + URLText.encode(key)) {
            let messages = try await broker.use { try action($0, key) }
            return WebResponse.redirect(to: messages.first.map { "/tasks/\($0.id.hex)" } ?? "/tasks/" + URLText.encode(key))
        }
    }

    /// `body`'s response, or the page of the error a user can act on that it threw, linking to `back`.
    private func refusing(back: String, _ body: () async throws -> Response) async throws -> Response {
        do {
            return try await body()
        } catch let error as any UserFacingError {
            return WebResponse.refusal(error, back: back, section: .tasks)
        }
    }

    /// The task's id, id prefix or name, as the address holds it (`%XX` decoded; a stray `%`
    /// kept, so that the lookup says no such task).
    private static func taskKey(_ context: some RequestContext) throws -> String {
        let segment = try context.parameters.require("task")
        return URLText.decodePathSegment(segment) ?? segment
    }

    /// The address's query as a form sends it (`+` for spaces, `%XX`); empty when it is not one.
    private static func queryFields(_ request: Request) -> [String: String] {
        (try? URLEncodedFormDecoder().decode([String: String].self, from: request.uri.query ?? "")) ?? [:]
    }
}
