import FoundationEssentials
import Glibc

/// Where a running task's output goes as it is printed, so that `qctl output -f` can show it
/// before the task ends: one file per stream in `<broker>.output/`, made on the first byte
/// (a silent task costs nothing) and removed when the task ends (its result keeps the first
/// 64 KiB). A reader that opened a file before then reads it to its end all the same.
public struct OutputSpool: Sendable {
    public let folder: String

    /// The most a stream's file takes; past it, output is only counted.
    public static let limit = 16 << 20

    public init(brokerPath: String) {
        folder = brokerPath + ".output"
    }

    public enum Stream: String, Sendable, CaseIterable {
        case stdout, stderr
    }

    /// The file of `task`'s `stream`.
    public func path(of task: TaskID, _ stream: Stream) -> String {
        folder + "/" + task.hex + "." + stream.rawValue
    }

    /// Makes the folder (0700) when missing; false when it cannot be made (output then is
    /// only kept in the result).
    func prepare() -> Bool {
        mkdir(folder, 0o700) == 0 || errno == EEXIST
    }

    /// Removes `task`'s files (its worker died, or it ended).
    func remove(_ task: TaskID) {
        for stream in Stream.allCases { unlink(path(of: task, stream)) }
    }
}

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
