import FoundationEssentials
import Glibc

/// A task's identity: 16 random bytes (a version 4 UUID), written as 32 hex digits as Django Q does.
public struct TaskID: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The 16 bytes of the UUID.
    public let bytes: [UInt8]

    /// A new random id.
    public init() {
        // 128 random bits from the system generator (getrandom, through a pool), with the UUID
        // version 4 and variant bits set; cheaper than Foundation's UUID on the bulk-enqueue path.
        var bytes = RandomPool.bytes(16)
        bytes[6] = bytes[6] & 0x0F | 0x40
        bytes[8] = bytes[8] & 0x3F | 0x80
        self.bytes = bytes
    }

    init?(bytes: [UInt8]) {
        guard bytes.count == 16 else { return nil }
        self.bytes = bytes
    }

    /// Parses 32 hex digits, with or without the dashes of the UUID form.
    public init?(_ text: String) {
        guard let bytes = Self.bytes(fromHex: text.filter { $0 != "-" }), bytes.count == 16 else { return nil }
        self.bytes = bytes
    }

    /// The 32 lowercase hex digits.
    public var hex: String { Self.hex(bytes) }

    /// The four-word name Django Q would give this id.
    public var humanName: String { HumanHash.humanize(bytes) }

    public var description: String { hex }

    public static func < (lhs: TaskID, rhs: TaskID) -> Bool { lhs.bytes.lexicographicallyPrecedes(rhs.bytes) }
}

/// Hex encoding, shared by ids and the other binary values qctl writes as text.
extension TaskID {
    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0xF)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func bytes(fromHex text: String) -> [UInt8]? {
        let utf8 = Array(text.utf8)
        guard utf8.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count / 2)
        var index = 0
        while index < utf8.count {
            guard let high = hexValue(utf8[index]), let low = hexValue(utf8[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }

    private static func hexValue(_ ascii: UInt8) -> UInt8? {
        switch ascii {
        case 48...57: return ascii - 48
        case 97...102: return ascii - 87
        case 65...70: return ascii - 55
        default: return nil
        }
    }
}
