import FoundationEssentials
import Glibc

/// A whole small file read with open(2) and read(2): for one-shot commands, Foundation's
/// `Data(contentsOf:)` costs more than the read (URL handling and first uses of its types).
public enum FileContents {
    /// A read that failed, with errno.
    public struct Failure: Error, Equatable, CustomStringConvertible {
        public var code: Int32
        public var description: String { String(cString: strerror(code)) }
    }

    /// The bytes of the file at `path`; past `maximum` bytes, only the first `maximum + 1`
    /// (enough to tell that it is too large without reading all of it).
    public static func read(_ path: String, maximum: Int = Int.max - 1) throws(Failure) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw Failure(code: errno) }
        defer { close(fd) }
        return try read(descriptor: fd, maximum: maximum)
    }

    /// Everything left to read on an open descriptor (standard input, say), up to end of file
    /// or, past `maximum` bytes, the first `maximum + 1`.
    public static func read(descriptor fd: Int32, maximum: Int = Int.max - 1) throws(Failure) -> [UInt8] {
        // Uninitialized memory, grown when full: a zeroed chunk would touch its pages for nothing.
        var buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 16_384, alignment: 1)
        defer { buffer.deallocate() }
        var length = 0
        while true {
            if length == buffer.count {
                let larger = UnsafeMutableRawBufferPointer.allocate(byteCount: buffer.count * 2, alignment: 1)
                larger.copyMemory(from: UnsafeRawBufferPointer(buffer))
                buffer.deallocate()
                buffer = larger
            }
            let count = Glibc.read(fd, buffer.baseAddress! + length, buffer.count - length)
            if count > 0 {
                length += count
                if length > maximum { return Array(UnsafeRawBufferPointer(rebasing: buffer[0..<(maximum + 1)])) }
            } else if count == 0 {
                return Array(UnsafeRawBufferPointer(rebasing: buffer[0..<length]))
            } else if errno != EINTR {
                throw Failure(code: errno)
            }
        }
    }
}
