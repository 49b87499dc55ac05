/// The names of the counters a broker keeps as tasks move, so that queue sizes and totals are
/// read without a scan.
enum CounterName {
    static let sequence = "seq"
    static let enqueued = "enqueued"
    static let writes = "writes"
    static func queued(_ cluster: String) -> String { "queued/" + cluster }
    static func leased(_ cluster: String) -> String { "leased/" + cluster }
    static func succeeded(_ cluster: String) -> String { "succeeded/" + cluster }
    static func failed(_ cluster: String) -> String { "failed/" + cluster }
    static func waiting(_ cluster: String) -> String { "waiting/" + cluster }
    /// The results a PostgreSQL broker stores for a cluster, successes and failures (the LMDB
    /// broker counts its result indexes instead): `info` sums them, and save_limit prunes by
    /// them. Per cluster, so that clusters recording at once do not queue for one row.
    static func saved(_ success: Bool, _ cluster: String) -> String { (success ? savedSuccessesPrefix : savedFailuresPrefix) + cluster }
    static let savedSuccessesPrefix = "saved-successes/"
    static let savedFailuresPrefix = "saved-failures/"

    /// The queues' counts from counters by name; other counters are left out.
    static func queueCounts(_ counters: [(name: String, value: Int)]) -> [QueueCounts] {
        var queues: [String: QueueCounts] = [:]
        for (name, count) in counters {
            guard let slash = name.firstIndex(of: "/") else { continue }
            let cluster = String(name[name.index(after: slash)...])
            var counts = queues[cluster] ?? QueueCounts(cluster: cluster, queued: 0, leased: 0, succeeded: 0, failed: 0)
            switch name[..<slash] {
            case "queued": counts.queued = count
            case "leased": counts.leased = count
            case "succeeded": counts.succeeded = count
            case "failed": counts.failed = count
            case "waiting": counts.waiting = count
            default: continue
            }
            queues[cluster] = counts
        }
        return queues.values.sorted { $0.cluster < $1.cluster }
    }
}
