/// Appends values in qctl's compact binary record format.
///
/// The hot path (enqueue, lease, acknowledge) stores every record in this format instead of
/// JSON: it is smaller in the broker and several times cheaper to encode and decode.
/// Integers are LEB128 varints, strings and byte strings are length-prefixed, so that a
/// reader can always tell a truncated or foreign record from a valid one.
struct BinaryWriter {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int = 128) {
        bytes.reserveCapacity(capacity)
    }

    mutating func write(byte: UInt8) {
        bytes.append(byte)
    }

    mutating func write(bool: Bool) {
        bytes.append(bool ? 1 : 0)
    }

    mutating func write(varint value: UInt64) {
        var remaining = value
        while remaining >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: remaining) | 0x80)
            remaining >>= 7
        }
        bytes.append(UInt8(remaining))
    }

    /// Signed values are zig-zag encoded so that small negative numbers stay small.
    mutating func write(signed value: Int64) {
        write(varint: UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }

    mutating func write(raw: some Collection<UInt8>) {
        bytes.append(contentsOf: raw)
    }

    mutating func write(data: some Collection<UInt8>) {
        write(varint: UInt64(data.count))
        bytes.append(contentsOf: data)
    }

    mutating func write(string: String) {
        // Straight from the string's storage: no intermediate array per string.
        let utf8 = string.utf8
        write(varint: UInt64(utf8.count))
        bytes.append(contentsOf: utf8)
    }

    mutating func write(strings: [String]) {
        write(varint: UInt64(strings.count))
        for string in strings { write(string: string) }
    }
}
