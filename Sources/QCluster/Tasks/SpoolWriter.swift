import Glibc

/// Appends one stream of a running task to its spool file, opened on the first write (a
/// silent task costs not even its path).
struct SpoolWriter {
    let spool: OutputSpool
    let task: TaskID
    let stream: OutputSpool.Stream
    private var path = ""
    private var fd: Int32 = -1
    private var written = 0
    private var failed = false

    init(spool: OutputSpool, task: TaskID, stream: OutputSpool.Stream) {
        self.spool = spool
        self.task = task
        self.stream = stream
    }

    mutating func append(_ bytes: UnsafeRawBufferPointer) {
        guard !failed, written < OutputSpool.limit, !bytes.isEmpty else { return }
        if fd < 0 {
            path = spool.path(of: task, stream)
            fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0o600)
            guard fd >= 0 else {
                failed = true
                return
            }
        }
        let count = min(bytes.count, OutputSpool.limit - written)
        let result = Glibc.write(fd, bytes.baseAddress, count)
        if result > 0 { written += result } else { failed = true }
    }

    /// Closes and removes the file.
    mutating func finish() {
        guard fd >= 0 else { return }
        close(fd)
        unlink(path)
        fd = -1
    }
}
