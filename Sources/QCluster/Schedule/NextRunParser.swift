import FoundationEssentials
import Glibc

/// Reads `--next-run`: an ISO 8601 time (`2026-12-01T03:00`, with or without seconds and zone;
/// without a zone it is in the schedule time zone), `HH:MM` (the next time the clock shows it),
/// or `+DURATION` (`+10m`, from now).
public enum NextRunParser {
    public static func milliseconds(_ text: String, now: Int64, timeZone: ZoneRules) throws(ScheduleError) -> Int64 {
        let trimmed = text.trimmingSpaces
        if trimmed.hasPrefix("+") {
            guard let offset = DurationParser.milliseconds(String(trimmed.dropFirst())) else { throw .badNextRun(text) }
            return now + offset
        }
        let calendar = ZonedCalendar(zone: timeZone)
        let nowSeconds = CivilCalendar.floorDivide(now, 1000)
        let clock = trimmed.split(separator: ":")
        if trimmed.count <= 5, clock.count == 2, let hour = Int(clock[0]), let minute = Int(clock[1]), (0..<24).contains(hour), (0..<60).contains(minute) {
            var wall = calendar.wallClock(at: nowSeconds)
            (wall.hour, wall.minute, wall.second) = (hour, minute, 0)
            var seconds = calendar.instant(of: wall)
            if seconds * 1000 <= now { seconds = calendar.adding(days: 1, to: seconds) }
            return seconds * 1000
        }
        guard let stamp = LocalTimestamp(trimmed) else { throw .badNextRun(text) }
        if let offset = stamp.utcOffsetSeconds {
            // An explicit zone: plain arithmetic on the civil date, no calendar needed.
            let seconds = Int64(stamp.daysSince1970) * 86_400 + Int64(stamp.hour * 3600 + stamp.minute * 60 + stamp.second) - Int64(offset)
            return seconds * 1000
        }
        let wall = ZonedCalendar.WallClock(year: stamp.year, month: stamp.month, day: stamp.day, hour: stamp.hour, minute: stamp.minute, second: stamp.second)
        return calendar.instant(of: wall) * 1000
    }
}

/// `YYYY-MM-DD`, `YYYY-MM-DD[T| ]HH:MM[:SS]`, and after a `T` an optional `Z` or `±HH:MM`,
/// read strictly (a day that the month does not have is refused).
struct LocalTimestamp: Equatable {
    var year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0
    /// Seconds east of UTC when the text names a zone; nil means local to the schedule's zone.
    var utcOffsetSeconds: Int?

    init(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0, utcOffsetSeconds: Int? = nil) {
        (self.year, self.month, self.day, self.hour, self.minute, self.second) = (year, month, day, hour, minute, second)
        self.utcOffsetSeconds = utcOffsetSeconds
    }

    init?(_ text: String) {
        let bytes = Array(text.utf8)
        var index = 0
        func number(_ digits: Int) -> Int? {
            guard index + digits <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[index..<index + digits] {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            index += digits
            return value
        }
        func skip(_ character: Character) -> Bool {
            guard index < bytes.count, bytes[index] == character.asciiValue else { return false }
            index += 1
            return true
        }
        guard let year = number(4), skip("-"), let month = number(2), skip("-"), let day = number(2) else { return nil }
        (self.year, self.month, self.day) = (year, month, day)
        guard (1...12).contains(month), (1...CivilCalendar.days(inMonth: month, year: year)).contains(day) else { return nil }
        if index == bytes.count { return }
        let withT = skip("T")
        guard withT || skip(" "), let hour = number(2), skip(":"), let minute = number(2) else { return nil }
        (self.hour, self.minute) = (hour, minute)
        if skip(":") {
            guard let second = number(2) else { return nil }
            self.second = second
        }
        guard hour < 24, minute < 60, second < 60 else { return nil }
        if withT, index < bytes.count {
            if skip("Z") {
                utcOffsetSeconds = 0
            } else {
                let sign = skip("+") ? 1 : skip("-") ? -1 : 0
                guard sign != 0, let hours = number(2), skip(":"), let minutes = number(2), hours < 24, minutes < 60 else { return nil }
                utcOffsetSeconds = sign * (hours * 3600 + minutes * 60)
            }
        }
        guard index == bytes.count else { return nil }
    }

    /// Days from 1970-01-01 to this date.
    var daysSince1970: Int { CivilCalendar.daysSince1970(year: year, month: month, day: day) }
}
