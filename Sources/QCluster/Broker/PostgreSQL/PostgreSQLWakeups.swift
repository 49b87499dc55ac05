import Glibc

/// The PostgreSQL broker's wake-ups: LISTEN/NOTIFY on a channel per cluster. The broker's own
/// changes send their NOTIFY inside their transaction, so a listener wakes when the tasks are
/// there to lease (on every host), never before the commit.
struct PostgreSQLWakeups: WakeupChannel {
    let url: String
    let defaults: PGConnectionDefaults

    /// The channel of `cluster`: channel names are identifiers of at most 63 bytes, so a long
    /// name is cut (two clusters that share the cut only wake each other for nothing).
    static func channel(for cluster: String) -> String {
        var name = "qctl:" + cluster
        while name.utf8.count > 63 { name.removeLast() }
        return name
    }

    func notify(cluster: String) {
        guard let connection = try? PGConnection(url: url, defaults: defaults) else { return }
        _ = try? connection.query("SELECT pg_notify($1, '')", [.text(Self.channel(for: cluster))])
    }

    func listen(cluster: String) -> (any WakeupListener)? {
        PostgreSQLWakeupListener(url: url, channel: Self.channel(for: cluster), defaults: defaults)
    }
}

/// A connection that listens to one channel. When the connection is lost its descriptor is -1
/// (poll(2) skips it) and the listener connects again at most once a second, when asked for it;
/// a wake-up lost meanwhile only delays a task until the cluster's next look.
final class PostgreSQLWakeupListener: WakeupListener {
    private let url: String
    private let channel: String
    private let defaults: PGConnectionDefaults
    private var connection: PGConnection?
    private var lastAttempt: UInt64 = 0

    init?(url: String, channel: String, defaults: PGConnectionDefaults) {
        self.url = url
        self.channel = channel
        self.defaults = defaults
        guard connect() else { return nil }
    }

    private func connect() -> Bool {
        lastAttempt = Clock.monotonicNanoseconds()
        do {
            let fresh = try PGConnection(url: url, defaults: defaults)
            // A quoted identifier: its double quotes are doubled.
            try fresh.run("LISTEN \"" + channel.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\"")
            connection = fresh
            return true
        } catch {
            connection = nil
            return false
        }
    }

    var fd: Int32 {
        if connection?.isOpen != true, Clock.monotonicNanoseconds() - lastAttempt > 1_000_000_000 { _ = connect() }
        return connection?.isOpen == true ? connection!.socket : -1
    }

    func drain() {
        guard let connection else { return }
        _ = connection.takeNotifications()
        if !connection.isOpen { self.connection = nil }
    }

    func close() {
        connection = nil
    }
}
