import FoundationEssentials
import Glibc

/// Absolute, normalized paths by string operations, as `URL(fileURLWithPath:relativeTo:)
/// .standardizedFileURL.path` gives them (`.` and `..` folded, no symlinks resolved), without
/// Foundation's URL machinery, which costs a noticeable part of a one-shot command's start-up.
public enum PathResolver {
    /// `path` made absolute against `directory` (itself absolute) and normalized.
    public static func absolute(_ path: String, from directory: String) -> String {
        // Works on UTF-8 bytes: '/' and '.' never occur inside a multi-byte character.
        var result: [UInt8] = []
        var segmentStarts: [Int] = []
        if !path.hasPrefix("/") { fold(directory.utf8, into: &result, segmentStarts: &segmentStarts) }
        fold(path.utf8, into: &result, segmentStarts: &segmentStarts)
        return result.isEmpty ? "/" : String(decoding: result, as: UTF8.self)
    }

    /// The current directory, from getcwd(3): FileManager's first use costs a one-shot command
    /// more than the call (it is only asked when getcwd fails, for its answer in that case).
    public static var currentDirectory: String {
        guard let pointer = getcwd(nil, 0) else { return FileManager.default.currentDirectoryPath }
        defer { free(pointer) }
        return String(cString: pointer)
    }

    /// The folder that holds `path`, as NSString's `deletingLastPathComponent` gives it for an
    /// absolute path ("/" for "/name"); "." for a bare name.
    public static func folder(of path: String) -> String {
        var bytes = Array(path.utf8)
        while bytes.count > 1, bytes.last == UInt8(ascii: "/") { bytes.removeLast() }
        guard let slash = bytes.lastIndex(of: UInt8(ascii: "/")) else { return "." }
        var end = slash
        while end > 0, bytes[end - 1] == UInt8(ascii: "/") { end -= 1 }
        return end == 0 ? "/" : String(decoding: bytes[..<end], as: UTF8.self)
    }

    /// Appends the segments of `bytes` to `result` as "/segment", folding "." and "..".
    private static func fold(_ bytes: String.UTF8View, into result: inout [UInt8], segmentStarts: inout [Int]) {
        let slash = UInt8(ascii: "/"), dot = UInt8(ascii: ".")
        var index = bytes.startIndex
        while index != bytes.endIndex {
            guard bytes[index] != slash else {
                index = bytes.index(after: index)
                continue
            }
            let start = index
            while index != bytes.endIndex, bytes[index] != slash { index = bytes.index(after: index) }
            let segment = bytes[start..<index]
            if segment.elementsEqual([dot]) { continue }
            if segment.elementsEqual([dot, dot]) {
                if let last = segmentStarts.popLast() { result.removeSubrange(last...) }
                continue
            }
            segmentStarts.append(result.count)
            result.append(slash)
            result.append(contentsOf: segment)
        }
    }
}
