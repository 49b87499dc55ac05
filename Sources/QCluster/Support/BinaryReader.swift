/// Reads values written by ``BinaryWriter``; every read is bounds-checked.
struct BinaryReader {
    /// A record that ends early or holds an impossible value.
    struct Malformed: Error {}

    private let bytes: [UInt8]
    private(set) var offset: Int

    init(_ bytes: [UInt8], offset: Int = 0) {
        self.bytes = bytes
        self.offset = offset
    }

    var isAtEnd: Bool { offset == bytes.count }

    mutating func readByte() throws(Malformed) -> UInt8 {
        guard offset < bytes.count else { throw Malformed() }
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func readBool() throws(Malformed) -> Bool {
        switch try readByte() {
        case 0: return false
        case 1: return true
        default: throw Malformed()
        }
    }

    mutating func readVarint() throws(Malformed) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let byte = try readByte()
            guard shift < 64 else { throw Malformed() }
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
        }
    }

    mutating func readSigned() throws(Malformed) -> Int64 {
        let raw = try readVarint()
        return Int64(bitPattern: raw >> 1) ^ -Int64(bitPattern: raw & 1)
    }

    mutating func readInt() throws(Malformed) -> Int {
        let value = try readVarint()
        guard value <= UInt64(Int.max) else { throw Malformed() }
        return Int(value)
    }

    mutating func readRaw(count: Int) throws(Malformed) -> [UInt8] {
        guard count >= 0, bytes.count - offset >= count else { throw Malformed() }
        defer { offset += count }
        return Array(bytes[offset..<offset + count])
    }

    /// Passes over `count` bytes.
    mutating func skip(_ count: Int) throws(Malformed) {
        guard count >= 0, bytes.count - offset >= count else { throw Malformed() }
        offset += count
    }

    /// Four bytes, most significant first (as other formats than ``BinaryWriter``'s store them: TZif).
    mutating func readBigEndianUInt32() throws(Malformed) -> UInt32 {
        guard bytes.count - offset >= 4 else { throw Malformed() }
        defer { offset += 4 }
        return bytes[offset..<offset + 4].reduce(0) { $0 << 8 | UInt32($1) }
    }

    /// Eight bytes, most significant first, as a signed integer.
    mutating func readBigEndianInt64() throws(Malformed) -> Int64 {
        let high = try readBigEndianUInt32(), low = try readBigEndianUInt32()
        return Int64(bitPattern: UInt64(high) << 32 | UInt64(low))
    }

    mutating func readData() throws(Malformed) -> [UInt8] {
        try readRaw(count: readInt())
    }

    mutating func readString() throws(Malformed) -> String {
        let count = try readInt()
        guard count >= 0, bytes.count - offset >= count else { throw Malformed() }
        // Decoded from the record's own storage: no array per string (a message has a dozen).
        let string = bytes.withUnsafeBufferPointer { UTF8Text.string(UnsafeBufferPointer(rebasing: $0[offset..<offset + count])) }
        guard let string else { throw Malformed() }
        offset += count
        return string
    }

    mutating func readStrings() throws(Malformed) -> [String] {
        let count = try readInt()
        guard count <= bytes.count - offset else { throw Malformed() }
        var strings: [String] = []
        strings.reserveCapacity(count)
        for _ in 0..<count { strings.append(try readString()) }
        return strings
    }
}
