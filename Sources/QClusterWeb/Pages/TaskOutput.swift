import QCluster

/// What a task printed so far, as `qctl output` reads it: each stream's bytes, and both in the
/// order read, which the page shows in one pane while the task runs.
struct TaskOutput: Sendable, Equatable {
    var standardOutput: [UInt8] = []
    var standardError: [UInt8] = []
    var combined: [UInt8] = []

    /// The most of `combined` a page shows: its end, where a running task is.
    static let shownLimit = 1 << 20

    init(standardOutput: [UInt8] = [], standardError: [UInt8] = []) {
        add(.stdout, standardOutput)
        add(.stderr, standardError)
    }

    mutating func add(_ stream: OutputSpool.Stream, _ bytes: [UInt8]) {
        if stream == .stdout { standardOutput += bytes } else { standardError += bytes }
        combined += bytes
    }

    /// The bytes handed over of `stream`: where the live stream goes on from.
    func count(_ stream: OutputSpool.Stream) -> Int { stream == .stdout ? standardOutput.count : standardError.count }

    /// The end of `combined` a page shows, as text (bytes that are not UTF-8 as U+FFFD).
    var shownText: String { String(decoding: combined.suffix(Self.shownLimit), as: UTF8.self) }

    var shownIsCut: Bool { combined.count > Self.shownLimit }
}
