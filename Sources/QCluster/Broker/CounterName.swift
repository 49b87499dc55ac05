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
}
