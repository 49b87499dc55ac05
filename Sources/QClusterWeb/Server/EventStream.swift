import Hummingbird
import ServiceLifecycle

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
                    guard let events = try await producer.next() else { break }
                    // A comment when there is nothing to send: the server is not told that a
                    // browser went away, but a write to its closed connection fails and ends
                    // the stream.
                    try await writer.write(ByteBuffer(string: events.isEmpty ? ":\n\n" : events.map(\.encoded).joined()))
                    try await Task.sleep(for: .milliseconds(intervalMilliseconds))
                }
                try await writer.finish(nil)
            })
    }
}
