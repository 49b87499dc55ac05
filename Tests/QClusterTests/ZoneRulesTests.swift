import Foundation
import Testing
@testable import QCluster

/// qctl's zones and calendar against Foundation's (ICU's rules, the toolchain's copy of the same
/// tz database), which qctl used before it read /usr/share/zoneinfo itself.
@Suite("time zones from the system's tz database, held to Foundation's")
struct ZoneRulesTests {
    /// Zones with DST both ways, half-hour and 45-minute offsets, negative DST (Dublin), and
    /// rules that stopped (São Paulo, Tehran); all unchanged for years, so that a newer system
    /// tz database than the toolchain's ICU copy does not tell them apart.
    static let zones = ["Europe/Amsterdam", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata", "Pacific/Chatham",
                        "Europe/Dublin", "America/St_Johns", "Europe/London", "Australia/Sydney", "America/Sao_Paulo", "Asia/Tehran", "UTC"]

    /// Instants around every transition of 2018–2040 (a second either side) and at random from 1970 to 2100.
    static func instants(_ zone: TimeZone, random: inout SplitMix64) -> [Int64] {
        var result: [Int64] = []
        var date = Date(timeIntervalSince1970: 1_514_764_800)  // 2018-01-01
        while let transition = zone.nextDaylightSavingTimeTransition(after: date), transition.timeIntervalSince1970 < 2_208_988_800 {
            let seconds = Int64(transition.timeIntervalSince1970)
            result += [seconds - 1, seconds, seconds + 1]
            date = transition
        }
        for _ in 0..<2_000 { result.append(Int64(random.next() % 4_102_444_800)) }
        return result
    }

