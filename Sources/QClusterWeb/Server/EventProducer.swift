/// What a stream of server-sent events sends each time it looks: the events (none when nothing
/// changed), or nil when it is over.
protocol EventProducer: Sendable {
    mutating func next() async throws -> [ServerEvent]?
    /// Lets go of what it holds (open files): the stream is over, whatever ended it.
    mutating func finish()
}

extension EventProducer {
    func finish() {}
}
