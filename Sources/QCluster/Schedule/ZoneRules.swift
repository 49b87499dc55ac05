import FoundationEssentials
import Glibc

/// A time zone's offsets from UTC, read from the system's tz database (TZif files under
/// /usr/share/zoneinfo, Debian's tzdata) or from a POSIX rule in $TZ.
///
/// qctl's own, not Foundation's `TimeZone`: FoundationEssentials knows named zones only through
/// FoundationInternationalization and ICU, which every qctl process paid for before `main`
/// (about 23 page faults of its start-up and 42 MB of the binary, docs/decisions.md).
public struct ZoneRules: Sendable, Equatable {
    /// The zone's name (`Europe/Amsterdam`, `UTC`), or `local`.
    public let name: String
    /// Transition instants (seconds since 1970, UTC), ascending, and the offset from each on.
    private let transitions: [Int64]
    private let offsets: [Int]
    /// The offset before the first transition.
    private let initialOffset: Int
    /// The rule after the last transition (the TZif footer), if any.
    private let rule: PosixZoneRule?

    /// Where named zones are read from.
    public static let folder = "/usr/share/zoneinfo"

    /// UTC.
    public static let utc = ZoneRules(name: "UTC", transitions: [], offsets: [], initialOffset: 0, rule: nil)

    private init(name: String, transitions: [Int64], offsets: [Int], initialOffset: Int, rule: PosixZoneRule?) {
        self.name = name
        self.transitions = transitions
        self.offsets = offsets
        self.initialOffset = initialOffset
        self.rule = rule
    }

    /// The zone `identifier` of the tz database (`Europe/Amsterdam`, `America/New_York`,
    /// `UTC`), or nil when the system has no such zone.
    public static func named(_ identifier: String) -> ZoneRules? {
        let parts = identifier.split(separator: "/", omittingEmptySubsequences: false)
        // A name, never a path out of the folder.
        guard !identifier.isEmpty, !identifier.hasPrefix("/"), !parts.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." }) else { return nil }
        if let file = try? FileContents.read(folder + "/" + identifier), let zone = ZoneRules(tzif: file, name: identifier) { return zone }
        return ["UTC", "Etc/UTC", "GMT", "Etc/GMT", "Zulu"].contains(identifier) ? ZoneRules(name: identifier, transitions: [], offsets: [], initialOffset: 0, rule: nil) : nil
    }

    /// The machine's local time, as the C library finds it: $TZ (a zone name, `:name`, a file
    /// path or a POSIX rule), else /etc/localtime; UTC when neither says.
    public static func local(environment: [String: String] = ProcessInfo.processInfo.environment) -> ZoneRules {
        if let value = environment["TZ"] {
            let text = value.hasPrefix(":") ? String(value.dropFirst()) : value
            if text.isEmpty { return .utc }
            if text.hasPrefix("/") {
                if let file = try? FileContents.read(text), let zone = ZoneRules(tzif: file, name: "local") { return zone }
            } else if let zone = named(text) {
                return zone
            }
            if let rule = PosixZoneRule(text) { return ZoneRules(name: "local", transitions: [], offsets: [], initialOffset: rule.standardOffset, rule: rule) }
            return .utc
        }
        if let file = try? FileContents.read("/etc/localtime"), let zone = ZoneRules(tzif: file, name: "local") { return zone }
        return .utc
    }

    /// Why `identifier` is refused, for the configuration's error line.
    public static func unknownZoneReason(_ identifier: String) -> String {
        let rules = databaseVersion.map { "\(folder), tzdata \($0)" } ?? folder
        return "is not a known time zone ('\(identifier)') in the system's rules (\(rules)); use a name such as Europe/Amsterdam or UTC"
    }

    /// The version of the system's tz database (`2025b`), from tzdata.zi; nil when unknown.
    public static var databaseVersion: String? {
        guard let bytes = try? FileContents.read(folder + "/tzdata.zi"),
              let line = String(decoding: bytes.prefix(64), as: UTF8.self).split(separator: "\n").first, line.hasPrefix("# version ") else { return nil }
        return String(line.dropFirst("# version ".count))
    }

    /// Seconds east of UTC at `instant` (seconds since 1970, UTC).
    public func offset(at instant: Int64) -> Int {
        guard let last = transitions.last else { return rule?.offset(at: instant) ?? initialOffset }
        if instant >= last, let rule { return rule.offset(at: instant) }
        // The last transition at or before the instant.
        var low = 0, high = transitions.count
        while low < high {
            let middle = (low + high) / 2
            if transitions[middle] <= instant { low = middle + 1 } else { high = middle }
        }
        return low == 0 ? initialOffset : offsets[low - 1]
    }