    @Test("offsets from UTC equal Foundation's", arguments: zones)
    func offsets(zoneName: String) throws {
        let rules = try #require(ZoneRules.named(zoneName))
        let zone = try #require(TimeZone(identifier: zoneName))
        var random = SplitMix64(seed: UInt64(zoneName.utf8.count))
        for instant in Self.instants(zone, random: &random) {
            #expect(rules.offset(at: instant) == zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(instant))),
                    "\(zoneName) at \(instant)")
        }
    }

    @Test("wall clocks, skipped and repeated times, and days and months added, as Foundation's Calendar gives them", arguments: zones)
    func calendar(zoneName: String) throws {
        let ours = ZonedCalendar(zone: try #require(ZoneRules.named(zoneName)))
        let zone = try #require(TimeZone(identifier: zoneName))
        var theirs = Calendar(identifier: .gregorian)
        theirs.timeZone = zone
        var random = SplitMix64(seed: 7 + UInt64(zoneName.utf8.count))
        for instant in Self.instants(zone, random: &random) {
            let date = Date(timeIntervalSince1970: Double(instant))
            let parts = theirs.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
            let wall = ours.wallClock(at: instant)
            #expect(wall == ZonedCalendar.WallClock(year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour!,
                                                    minute: parts.minute!, second: parts.second!), "\(zoneName) at \(instant)")
            // Local times on a 15-minute grid around the instant: through every gap and overlap.
            for step in -12...12 {
                var local = ZonedCalendar.WallClock(localSeconds: wall.localSeconds / 900 * 900 + Int64(step) * 900)
                local.second = 0
                let expected = theirs.date(from: DateComponents(year: local.year, month: local.month, day: local.day, hour: local.hour, minute: local.minute))!
                #expect(ours.instant(of: local) == Int64(expected.timeIntervalSince1970), "\(zoneName) \(local)")
            }
            for days in [1, 7, 14, 371] {  // forward only, as schedules add (backward, Foundation resolves some repeated times otherwise)
                let expected = theirs.date(byAdding: .day, value: days, to: date)!
                #expect(ours.adding(days: days, to: instant) == Int64(expected.timeIntervalSince1970), "\(zoneName) \(instant) + \(days) days")
            }
            for months in [1, 2, 3, 12] {
                let expected = theirs.date(byAdding: .month, value: months, to: date)!
                #expect(ours.adding(months: months, to: instant) == Int64(expected.timeIntervalSince1970), "\(zoneName) \(instant) + \(months) months")
            }
        }
    }

    @Test("POSIX rules as $TZ gives them, TZif files with and without a footer rule, and names that are not zones")
    func rulesAndNames() throws {
        // Central Europe's rule, for an instant past any transition table: 2100-07-01 is summer.
        let europe = ZoneRules.local(environment: ["TZ": "CET-1CEST,M3.5.0,M10.5.0/3"])
        #expect(europe.offset(at: 4_118_054_400) == 7_200)
        #expect(europe.offset(at: 4_102_444_800) == 3_600)  // 2100-01-01
        // Southern hemisphere, with a quoted abbreviation: New Zealand's rule.
        let auckland = ZoneRules.local(environment: ["TZ": "NZST-12NZDT,M9.5.0,M4.1.0/3"])
        #expect(auckland.offset(at: 4_102_444_800) == 46_800)  // January: daylight time
        #expect(auckland.offset(at: 4_118_054_400) == 43_200)  // July: standard time
        #expect(ZoneRules.local(environment: ["TZ": "<+0530>-5:30"]).offset(at: 0) == 19_800)
        #expect(ZoneRules.local(environment: ["TZ": ":Europe/Amsterdam"]) == ZoneRules.named("Europe/Amsterdam"))
        #expect(ZoneRules.local(environment: ["TZ": ""]) == ZoneRules.utc)
        #expect(ZoneRules.local(environment: ["TZ": "Not a zone!"]) == ZoneRules.utc)
        // A version 1 file (no 64-bit data, no footer) and a truncated one.
        let amsterdam = try [UInt8](Data(contentsOf: URL(fileURLWithPath: ZoneRules.folder + "/Europe/Amsterdam")))
        #expect(ZoneRules(tzif: Array(amsterdam.prefix(30)), name: "x") == nil)
        #expect(ZoneRules(tzif: Array("TZif".utf8) + [UInt8](repeating: 0, count: 40), name: "x") == nil)
        for name in ["", "/etc/passwd", "../../etc/passwd", "Europe/../Europe/Amsterdam", "Europe//Amsterdam", "Mars/Olympus"] {
            #expect(ZoneRules.named(name) == nil, "\(name)")
        }
        #expect(ZoneRules.named("UTC")?.offset(at: 1_000_000_000) == 0)
        #expect(ZoneRules.databaseVersion.map { $0.count >= 5 } == true)
    }

    @Test("damaged TZif files and rules are refused or read, never a crash, and every instant gets an offset")
    func damagedInput() throws {
        let original = try [UInt8](Data(contentsOf: URL(fileURLWithPath: ZoneRules.folder + "/Europe/Amsterdam")))
        var random = SplitMix64(seed: 99)
        for round in 0..<2_000 {
            var bytes = original
            for _ in 0..<(1 + round % 8) {
                let index = Int(random.next() % UInt64(bytes.count))
                bytes[index] = UInt8(truncatingIfNeeded: random.next())
            }
            if round % 5 == 0 { bytes = Array(bytes.prefix(Int(random.next() % UInt64(bytes.count)))) }
            if let zone = ZoneRules(tzif: bytes, name: "damaged") {
                let calendar = ZonedCalendar(zone: zone)
                for instant: Int64 in [-4_000_000_000, 0, 1_790_000_000, 4_200_000_000] {
                    _ = calendar.instant(of: calendar.wallClock(at: instant))
                    _ = calendar.adding(months: 1, to: instant)
                }
            }
        }
        let alphabet = Array("ABCZ<>+-:,./JM0123456789 ")
        for _ in 0..<5_000 {
            let text = String((0..<Int(random.next() % 30)).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] })
            if let rule = PosixZoneRule(text) {
                for instant: Int64 in [-4_000_000_000, 0, 4_200_000_000] { _ = rule.offset(at: instant) }
            }
        }
        #expect(PosixZoneRule("CET-1CEST,M3.5.0,M10.5.0/3") != nil)
        #expect(PosixZoneRule("CET-1CEST,M13.5.0,M10.5.0/3") == nil)
        #expect(PosixZoneRule("X-1") == nil)  // an abbreviation has three letters at least
    }
}
