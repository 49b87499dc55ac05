import Testing
@testable import QCluster
@testable import QClusterWeb

@Suite("the tasks page's filter")
struct TaskListQueryTests {
    typealias Fixtures = TaskPagesFixtures

    @Test("reads the form: empty and unknown values are no filter, the limit stays within range")
    func readsFields() {
        let query = TaskListQuery(fields: ["state": "nonsense", "cluster": "  ", "group": " g ", "limit": "99999"])
        #expect(query.state == nil && query.cluster == nil && query.group == "g" && query.limit == TaskListQuery.maximumLimit)
        #expect(TaskListQuery(fields: ["limit": "0"]).limit == 1)
        #expect(TaskListQuery(fields: [:]) == TaskListQuery())
    }

    @Test("the states the broker cannot tell apart are narrowed here, over a bounded look")
    func narrowsStates() {
        let cancelled: TaskStatus = {
            guard case var .finished(result) = Fixtures.finished() else { fatalError() }
            result.interruption = .cancelled
            return .finished(result)
        }()
        let query = TaskListQuery(state: .cancelled)
        #expect(query.brokerFilter.state == .failed && query.brokerFilter.limit == TaskListQuery.scanLimit)
        #expect(query.select([Fixtures.finished(), cancelled]).tasks == [cancelled])
        #expect(TaskListQuery(state: .failed).select([Fixtures.finished(), cancelled]).tasks.count == 2)
    }

    @Test("the name filter matches part of the name in any case, or the start of the id")
    func matchesNames() {
        let status = Fixtures.queued()
        #expect(TaskListQuery(name: "X<B").matches(status))
        #expect(TaskListQuery(name: String(status.message.id.hex.prefix(6))).matches(status))
        #expect(!TaskListQuery(name: "nothing").matches(status))
    }

    @Test("the address lists the same again, whatever the values hold")
    func addressRoundTrip() {
        let query = TaskListQuery(state: .waiting, cluster: "a b", group: "x&y=z", name: "%/?#", limit: 7)
        let address = query.address(adding: [("rerun", "3")])
        #expect(address == "/tasks?state=waiting&cluster=a%20b&group=x%26y%3Dz&name=%25%2F%3F%23&limit=7&rerun=3")
        var fields: [String: String] = [:]
        for pair in address.dropFirst("/tasks?".count).split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            fields[parts[0]] = URLText.decodePathSegment(parts[1])
        }
        #expect(TaskListQuery(fields: fields) == query)
        #expect(TaskListQuery().address() == "/tasks")
    }
}
