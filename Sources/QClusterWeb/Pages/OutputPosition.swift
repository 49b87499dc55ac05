import QCluster

/// How far a task page showed a task: its state, its attempt and the bytes of each stream.
/// The page's live stream goes on from there, and ends (the page reloads) when the state moves on.
struct OutputPosition: Sendable, Equatable {
    var state: String
    var attempt: Int
    var standardOutput: Int
    var standardError: Int

    init(state: String, attempt: Int, standardOutput: Int, standardError: Int) {
        self.state = state
        self.attempt = attempt
        self.standardOutput = standardOutput
        self.standardError = standardError
    }

    /// Read from the stream's address; a missing or wrong number counts as 0 (everything is sent).
    init(fields: [String: String]) {
        func number(_ key: String) -> Int { fields[key].flatMap { Int($0) }.map { max(0, $0) } ?? 0 }
        self.init(state: fields["state"] ?? "", attempt: number("attempt"), standardOutput: number("stdout"), standardError: number("stderr"))
    }

    func count(_ stream: OutputSpool.Stream) -> Int { stream == .stdout ? standardOutput : standardError }

    /// The live stream's address for `task`.
    func eventsAddress(_ task: TaskID) -> String {
        "/tasks/\(task.hex)/output/events?state=\(URLText.encode(state))&attempt=\(attempt)&stdout=\(standardOutput)&stderr=\(standardError)"
    }
}
