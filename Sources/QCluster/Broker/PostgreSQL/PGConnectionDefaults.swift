import Glibc

/// The libpq settings qctl gives a connection unless its URL says otherwise.
enum PGConnectionDefaults {
    /// A command: a person or script waits for it; a slow network gets 10 s to connect.
    case command
    /// A cluster's process: it must notice a server gone without a word (a host powered off, a
    /// network dropping packets) in seconds, not after TCP's own timeouts of many minutes, so
    /// that its guard cycle keeps running: 3 s to connect, keepalives after 10 s idle every 5 s
    /// (3 unanswered end it), and at most 15 s for sent data to be acknowledged.
    case clusterProcess

    /// The settings, less those whose libpq variable (`PGCONNECT_TIMEOUT`, `PGAPPNAME`) is set:
    /// libpq lets the variables win over its own defaults, and they win over qctl's too. The
    /// URL's settings win over both.
    var settings: [(key: String, value: String)] {
        settings(variable: { getenv($0).map { String(cString: $0) } })
    }

    /// ``settings`` with the variables `variable` gives.
    func settings(variable: (String) -> String?) -> [(key: String, value: String)] {
        allSettings.filter { setting in Self.variables[setting.key].flatMap(variable).map(\.isEmpty) ?? true }
    }

    private static let variables = ["connect_timeout": "PGCONNECT_TIMEOUT", "application_name": "PGAPPNAME"]

    private var allSettings: [(key: String, value: String)] {
        switch self {
        case .command:
            return [("connect_timeout", "10"), ("application_name", "qctl")]
        case .clusterProcess:
            return [("connect_timeout", "3"), ("application_name", "qctl cluster"), ("keepalives", "1"), ("keepalives_idle", "10"),
                    ("keepalives_interval", "5"), ("keepalives_count", "3"), ("tcp_user_timeout", "15000")]
        }
    }
}
