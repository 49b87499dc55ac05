import FoundationEssentials
import Glibc

/// A task's identity: 16 bytes in the form of a version 4 UUID, written as 32 hex digits as
/// Django Q does.
///
/// What people see (``hex``, the short id, the name) looks random, but the broker stores
/// tasks under a ``storageKey`` that sorts by creation time, so that the indexes a drain
/// writes grow at their ends instead of dirtying a page at a random place for every task.
/// The two forms are one bijection apart (see ``storageKey``).
public struct TaskID: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The 16 bytes of the UUID.
    public let bytes: [UInt8]

    /// A new id: its storage key is this process's next creation stamp and 60 random bits.
    public init() {
        // The random half comes from the system generator (getrandom, through a pool); the UUID
        // version nibble is its byte 6, the variant bits are the stamp's top bits.
        let random = RandomPool.word() & ~0xF000 | 0x4000
        bytes = Self.joined(random, CreationStamp.next() ^ Self.mask(random))
    }

    init?(bytes: [UInt8]) {
        guard bytes.count == 16 else { return nil }
        self.bytes = bytes
    }

    /// The id stored under `storageKey`.
    ///
    /// The key is `stamp(8) random(8)`; the id is `random(8) (stamp XOR mask(random))(8)`,
    /// where the mask (a 64-bit mix of the random half) leaves the top two bits alone so that
    /// they keep the UUID variant. Any 16 bytes map to exactly one id and back, so ids made by
    /// earlier versions (all random) are valid too; only theirs do not sort.
    init?(storageKey key: [UInt8]) {
        guard key.count == 16 else { return nil }
        bytes = Self.swapHalves(key, toKey: false)
    }

    /// Where the broker keeps this task (in `queued`, `leases` and `results`).
    var storageKey: [UInt8] { Self.swapHalves(bytes, toKey: true) }

    /// The shuffle, id → key (`toKey`) or key → id: swaps the 8-byte halves and XORs the stamp
    /// half (a key's first, an id's second) with the mask of the random half.
    /// Done on two integers and one new array: the broker converts an id several times per task.
    private static func swapHalves(_ source: [UInt8], toKey: Bool) -> [UInt8] {
        let first = BrokerKeys.uint64(bigEndian: source[0..<8]), second = BrokerKeys.uint64(bigEndian: source[8..<16])
        return toKey ? joined(second ^ mask(first), first) : joined(second, first ^ mask(second))
    }

    /// Two words as 16 big-endian bytes.
    private static func joined(_ first: UInt64, _ second: UInt64) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: 16) { to, count in
            for index in 0..<8 {
                to[index] = UInt8(truncatingIfNeeded: first >> (56 - 8 * index))
                to[8 + index] = UInt8(truncatingIfNeeded: second >> (56 - 8 * index))
            }
            count = 16
        }
    }

    /// The first `count` (at most 8) bytes of the id stored under `key`: they are the key's
    /// random half, so a short id is compared without converting the key.
    static func idPrefix(ofStorageKey key: [UInt8], count: Int) -> ArraySlice<UInt8> {
        key[8..<min(16, 8 + count)]
    }

    /// SplitMix64's finaliser of the random half, without the top two bits.
    private static func mask(_ random: UInt64) -> UInt64 {
        var z = random
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return (z ^ (z >> 31)) & 0x3FFF_FFFF_FFFF_FFFF
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
    /// `bytes` as lowercase hex digits, written straight into the String's storage: one
    /// allocation (a worker writes an id per task).
    public static func hex(_ bytes: [UInt8]) -> String {
        String(unsafeUninitializedCapacity: bytes.count * 2) { out in
            for (index, byte) in bytes.enumerated() {
                out[2 * index] = hexDigit(byte >> 4)
                out[2 * index + 1] = hexDigit(byte & 0xF)
            }
            return bytes.count * 2
        }
    }

    private static func hexDigit(_ value: UInt8) -> UInt8 { value < 10 ? 48 + value : 87 + value }

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
