import Glibc

/// The room left on the file system that holds the broker, to tell a full disk from a failing one.
enum FreeSpace {
    /// Below this many free bytes, a failed write is taken for a full disk: a write cut short by
    /// ENOSPC leaves the disk all but full, a failing disk usually has room left.
    static let exhaustedBelowBytes: UInt64 = 1 << 20

    /// Bytes this process may still write on the file system holding `path` (root also the
    /// blocks reserved for it), or nil when statvfs(3) fails.
    static func availableBytes(at path: String) -> UInt64? {
        var info = statvfs()
        guard statvfs(path, &info) == 0 else { return nil }
        let blocks = geteuid() == 0 ? info.f_bfree : info.f_bavail
        return UInt64(blocks) * UInt64(info.f_frsize)
    }

    /// Whether the file system holding `path` has (almost) no room left.
    static func isExhausted(at path: String) -> Bool {
        guard let available = availableBytes(at: path) else { return false }
        return available < exhaustedBelowBytes
    }
}
