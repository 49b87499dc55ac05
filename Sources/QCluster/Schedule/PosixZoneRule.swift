/// A POSIX TZ rule (`CET-1CEST,M3.5.0,M10.5.0/3`), as the footer of a TZif file gives the
/// rules after its last transition, and as $TZ may give them directly.
struct PosixZoneRule: Sendable, Equatable {
    /// Seconds east of UTC in standard time and in daylight time.
    var standardOffset: Int
    var daylightOffset: Int
    /// When daylight time starts and ends; nil for a zone without it.
    var daylight: (start: Boundary, end: Boundary)?

    /// A day of the year and a time of that day (local time before the change).
    struct Boundary: Sendable, Equatable {
        enum Day: Sendable, Equatable {
            case julianNoLeap(Int)        // Jn: 1...365, February 29 never counted
            case zeroBased(Int)           // n: 0...365
            case monthWeekDay(month: Int, week: Int, weekday: Int)  // Mm.w.d; week 5 = the last
        }
        var day: Day
        var seconds: Int  // of local time, may be negative or past 24 h (TZif version 3)
    }

    static func == (left: PosixZoneRule, right: PosixZoneRule) -> Bool {
        left.standardOffset == right.standardOffset && left.daylightOffset == right.daylightOffset
            && left.daylight?.start == right.daylight?.start && left.daylight?.end == right.daylight?.end
    }

    /// Parses `text`; nil when it is not a rule.
    init?(_ text: String) {
        var reader = Reader(bytes: Array(text.utf8))
        guard reader.name(), let standard = reader.offset() else { return nil }
        standardOffset = -standard
        daylightOffset = standardOffset
        if reader.atEnd { return }
        guard reader.name() else { return nil }
        daylightOffset = standardOffset + 3600
        if !reader.peek(","), !reader.atEnd {
            guard let offset = reader.offset() else { return nil }
            daylightOffset = -offset
        }
        if reader.atEnd {
            // No rule given: POSIX leaves it to the implementation; glibc uses the US rule.
            daylight = (Boundary(day: .monthWeekDay(month: 3, week: 2, weekday: 0), seconds: 7200),
                        Boundary(day: .monthWeekDay(month: 11, week: 1, weekday: 0), seconds: 7200))
            return
        }
        guard reader.skip(","), let start = reader.boundary(), reader.skip(","), let end = reader.boundary(), reader.atEnd else { return nil }
        daylight = (start, end)
    }

    /// Seconds east of UTC at `instant` (seconds since 1970, UTC). As glibc does, the year's
    /// two changes are those of the instant's year in standard time.
    func offset(at instant: Int64) -> Int {
        guard let daylight else { return standardOffset }
        let days = CivilCalendar.floorDivide(instant + Int64(standardOffset), 86_400)
        let year = CivilCalendar.date(daysSince1970: Int(days)).year
        let start = utcInstant(of: daylight.start, year: year, localOffset: standardOffset)
        let end = utcInstant(of: daylight.end, year: year, localOffset: daylightOffset)
        if start < end { return instant >= start && instant < end ? daylightOffset : standardOffset }
        // Southern hemisphere: daylight time spans the new year.
        return instant >= end && instant < start ? standardOffset : daylightOffset
    }

    private func utcInstant(of boundary: Boundary, year: Int, localOffset: Int) -> Int64 {
        let day: Int
        switch boundary.day {
        case let .julianNoLeap(number):
            let leap = CivilCalendar.days(inMonth: 2, year: year) == 29
            day = CivilCalendar.daysSince1970(year: year, month: 1, day: 1) + number - 1 + (leap && number >= 60 ? 1 : 0)
        case let .zeroBased(number):
            day = CivilCalendar.daysSince1970(year: year, month: 1, day: 1) + number
        case let .monthWeekDay(month, week, weekday):
            let first = CivilCalendar.daysSince1970(year: year, month: month, day: 1)
            let firstWeekday = CivilCalendar.weekday(daysSince1970: first)
            var date = 1 + (weekday - firstWeekday + 7) % 7 + (week - 1) * 7
            while date > CivilCalendar.days(inMonth: month, year: year) { date -= 7 }
            day = first + date - 1
        }
        return Int64(day) * 86_400 + Int64(boundary.seconds) - Int64(localOffset)
    }

    /// The rule's grammar, byte by byte.
    private struct Reader {
        var bytes: [UInt8]
        var index = 0

        var atEnd: Bool { index == bytes.count }

        func peek(_ character: Character) -> Bool { index < bytes.count && bytes[index] == character.asciiValue }

        mutating func skip(_ character: Character) -> Bool {
            guard peek(character) else { return false }
            index += 1
            return true
        }

        /// A zone abbreviation: three or more letters, or anything but `>` between `<` and `>`.
        mutating func name() -> Bool {
            if skip("<") {
                let start = index
                while index < bytes.count, bytes[index] != UInt8(ascii: ">") { index += 1 }
                return index - start >= 1 && skip(">")
            }
            let start = index
            while index < bytes.count, (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(bytes[index] & 0xDF) { index += 1 }
            return index - start >= 3
        }

        mutating func number() -> Int? {
            let start = index
            var value = 0
            while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]), index - start < 4 {
                value = value * 10 + Int(bytes[index] - UInt8(ascii: "0"))
                index += 1
            }
            return index > start ? value : nil
        }

        /// `[+-]hh[:mm[:ss]]` in seconds (POSIX's sign: positive is west of UTC).
        mutating func offset() -> Int? {
            var sign = 1
            if skip("-") { sign = -1 } else { _ = skip("+") }
            guard let hours = number(), hours <= 167 else { return nil }
            var seconds = hours * 3600
            if skip(":") {
                guard let minutes = number(), minutes < 60 else { return nil }
                seconds += minutes * 60
                if skip(":") {
                    guard let rest = number(), rest < 60 else { return nil }
                    seconds += rest
                }
            }
            return sign * seconds
        }

        /// `Jn`, `n` or `Mm.w.d`, then an optional `/time` (02:00 when absent).
        mutating func boundary() -> Boundary? {
            let day: Boundary.Day
            if skip("J") {
                guard let number = number(), (1...365).contains(number) else { return nil }
                day = .julianNoLeap(number)
            } else if skip("M") {
                guard let month = number(), (1...12).contains(month), skip("."), let week = number(), (1...5).contains(week),
                      skip("."), let weekday = number(), (0...6).contains(weekday) else { return nil }
                day = .monthWeekDay(month: month, week: week, weekday: weekday)
            } else {
                guard let number = number(), (0...365).contains(number) else { return nil }
                day = .zeroBased(number)
            }
            var seconds = 7200
            if skip("/") {
                guard let time = offset() else { return nil }
                seconds = time
            }
            return Boundary(day: day, seconds: seconds)
        }
    }
}
