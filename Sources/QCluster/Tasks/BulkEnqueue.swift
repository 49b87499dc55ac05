/// `qctl enqueue --stdin`: every line of the input checked into a task before any is enqueued,
/// then the tasks enqueued in transactions of ``batchSize``.
public enum BulkEnqueue {
    /// Tasks a transaction takes: well inside LMDB's dirty-page limit.
    public static let batchSize = 20_000

    /// The task of every line of `input` (blank lines skipped), or the first line's error.
    /// `lookup` finds tasks in the broker that a line's `after` names.
    public static func messages(from input: [UInt8], parser: inout TaskLineParser, lookup: TaskLookup) throws(TaskInputError) -> [TaskMessage] {
        var messages: [TaskMessage] = []
        var number = 0
        // Split bytes, not Characters: grapheme breaking would cost more than the JSON.
        for line in input.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            number += 1
            if let message = try parser.message(line: line, number: number, lookup: lookup) { messages.append(message) }
        }
        return messages
    }

    /// Enqueues `messages` in batches; `committed` gets each batch once it is durable.
    public static func enqueue(_ messages: [TaskMessage], into broker: any Broker, committed: ([TaskMessage]) -> Void) throws(BrokerError) {
        for start in stride(from: 0, to: messages.count, by: batchSize) {
            // One batch (the usual case) is the array itself, not a copy of it.
            let batch = messages.count <= batchSize ? messages : Array(messages[start..<min(start + batchSize, messages.count)])
            try broker.enqueue(batch)
            committed(batch)
        }
    }
}
