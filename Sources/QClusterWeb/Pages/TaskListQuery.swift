import QCluster

/// What the tasks page lists, as its filter form sends it in the address
/// (`/tasks?state=failed&cluster=long&name=thumb&limit=200`): the states of `qctl tasks` and a
/// few finer ones, a cluster, a group, part of a name, and how many at most.
struct TaskListQuery: Sendable, Equatable {
    /// A state to list. The first four are `qctl tasks --queued/--leased/--success/--failed`
    /// (queued includes waiting, failed includes cancelled and killed); the others narrow one.
    enum State: String, CaseIterable, Sendable {
        case queued, waiting, leased, success, failed, cancelled, killed

        var label: String {
            switch self {
            case .queued: "queued (waiting too)"
            case .waiting: "waiting for other tasks"
            case .leased: "running (leased)"
            case .success: "succeeded"
            case .failed: "failed (cancelled and killed too)"
            case .cancelled: "cancelled"
            case .killed: "killed"
            }
        }

        var listed: TaskListFilter.State {
            switch self {
            case .queued, .waiting: .queued
            case .leased: .leased
            case .success: .succeeded
            case .failed, .cancelled, .killed: .failed
            }
        }

        /// The state word a task must have, when the library's state is wider than this one.
        var narrowedTo: String? {
            switch self {
            case .waiting, .cancelled, .killed: rawValue
            default: nil
            }
        }
    }

    static let defaultLimit = 200
    static let maximumLimit = 1000
    /// How many tasks a filter the broker cannot apply itself (a name, a finer state) looks
    /// through, in list order: enough for a dashboard, without reading every result there is.
    static let scanLimit = 2000

    var state: State?
    var cluster: String?
    var group: String?
    /// Part of the task's name (any case), or the start of its id.
    var name: String?
    var limit = TaskListQuery.defaultLimit

    init(state: State? = nil, cluster: String? = nil, group: String? = nil, name: String? = nil, limit: Int = TaskListQuery.defaultLimit) {
        self.state = state
        self.cluster = cluster
        self.group = group
        self.name = name
        self.limit = min(max(limit, 1), Self.maximumLimit)
    }

    /// The form's fields; an empty or unknown value means no filter, a limit out of range the nearest allowed.
    init(fields: [String: String]) {
        func text(_ key: String) -> String? {
            guard let value = fields[key]?.trimmingSpaces, !value.isEmpty else { return nil }
            return value
        }
        self.init(state: text("state").flatMap(State.init(rawValue:)), cluster: text("cluster"), group: text("group"),
                  name: text("name"), limit: text("limit").flatMap { Int($0) } ?? Self.defaultLimit)
    }

    /// Whether it filters beyond what the broker selects.
    var narrows: Bool { name != nil || state?.narrowedTo != nil }

    /// What to ask the broker for: one more than shown, to tell whether more exist; with a
    /// filter of its own, the tasks it looks through.
    var brokerFilter: TaskListFilter {
        TaskListFilter(state: state?.listed, cluster: cluster, group: group, limit: narrows ? Self.scanLimit : limit + 1)
    }

    /// Whether `status` passes the filters the broker did not apply.
    func matches(_ status: TaskStatus) -> Bool {
        if let word = state?.narrowedTo, status.stateWord != word { return false }
        if let name {
            let wanted = name.lowercased()
            return status.message.name.lowercased().contains(wanted) || status.message.id.hex.hasPrefix(wanted)
        }
        return true
    }

    /// The tasks to show from what the broker returned for ``brokerFilter``.
    func select(_ statuses: [TaskStatus]) -> TaskList {
        let matching = narrows ? statuses.filter(matches) : statuses
        return TaskList(tasks: Array(matching.prefix(limit)), hasMore: matching.count > limit,
                        scanWasCut: narrows && statuses.count >= Self.scanLimit)
    }

    /// The filter's values by field name, those set only: what the form and the address hold.
    var fields: [(String, String)] {
        var pairs: [(String, String)] = []
        if let state { pairs.append(("state", state.rawValue)) }
        if let cluster { pairs.append(("cluster", cluster)) }
        if let group { pairs.append(("group", group)) }
        if let name { pairs.append(("name", name)) }
        if limit != Self.defaultLimit { pairs.append(("limit", String(limit))) }
        return pairs
    }

    /// The address that lists the same (`/tasks?state=failed&cluster=long`), with `extra` pairs after.
    func address(adding extra: [(String, String)] = []) -> String {
        let pairs = fields + extra
        return "/tasks" + (pairs.isEmpty ? "" : "?" + pairs.map { "\($0.0)=\(URLText.encode($0.1))" }.joined(separator: "&"))
    }
}
