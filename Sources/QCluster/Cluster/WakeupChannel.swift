import FoundationEssentials
import Glibc

/// Wakes idle pushers when a task is enqueued: each pusher binds a Unix datagram socket in
/// `<broker>.wake/`, named after its cluster, and `qctl enqueue` sends one byte to every socket
/// of the task's cluster. Pushers still look at the queue now and then, so a lost wake-up only
/// delays a task.
struct WakeupChannel {
    let fd: Int32
    let path: String

    static func folder(brokerPath: String) -> String { brokerPath + ".wake" }

    /// Binds a socket for `cluster`; nil when that is impossible (the pusher then polls).
    static func listen(brokerPath: String, cluster: String) -> WakeupChannel? {
        let folder = folder(brokerPath: brokerPath)
        mkdir(folder, 0o700)
        let path = "\(folder)/\(cluster).\(getpid())"
        unlink(path)
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
        guard fd >= 0 else { return nil }
        guard var address = socketAddress(path), withUnsafePointer(to: &address, {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }) == 0 else {
            Glibc.close(fd)
            return nil
        }
        return WakeupChannel(fd: fd, path: path)
    }

    func drain() {
        var byte: UInt8 = 0
        while recv(fd, &byte, 1, Int32(MSG_DONTWAIT)) >= 0 {}
    }

    func close() {
        Glibc.close(fd)
        unlink(path)
    }

    /// Sends a wake-up to every pusher of `cluster`; removes sockets nobody listens on.
    static func wake(brokerPath: String, cluster: String) {
        let folder = folder(brokerPath: brokerPath)
        let candidates = socketNames(in: folder, cluster: cluster)
        guard !candidates.isEmpty else { return }
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
        guard fd >= 0 else { return }
        defer { Glibc.close(fd) }
        var byte: UInt8 = 1
        for name in candidates {
            let path = "\(folder)/\(name)"
            guard var address = socketAddress(path) else { continue }
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
