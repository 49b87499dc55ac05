import FoundationEssentials
import Glibc

/// One end of a Unix SOCK_SEQPACKET socket pair: message boundaries are kept, and when several
/// processes read the same end each message goes to exactly one of them. That makes one pair
/// a work queue shared by all workers, like Django Q's multiprocessing queue.
public struct PacketSocket: Sendable {
    public let fd: Int32

    public init(fd: Int32) {
        self.fd = fd
    }

    /// The largest message; task messages are bounded well below it (stdin is capped at enqueue).
    public static let maximumMessage = 4 << 20

    /// A connected pair, close-on-exec, with buffers large enough for queue_limit messages.
    public static func pair() throws -> (PacketSocket, PacketSocket) {
        var fds: [Int32] = [0, 0]
        guard socketpair(AF_UNIX, Int32(SOCK_SEQPACKET.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &fds) == 0 else {
            throw POSIXFailure(operation: "socketpair")
        }
        var size: Int32 = 8 << 20
        for fd in fds {
            setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &size, socklen_t(MemoryLayout<Int32>.size))
            setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        }
        return (PacketSocket(fd: fds[0]), PacketSocket(fd: fds[1]))
    }

    /// Sends one message; blocks while the peer's buffer is full. Returns false when the peer is gone.
    @discardableResult
    public func send(_ bytes: [UInt8]) -> Bool {
        while true {
            let sent = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if sent >= 0 { return true }
            if errno == EINTR { continue }
            return false
        }
    }

    public enum ReceiveResult {
        case message([UInt8])
        /// A packet longer than the receiver's buffer, of this many bytes: the kernel dropped it.
        case truncated(Int)
        case timedOut
        case closed
    }

    public func close() {
        _ = Glibc.close(fd)
    }
}

/// Reads messages from a ``PacketSocket`` into one buffer allocated once per process: a
/// message is never truncated, and untouched pages of the buffer cost no memory.
public final class PacketReceiver {
    public let socket: PacketSocket
    private let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: PacketSocket.maximumMessage, alignment: 8)

    public init(_ socket: PacketSocket) {
        self.socket = socket
    }

    deinit { buffer.deallocate() }

    /// Waits up to `timeoutMilliseconds` (-1: forever) for a message; `.timedOut` also after a signal.
    public func receive(timeoutMilliseconds: Int32) -> PacketSocket.ReceiveResult {
        guard Poller.wait(for: socket.fd, timeoutMilliseconds: timeoutMilliseconds) else { return .timedOut }
        return receiveNow()
    }

    /// Reads one message without waiting.
    public func receiveNow() -> PacketSocket.ReceiveResult {
        // MSG_TRUNC: the packet's real length, so that a packet cut to the buffer is told apart.
        let count = recv(socket.fd, buffer.baseAddress, buffer.count, Int32(MSG_DONTWAIT | MSG_TRUNC))
        if count > buffer.count { return .truncated(count) }
        if count > 0 { return .message(Array(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))) }
        if count == 0 { return .closed }
        if errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR { return .timedOut }
        return .closed
    }
}

/// poll(2) on one or more descriptors.
public enum Poller {
    /// Whether `fd` became readable within the timeout (false on timeout or signal).
    public static func wait(for fd: Int32, timeoutMilliseconds: Int32) -> Bool {
        var entry = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        return poll(&entry, 1, timeoutMilliseconds) > 0
    }

    /// The indexes of `fds` that are readable (or closed) within the timeout.
    public static func wait(for fds: [Int32], timeoutMilliseconds: Int32) -> [Int] {
        var entries = fds.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
        guard poll(&entries, nfds_t(entries.count), timeoutMilliseconds) > 0 else { return [] }
        return entries.indices.filter { entries[$0].revents != 0 }
    }
}

/// A failed system call, with errno.
public struct POSIXFailure: Error, CustomStringConvertible {
    public var operation: String
    public var code: Int32 = errno

    public var description: String { "\(operation): \(String(cString: strerror(code)))" }
}