    /// Reads a TZif file (RFC 8536): the 64-bit data of version 2 and later, else version 1's.
    init?(tzif bytes: [UInt8], name: String) {
        var reader = BinaryCursor(bytes: bytes)
        guard let header = reader.header() else { return nil }
        var counts = header.counts
        var timeSize = 4
        if header.version >= 2 {
            // Skip version 1's data block to the second header and its 64-bit data.
            guard reader.skip(counts.dataLength(timeSize: 4)), let second = reader.header() else { return nil }
            counts = second.counts
            timeSize = 8
        }
        var times: [Int64] = [], indexes: [Int] = [], types: [Int] = []
        for _ in 0..<counts.times {
            guard let time = timeSize == 8 ? reader.int64() : reader.int32().map(Int64.init) else { return nil }
            times.append(time)
        }
        for _ in 0..<counts.times {
            guard let index = reader.byte() else { return nil }
            indexes.append(Int(index))
        }
        for _ in 0..<counts.types {
            guard let offset = reader.int32(), reader.skip(2) else { return nil }
            types.append(Int(offset))
        }
        guard !types.isEmpty, indexes.allSatisfy({ $0 < types.count }),
              reader.skip(counts.characters + counts.leaps * (timeSize + 4) + counts.standardIndicators + counts.utcIndicators) else { return nil }
        var rule: PosixZoneRule?
        if timeSize == 8, let footer = reader.footer(), !footer.isEmpty {
            guard let parsed = PosixZoneRule(footer) else { return nil }
            rule = parsed
        }
        self.init(name: name, transitions: times, offsets: indexes.map { types[$0] }, initialOffset: types[0], rule: rule)
    }

    /// Big-endian fields of a TZif file.
    private struct BinaryCursor {
        let bytes: [UInt8]
        var index = 0

        struct Counts {
            var utcIndicators = 0, standardIndicators = 0, leaps = 0, times = 0, types = 0, characters = 0
            func dataLength(timeSize: Int) -> Int {
                times * timeSize + times + types * 6 + characters + leaps * (timeSize + 4) + standardIndicators + utcIndicators
            }
        }

        mutating func skip(_ count: Int) -> Bool {
            guard count >= 0, index + count <= bytes.count else { return false }
            index += count
            return true
        }

        mutating func byte() -> UInt8? {
            guard index < bytes.count else { return nil }
            defer { index += 1 }
            return bytes[index]
        }

        mutating func uint32() -> UInt32? {
            guard index + 4 <= bytes.count else { return nil }
            defer { index += 4 }
            return bytes[index..<index + 4].reduce(0) { $0 << 8 | UInt32($1) }
        }

        mutating func int32() -> Int32? { uint32().map { Int32(bitPattern: $0) } }

        mutating func int64() -> Int64? {
            guard let high = uint32(), let low = uint32() else { return nil }
            return Int64(bitPattern: UInt64(high) << 32 | UInt64(low))
        }

        /// "TZif", the version, 15 reserved bytes and six counts.
        mutating func header() -> (version: Int, counts: Counts)? {
            guard index + 44 <= bytes.count, Array(bytes[index..<index + 4]) == Array("TZif".utf8) else { return nil }
            let versionByte = bytes[index + 4]
            let version = versionByte == 0 ? 1 : Int(versionByte) - Int(UInt8(ascii: "0"))
            index += 20
            var counts = Counts()
            guard let utc = uint32(), let standard = uint32(), let leaps = uint32(), let times = uint32(), let types = uint32(),
                  let characters = uint32(), times < 1_000_000, types < 256, characters < 65_536, leaps < 65_536 else { return nil }
            (counts.utcIndicators, counts.standardIndicators, counts.leaps) = (Int(utc), Int(standard), Int(leaps))
            (counts.times, counts.types, counts.characters) = (Int(times), Int(types), Int(characters))
            return (version, counts)
        }

        /// The POSIX rule between two newlines at the end of a version 2+ file.
        mutating func footer() -> String? {
            guard byte() == UInt8(ascii: "\n") else { return nil }
            let start = index
            while index < bytes.count, bytes[index] != UInt8(ascii: "\n") { index += 1 }
            guard index < bytes.count else { return nil }
            return String(decoding: bytes[start..<index], as: UTF8.self)
        }
    }
}
