import Hummingbird
import ServiceLifecycle

/// One server-sent event: what the page's script does with it (its name) and its data.
struct ServerEvent: Sendable, Equatable {
    let name: String
    let data: String

    /// The event as the stream writes it: each line of the data on a `data:` line of its own.
    /// A lone carriage return (a progress bar's) ends a line too: the browser reads it as one,
    /// and would take the rest of the line for a field of its own.
    var encoded: String {
        var text = "event: \(name)\n"
        var line = ""
        for character in data {
            if character == "\n" || character == "\r\n" || character == "\r" {
                text += "data: \(line)\n"
                line = ""
            } else {
                line.append(character)
            }
        }
        return text + "data: \(line)\n\n"
    }
}

/// What a stream of server-sent events sends each time it looks: the events (none when nothing
/// changed), or nil when it is over.
protocol EventProducer: Sendable {
    mutating func next() throws -> [ServerEvent]?
    /// Lets go of what it holds (open files): the stream is over, whatever ended it.
    mutating func finish()
}

extension EventProducer {
    func finish() {}
}

/// A response that sends server-sent events as `producer` makes them, looking every
/// `intervalMilliseconds`, until the producer ends it, the browser goes away or the server stops.
enum EventStream {
    static func response(every intervalMilliseconds: Int, _ producer: some EventProducer) -> Response {
        Response(
            status: .ok,
            headers: [.contentType: "text/event-stream", .cacheControl: "no-store"],
            body: ResponseBody { writer in
                var producer = producer
                defer { producer.finish() }
                // A comment first, so that the browser sees the stream open at once.
                try await writer.write(ByteBuffer(string: ": qctl\n\n"))
                while !Task.isShuttingDownGracefully, !Task.isCancelled {
                    guard let events = try producer.next() else { break }
                    if !events.isEmpty { try await writer.write(ByteBuffer(string: events.map(\.encoded).joined())) }
                    try await Task.sleep(for: .milliseconds(intervalMilliseconds))
                }
                try await writer.finish(nil)
            })
    }
}
