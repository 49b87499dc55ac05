import QCluster

/// A task page's live output: `append` events with what the task printed since the page
/// showed it (text, which the page adds as text), then `end` once the task is final or its
/// state moved on from the page's, so that the page reloads and shows it.
struct TaskOutputEvents: EventProducer {
    let broker: BrokerAccess
    let spool: OutputSpool
    let task: TaskID
    let shown: OutputPosition
    private var follower: TaskOutputFollower?
    /// Bytes of each stream the page showed already, still to leave out.
    private var skipping: [OutputSpool.Stream: Int] = [:]
    private var text: [OutputSpool.Stream: UTF8Chunks] = [:]
    private var ended = false

    init(broker: BrokerAccess, spool: OutputSpool, task: TaskID, shown: OutputPosition) {
        self.broker = broker
        self.spool = spool
        self.task = task
        self.shown = shown
    }

    mutating func next() async throws -> [ServerEvent]? {
        guard !ended else { return nil }
        let task = self.task
        // Gone (deleted with its group): the reload says so.
        guard let status = try await broker.use({ try $0.status(of: task.hex) }) else { return end(with: "") }
        var follower = self.follower ?? TaskOutputFollower(spool: spool, status: status)
        if self.follower == nil, follower.attempt == shown.attempt {
            skipping = [.stdout: shown.standardOutput, .stderr: shown.standardError]
        }
        var skipping = self.skipping, text = self.text, printed = ""
        let done = follower.advance(to: status, follow: true) { stream, bytes in
            let skipped = min(skipping[stream] ?? 0, bytes.count)
            skipping[stream] = (skipping[stream] ?? 0) - skipped
            printed += text[stream, default: UTF8Chunks()].text(bytes.dropFirst(skipped))
        }
        self.follower = follower
        self.skipping = skipping
        self.text = text
        if done || status.stateWord != shown.state {
            for stream in OutputSpool.Stream.allCases { printed += self.text[stream]?.rest() ?? "" }
            return end(with: printed)
        }
        return printed.isEmpty ? [] : [ServerEvent(name: "append", data: printed)]
    }

    private mutating func end(with printed: String) -> [ServerEvent] {
        ended = true
        return (printed.isEmpty ? [] : [ServerEvent(name: "append", data: printed)]) + [ServerEvent(name: "end", data: "over")]
    }

    func finish() { follower?.close() }
}
