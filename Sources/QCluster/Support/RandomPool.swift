import CSpawn
import FoundationEssentials
import Glibc
import Synchronization

/// Random bytes from the system generator (getrandom(2)), drawn 4 KiB at a time: a bulk
/// enqueue needs 16 bytes per task id, and one system call per 8 bytes
/// (SystemRandomNumberGenerator) cost more than the rest of making the id.
/// Every process starts with an empty pool (cluster processes are exec'd, never forked).
enum RandomPool {
    private struct State: ~Copyable {
        var bytes = [UInt8](repeating: 0, count: 4_096)
        var next = 4_096
    }

    private static let state = Mutex(State())

    /// Fills `buffer` with getrandom(2), or with the standard library's generator where
    /// getrandom fails (it never does on Linux 3.17 and later).
    private static func fill(_ buffer: UnsafeMutableRawBufferPointer) {
        var filled = 0
        while filled < buffer.count {
            let got = Int(qctl_getrandom(buffer.baseAddress! + filled, UInt(buffer.count - filled)))
            if got > 0 {
                filled += got
            } else if errno != EINTR {
                break
            }
        }
        var generator = SystemRandomNumberGenerator()
        while filled < buffer.count {
            buffer[filled] = UInt8.random(in: 0...255, using: &generator)
            filled += 1
        }
    }

    /// Eight random bytes as one integer (big-endian: the first byte is the top one).
    static func word() -> UInt64 {
        take(8) { $0.reduce(0) { $0 << 8 | UInt64($1) } }
    }

    /// `count` (at most 4,096) random bytes.
    static func bytes(_ count: Int) -> [UInt8] {
        take(count) { Array($0) }
    }

    /// Hands `body` the next `count` bytes of the pool, refilling it first when too few are left.
    private static func take<T>(_ count: Int, _ body: (ArraySlice<UInt8>) -> T) -> T {
        precondition(count <= 4_096)
        return state.withLock { state in
            if state.next + count > state.bytes.count {
                state.bytes.withUnsafeMutableBytes(Self.fill)
                state.next = 0
            }
            defer { state.next += count }
            return body(state.bytes[state.next..<state.next + count])
        }
    }
}
