import QCluster

/// What `qctl pause` and `qctl resume` print.
enum PausePresenter {
    static func print(cluster: String, paused: Bool, changed: Bool, json: Bool) {
        if json {
            Terminal.print(JSONValue.object([("cluster", .string(cluster)), ("paused", .bool(paused)), ("changed", .bool(changed))]).rendered())
        } else if paused {
            Terminal.print(changed ? "paused queue '\(cluster)': no cluster takes its tasks until qctl resume; running tasks finish"
                                   : "queue '\(cluster)' was already paused")
        } else {
            Terminal.print(changed ? "resumed queue '\(cluster)'" : "queue '\(cluster)' was not paused")
        }
    }
}
