import FoundationEssentials
import Glibc

/// A standard five-field cron expression: minute, hour, day of month, month, day of week.
///
/// Supports lists (`1,15`), ranges (`1-5`), steps (`*/15`, `1-30/2`, `5/10`), month and weekday
/// names (`jan`, `mon-fri`), Sunday as 0 or 7, and the macros `@yearly` (`@annually`),
/// `@monthly`, `@weekly`, `@daily` (`@midnight`) and `@hourly`. When both day fields are
/// restricted a day matches either of them, as in every cron since Vixie's.
///
/// Times are wall-clock times in a time zone. Across daylight-saving changes: a time that does
/// not exist (in the spring-forward gap) runs once, at the first instant after the gap; a time
/// that occurs twice (fall-back) runs once, at its first occurrence.
public struct CronExpression: Sendable, Equatable, CustomStringConvertible {
    public let source: String
    let minutes: Set<Int>
    let hours: Set<Int>
    let daysOfMonth: Set<Int>
    let months: Set<Int>
    let daysOfWeek: Set<Int>
    let dayOfMonthRestricted: Bool
    let dayOfWeekRestricted: Bool

    public var description: String { source }

    private static let macros = [
        "@yearly": "0 0 1 1 *", "@annually": "0 0 1 1 *", "@monthly": "0 0 1 * *", "@weekly": "0 0 * * 0",
        "@daily": "0 0 * * *", "@midnight": "0 0 * * *", "@hourly": "0 * * * *",
    ]
    private static let monthNames = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    private static let dayNames = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]

    public init(_ text: String) throws(CronError) {
        let trimmed = text.trimmingSpaces
        source = trimmed
        var expanded = trimmed
        if trimmed.hasPrefix("@") {
            guard let macro = Self.macros[trimmed.lowercased()] else {
                throw CronError(expression: trimmed, field: "macro", reason: "unknown macro '\(trimmed)'; use @yearly, @monthly, @weekly, @daily or @hourly")
            }
            expanded = macro
        }
        let fields = expanded.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard fields.count == 5 else {
            throw CronError(expression: trimmed, field: "expression",
                            reason: "needs 5 fields (minute hour day-of-month month day-of-week), found \(fields.count)")
        }
        minutes = try Self.parse(fields[0], field: "minute", range: 0...59, names: [], expression: trimmed)
        hours = try Self.parse(fields[1], field: "hour", range: 0...23, names: [], expression: trimmed)
        daysOfMonth = try Self.parse(fields[2], field: "day-of-month", range: 1...31, names: [], expression: trimmed)
        months = try Self.parse(fields[3], field: "month", range: 1...12, names: Self.monthNames, expression: trimmed)
        let weekdays = try Self.parse(fields[4], field: "day-of-week", range: 0...7, names: Self.dayNames, expression: trimmed)
        daysOfWeek = Set(weekdays.map { $0 % 7 })
        dayOfMonthRestricted = !fields[2].hasPrefix("*")
        dayOfWeekRestricted = !fields[4].hasPrefix("*")
    }

    private static func parse(_ field: String, field name: String, range: ClosedRange<Int>, names: [String], expression: String) throws(CronError) -> Set<Int> {
        func fail(_ reason: String) -> CronError { CronError(expression: expression, field: name, reason: reason) }
        func value(_ text: Substring) throws(CronError) -> Int {
            if let number = Int(text) {
                guard range.contains(number) else { throw fail("\(number) is out of range \(range.lowerBound)-\(range.upperBound)") }
                return number
            }
            if let index = names.firstIndex(of: text.lowercased()) { return index + (names.count == 12 ? 1 : 0) }
            throw fail("'\(text)' is not a number\(names.isEmpty ? "" : " or a name such as \(names[0])")")
        }
        var values = Set<Int>()
        for item in field.split(separator: ",", omittingEmptySubsequences: false) {
            guard !item.isEmpty else { throw fail("empty list item in '\(field)'") }
            let parts = item.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count <= 2 else { throw fail("'\(item)' has more than one '/'") }
            var step = 1
            if parts.count == 2 {
                guard let parsed = Int(parts[1]), parsed > 0 else { throw fail("step '\(parts[1])' must be a positive number") }
                step = parsed
            }
            let base = parts[0]
            var lower: Int, upper: Int
            if base == "*" {
                (lower, upper) = (range.lowerBound, range.upperBound)
                if name == "day-of-week" { upper = 6 }
            } else if let dash = base.firstIndex(of: "-") {
                lower = try value(base[..<dash])
                upper = try value(base[base.index(after: dash)...])
                guard lower <= upper else { throw fail("range \(base) runs backwards") }
            } else {
                lower = try value(base)
                upper = parts.count == 2 ? (name == "day-of-week" ? 6 : range.upperBound) : lower
            }
            values.formUnion(stride(from: lower, through: upper, by: step))
        }
        return values
    }

    /// The first time strictly after `date` that matches, in `timeZone`; nil if none within 8 years
    /// (only for impossible dates such as `0 0 30 2 *`).
    public func next(after date: Date, in zone: ZoneRules) -> Date? {
        let calendar = ZonedCalendar(zone: zone)
        let parts = calendar.wallClock(at: Int64(date.timeIntervalSince1970.rounded(.down)))
        var wall = WallTime(year: parts.year, month: parts.month, day: parts.day, hour: parts.hour, minute: parts.minute)
        wall.addMinute()
        let lastYear = wall.year + 8
        while wall.year <= lastYear {
            if !months.contains(wall.month) {
                wall.nextMonth()
                continue
            }
            if !dayMatches(wall) {
                wall.nextDay()
                continue
            }
            if !hours.contains(wall.hour) {
                wall.nextHour()
                continue
            }
            if !minutes.contains(wall.minute) {
                wall.addMinute()
                continue
            }
            let instant = wall.instant(calendar: calendar)
            if instant > date { return instant }
            wall.addMinute()
        }
        return nil
    }

    private func dayMatches(_ wall: WallTime) -> Bool {
        let dom = daysOfMonth.contains(wall.day)
        let dow = daysOfWeek.contains(wall.weekday)
        switch (dayOfMonthRestricted, dayOfWeekRestricted) {
        case (true, true): return dom || dow
        case (true, false): return dom
        case (false, true): return dow
        case (false, false): return true
        }
    }
}

