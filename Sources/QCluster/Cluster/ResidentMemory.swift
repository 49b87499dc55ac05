import FoundationEssentials
import Glibc

/// This process's resident memory, read from /proc/self/statm after every task: the file stays
/// open and each reading is one pread(2), with no allocation.
final class ResidentMemory {
    private let fd: Int32
    private let pageKiB = Int(sysconf(Int32(_SC_PAGESIZE))) / 1024

    init() {
        fd = open("/proc/self/statm", O_RDONLY | O_CLOEXEC)
    }

    deinit { if fd >= 0 { close(fd) } }

    /// Resident set size in KiB; 0 when /proc is not there.
    func kibibytes() -> Int {
        guard fd >= 0 else { return 0 }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 128) { buffer in
            let count = pread(fd, buffer.baseAddress, buffer.count, 0)
            guard count > 0 else { return 0 }
            return Self.residentPages(statm: UnsafeBufferPointer(rebasing: buffer[0..<count])) * pageKiB
        }
    }

    /// statm holds `size resident shared text lib data dt`, in pages: the second field.
    static func residentPages(statm: UnsafeBufferPointer<UInt8>) -> Int {
        var field = 0
        var pages = 0
        for byte in statm {
            if byte == UInt8(ascii: " ") {
                field += 1
                if field > 1 { break }
            } else if field == 1, byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
                pages = pages * 10 + Int(byte - UInt8(ascii: "0"))
            }
        }
        return pages
    }
}
