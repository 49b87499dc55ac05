import FoundationEssentials
import Glibc

/// The LMDB broker's wake-ups: each pusher binds a Unix datagram socket in `<broker>.wake/`,
/// named `cluster.PID`, and a change that fills a cluster's queue sends one byte to every socket
/// of that cluster. Pushers still look at the queue now and then, so a lost wake-up only
/// delays a task.
struct LMDBWakeupFolder: WakeupChannel {
    let folder: String

    init(brokerPath: String) {
        folder = brokerPath + ".wake"
    }

    func listen(cluster: String) -> (any WakeupListener)? {
        bind(cluster: cluster)
    }

    /// Binds this process's socket for `cluster`; nil when that is impossible.
    func bind(cluster: String) -> LMDBWakeupSocket? {
        mkdir(folder, 0o700)
        let path = "\(folder)/\(cluster).\(getpid())"
        unlink(path)
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
        guard fd >= 0 else { return nil }
        guard var address = Self.socketAddress(path), withUnsafePointer(to: &address, {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }) == 0 else {
            Glibc.close(fd)
            return nil
        }
        return LMDBWakeupSocket(fd: fd, path: path)
    }

    /// Sends a wake-up to every socket of `cluster`; removes sockets nobody listens on.
    func notify(cluster: String) {
        let candidates = Self.socketNames(in: folder, cluster: cluster)
        guard !candidates.isEmpty else { return }
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
        guard fd >= 0 else { return }
        defer { Glibc.close(fd) }
        var byte: UInt8 = 1
        for name in candidates {
            let path = "\(folder)/\(name)"
            guard var address = Self.socketAddress(path) else { continue }
            let sent = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { sendto(fd, &byte, 1, 0, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
            }
            if sent < 0, errno == ECONNREFUSED || errno == ENOENT { unlink(path) }
        }
    }

    /// The names `cluster.PID` in `folder`. readdir, not FileManager: its listing builds
    /// Foundation dictionaries whose first use costs a runtime scan of every protocol
    /// conformance in the binary, a large part of an enqueue's work.
    static func socketNames(in folder: String, cluster: String) -> [String] {
        guard let directory = opendir(folder) else { return [] }
        defer { closedir(directory) }
        let prefix = cluster + "."
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name.hasPrefix(prefix), Int(name.dropFirst(prefix.count)) != nil { names.append(name) }
        }
        return names
    }

    private static func socketAddress(_ path: String) -> sockaddr_un? {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else { return nil }
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            for (index, byte) in bytes.enumerated() { buffer[index] = byte }
        }
        return address
    }
}
