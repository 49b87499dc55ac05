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