/// A bad cron expression: which field and why.
public struct CronError: UserFacingError, Equatable {
    public var expression: String
    public var field: String
    public var reason: String

    public init(expression: String, field: String, reason: String) {
        self.expression = expression
        self.field = field
        self.reason = reason
    }

    public var exitStatus: ExitStatus { .usage }
    public var description: String { "bad cron expression '\(expression)': \(field): \(reason)" }
}

/// A local date and time without a time zone, with its own calendar arithmetic.
struct WallTime: Equatable {
    var year, month, day, hour, minute: Int

    /// 0 = Sunday (1970-01-01 was a Thursday).
    var weekday: Int {
        CivilCalendar.weekday(daysSince1970: CivilCalendar.daysSince1970(year: year, month: month, day: day))
    }

    mutating func addMinute() {
        minute += 1
        if minute == 60 { nextHour() }
    }

    mutating func nextHour() {
        minute = 0
        hour += 1
        if hour == 24 { nextDay() }
    }

    mutating func nextDay() {
        minute = 0
        hour = 0
        day += 1
        if day > CivilCalendar.days(inMonth: month, year: year) { nextMonth() }
    }

    mutating func nextMonth() {
        minute = 0
        hour = 0
        day = 1
        month += 1
        if month == 13 {
            month = 1
            year += 1
        }
    }

    /// The instant of this wall time; in a spring-forward gap, the first instant after the gap;
    /// at a fall-back overlap, the first occurrence.
    func instant(calendar: ZonedCalendar) -> Date {
        let seconds: Int64
        switch calendar.resolve(ZonedCalendar.WallClock(year: year, month: month, day: day, hour: hour, minute: minute)) {
        case let .unique(instant), let .repeated(instant, _): seconds = instant
        case let .skipped(gapStart, _): seconds = gapStart
        }
        return Date(timeIntervalSince1970: Double(seconds))
    }
}
