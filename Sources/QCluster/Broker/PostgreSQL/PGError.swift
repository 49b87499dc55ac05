/// A failure reported by libpq or the server: its SQLSTATE when the server sent one, and the
/// message, first line only.
struct PGError: Error, CustomStringConvertible {
    /// The five-character SQLSTATE; nil for a failure of the connection itself.
    var sqlState: String?
    var message: String
    /// Whether the connection is gone (the server restarted, the network failed): the next call
    /// connects again.
    var connectionLost: Bool

    var description: String { message }

    /// Two transactions waited for each other, or a serializable one lost: running it again succeeds.
    var isRetryable: Bool { sqlState == "40001" || sqlState == "40P01" }

    /// libpq's messages end in a newline and may carry DETAIL or HINT lines; one line is shown,
    /// without the server's severity words.
    static func firstLine(_ text: String) -> String {
        let line = text.split(separator: "\n", omittingEmptySubsequences: true).first.map(String.init) ?? text
        var words = line
        for severity in ["FATAL:  ", "ERROR:  "] {
            words = words.split(separator: severity, omittingEmptySubsequences: false).joined()
        }
        return words
    }
}
