import Glibc

/// The open spool files of one attempt of a task, and how much of each was handed over.
struct SpoolFiles {
    let spool: OutputSpool
    let task: TaskID
    private var descriptors: [OutputSpool.Stream: Int32] = [:]
    private var offsets: [OutputSpool.Stream: Int] = [:]

    init(spool: OutputSpool, task: TaskID) {
        self.spool = spool
        self.task = task
    }

    func offset(_ stream: OutputSpool.Stream) -> Int { offsets[stream] ?? 0 }

    /// Opens the files that exist by now and are not open yet.
    mutating func openMissing() {
        for stream in OutputSpool.Stream.allCases where descriptors[stream] == nil {
            let fd = open(spool.path(of: task, stream), O_RDONLY | O_CLOEXEC)
            if fd >= 0 { descriptors[stream] = fd }
        }
    }

    /// Hands over what the open files hold beyond what was handed over already.
    mutating func readAll(_ write: (OutputSpool.Stream, [UInt8]) -> Void) {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        // Standard output first, whatever the dictionary's order: a reader that shows both
        // together shows them the same way every time.
        for stream in OutputSpool.Stream.allCases {
            guard let fd = descriptors[stream] else { continue }
            while true {
                let count = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
                if count < 0, errno == EINTR { continue }
                guard count > 0 else { break }
                write(stream, Array(buffer[0..<count]))
                offsets[stream, default: 0] += count
            }
        }
    }

    /// Closes the open files (called when the reader is done with them).
    func close() {
        for fd in descriptors.values { _ = Glibc.close(fd) }
    }
}
