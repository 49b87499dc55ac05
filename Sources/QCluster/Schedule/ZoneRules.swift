import FoundationEssentials
import Glibc

/// A time zone's offsets from UTC, read from the system's tz database (TZif files under
/// /usr/share/zoneinfo, Debian's tzdata) or from a POSIX rule in $TZ.
///
/// qctl's own, not Foundation's `TimeZone`: FoundationEssentials knows named zones only through
/// FoundationInternationalization and ICU, which every qctl process paid for before `main`,
/// and which made up much of the binary (docs/decisions.md).
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
    public static let utc = ZoneRules(name: "UTC")

    /// A zone without transitions: UTC, or the POSIX `rule` alone.
    private init(name: String, rule: PosixZoneRule? = nil) {
        self.init(name: name, transitions: [], offsets: [], initialOffset: rule?.standardOffset ?? 0, rule: rule)
    }

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
        // UTC's names still work on a system without tzdata.
        return ["UTC", "Etc/UTC", "GMT", "Etc/GMT", "Zulu"].contains(identifier) ? ZoneRules(name: identifier) : nil
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
            if let rule = PosixZoneRule(text) { return ZoneRules(name: "local", rule: rule) }
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

    /// Reads a TZif file (RFC 8536): the 64-bit data of version 2 and later, else version 1's;
    /// nil when it is not one.
    init?(tzif bytes: [UInt8], name: String) {
        guard let parsed = try? Self.parseTZif(bytes) else { return nil }
        self.init(name: name, transitions: parsed.times, offsets: parsed.offsets, initialOffset: parsed.initialOffset, rule: parsed.rule)
    }

    /// The six counts of a TZif header, in their order in the file.
    private struct TZifCounts {
        var utcIndicators = 0, standardIndicators = 0, leaps = 0, times = 0, types = 0, characters = 0

        func dataLength(timeSize: Int) -> Int {
            times * timeSize + times + types * 6 + characters + leaps * (timeSize + 4) + standardIndicators + utcIndicators
        }
    }

    private static func parseTZif(_ bytes: [UInt8]) throws(BinaryReader.Malformed)
        -> (times: [Int64], offsets: [Int], initialOffset: Int, rule: PosixZoneRule?) {
        var reader = BinaryReader(bytes)
        let first = try header(&reader)
        var counts = first.counts
        var timeSize = 4
        if first.version >= 2 {
            // Past version 1's data block: the second header and its 64-bit data.
            try reader.skip(counts.dataLength(timeSize: 4))
            counts = try header(&reader).counts
            timeSize = 8
        }
        var times: [Int64] = [], indexes: [Int] = [], types: [Int] = []
        for _ in 0..<counts.times {
            times.append(timeSize == 8 ? try reader.readBigEndianInt64() : Int64(Int32(bitPattern: try reader.readBigEndianUInt32())))
        }
        for _ in 0..<counts.times { indexes.append(Int(try reader.readByte())) }
        for _ in 0..<counts.types {
            types.append(Int(Int32(bitPattern: try reader.readBigEndianUInt32())))
            try reader.skip(2)  // is-DST flag and abbreviation index
        }
        guard !types.isEmpty, indexes.allSatisfy({ $0 < types.count }) else { throw BinaryReader.Malformed() }
        try reader.skip(counts.characters + counts.leaps * (timeSize + 4) + counts.standardIndicators + counts.utcIndicators)
        var rule: PosixZoneRule?
        if timeSize == 8 {
            // The footer: a POSIX rule between two newlines, for the years after the last transition.
            guard try reader.readByte() == UInt8(ascii: "\n") else { throw BinaryReader.Malformed() }
            var text: [UInt8] = []
            while case let byte = try reader.readByte(), byte != UInt8(ascii: "\n") { text.append(byte) }
            if !text.isEmpty {
                guard let parsed = PosixZoneRule(String(decoding: text, as: UTF8.self)) else { throw BinaryReader.Malformed() }
                rule = parsed
            }
        }
        return (times, indexes.map { types[$0] }, types[0], rule)
    }

    /// "TZif", the version, 15 reserved bytes and six counts (bounded, against a damaged file).
    private static func header(_ reader: inout BinaryReader) throws(BinaryReader.Malformed) -> (version: Int, counts: TZifCounts) {
        guard try reader.readRaw(count: 4) == Array("TZif".utf8) else { throw BinaryReader.Malformed() }
        let versionByte = try reader.readByte()
        try reader.skip(15)
        var values: [Int] = []
        for _ in 0..<6 { values.append(Int(try reader.readBigEndianUInt32())) }
        let counts = TZifCounts(utcIndicators: values[0], standardIndicators: values[1], leaps: values[2], times: values[3],
                                types: values[4], characters: values[5])
        guard counts.times < 1_000_000, counts.types < 256, counts.characters < 65_536, counts.leaps < 65_536,
              counts.utcIndicators < 256, counts.standardIndicators < 256 else { throw BinaryReader.Malformed() }
        return (versionByte == 0 ? 1 : Int(versionByte) - Int(UInt8(ascii: "0")), counts)
    }
}
