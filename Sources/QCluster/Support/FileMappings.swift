import Glibc

/// Where this process maps files, from /proc/self/maps (Linux).
enum FileMappings {
    /// One line of /proc/self/maps: `start-end perms offset dev inode path`, in hex but the inode.
    struct Mapping: Equatable {
        var start: UInt
        var end: UInt
        var shared: Bool
        var offset: UInt64
        var inode: UInt64
    }

    /// The start of this process's shared mapping of `length` bytes of the file with `inode`,
    /// from its first byte; nil when there is none (or no /proc).
    static func start(ofSharedMappingOfInode inode: UInt64, length: Int) -> UInt? {
        guard let text = try? FileContents.read("/proc/self/maps") else { return nil }
        for line in text.split(separator: UInt8(ascii: "\n")) {
            guard let mapping = mapping(line), mapping.shared, mapping.inode == inode, mapping.offset == 0,
                  mapping.end - mapping.start == UInt(length) else { continue }
            return mapping.start
        }
        return nil
    }

    /// Parses one line; nil when it is not one.
    static func mapping(_ line: ArraySlice<UInt8>) -> Mapping? {
        let fields = line.split(separator: UInt8(ascii: " "), maxSplits: 5, omittingEmptySubsequences: true)
        guard fields.count >= 5 else { return nil }
        let range = fields[0].split(separator: UInt8(ascii: "-"))
        guard range.count == 2, let start = number(range[0], radix: 16), let end = number(range[1], radix: 16), end >= start,
              fields[1].count == 4, let offset = number(fields[2], radix: 16), let inode = number(fields[4], radix: 10)
        else { return nil }
        return Mapping(start: UInt(start), end: UInt(end), shared: fields[1].last == UInt8(ascii: "s"), offset: offset, inode: inode)
    }

    private static func number(_ digits: ArraySlice<UInt8>, radix: UInt64) -> UInt64? {
        guard !digits.isEmpty, digits.count <= 16 else { return nil }
        var value: UInt64 = 0
        for byte in digits {
            let digit: UInt64
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt64(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f") where radix == 16: digit = UInt64(byte - UInt8(ascii: "a")) + 10
            default: return nil
            }
            value = value * radix + digit
        }
        return value
    }
}
