import FoundationEssentials

/// Gregorian wall-clock arithmetic in one zone, as schedules need it: the local date and time
/// of an instant, the instant of a local time, and days or months added keeping the clock.
/// Local times the zone skips or repeats resolve as Foundation's `Calendar` resolves them: with
/// the offset in force before the change (a skipped 02:30 is the instant of 03:30 after a
/// one-hour spring forward; a repeated 02:30 is its first occurrence).
struct ZonedCalendar: Sendable {
    let zone: ZoneRules

    /// A local date and time, without a zone.
    struct WallClock: Equatable {
        var year, month, day, hour, minute, second: Int

        /// Seconds since 1970-01-01 00:00 of this wall clock, read as if it were UTC.
        var localSeconds: Int64 {
            Int64(CivilCalendar.daysSince1970(year: year, month: month, day: day)) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
        }

        init(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0) {
            (self.year, self.month, self.day, self.hour, self.minute, self.second) = (year, month, day, hour, minute, second)
        }

        init(localSeconds: Int64) {
            let days = CivilCalendar.floorDivide(localSeconds, 86_400)
            let date = CivilCalendar.date(daysSince1970: Int(days))
            let rest = Int(localSeconds - days * 86_400)
            self.init(year: date.year, month: date.month, day: date.day, hour: rest / 3600, minute: rest / 60 % 60, second: rest % 60)
        }
    }

    /// How a wall clock maps to instants.
    enum Resolution: Equatable {
        case unique(Int64)
        /// Shown twice (a fall-back): both instants, earlier first.
        case repeated(Int64, Int64)
        /// Never shown (a spring-forward gap): the instant the gap starts at, and the instant of
        /// the wall clock read with the offset before the gap (as far past the gap's end).
        case skipped(gapStart: Int64, shifted: Int64)
    }

    /// The wall clock at `instant` (seconds since 1970, UTC).
    func wallClock(at instant: Int64) -> WallClock {
        WallClock(localSeconds: instant + Int64(zone.offset(at: instant)))
    }

    /// The instants that show `wall`. Assumes the zone changes its offset at most once within
    /// a day of it, as every zone of the tz database does.
    func resolve(_ wall: WallClock) -> Resolution {
        let local = wall.localSeconds
        let before = Int64(zone.offset(at: local - 86_400 - 86_400))
        let after = Int64(zone.offset(at: local + 86_400 + 86_400))
        let early = local - before, late = local - after
        let earlyShows = early + Int64(zone.offset(at: early)) == local
        let lateShows = late + Int64(zone.offset(at: late)) == local
        switch (earlyShows, lateShows) {
        case (true, true): return early == late ? .unique(early) : .repeated(min(early, late), max(early, late))
        case (true, false): return .unique(early)
        case (false, true): return .unique(late)
        case (false, false):
            // In the gap: find where the offset changes, between the two readings.
            var low = min(early, late), high = max(early, late)  // offset(low) = before, offset(high) = after
            let lowOffset = zone.offset(at: low)
            while high - low > 1 {
                let middle = low + (high - low) / 2
                if zone.offset(at: middle) == lowOffset { low = middle } else { high = middle }
            }
            return .skipped(gapStart: high, shifted: early)
        }
    }

    /// The instant of `wall` as Foundation's `Calendar.date(from:)` gives it.
    func instant(of wall: WallClock) -> Int64 {
        switch resolve(wall) {
        case let .unique(instant), let .repeated(instant, _): return instant
        case let .skipped(_, shifted): return shifted
        }
    }

    /// `days` days after `instant` (before, when negative) at the same wall-clock time, resolved
    /// as ``instant(of:)`` does. Foundation's `Calendar` gives the same for days and months
    /// added forward, the only way schedules add them (a test holds them to it); going
    /// backward, it resolves some repeated times to their second occurrence.
    func adding(days: Int, to instant: Int64) -> Int64 {
        var wall = wallClock(at: instant)
        let date = CivilCalendar.date(daysSince1970: CivilCalendar.daysSince1970(year: wall.year, month: wall.month, day: wall.day) + days)
        (wall.year, wall.month, wall.day) = (date.year, date.month, date.day)
        return self.instant(of: wall)
    }

    /// `months` months after `instant` at the same wall-clock time; a day the month lacks
    /// becomes its last (January 31 + 1 month = February 28 or 29).
    func adding(months: Int, to instant: Int64) -> Int64 {
        var wall = wallClock(at: instant)
        let index = wall.year * 12 + (wall.month - 1) + months
        wall.year = Int(CivilCalendar.floorDivide(Int64(index), 12))
        wall.month = index - wall.year * 12 + 1
        wall.day = min(wall.day, CivilCalendar.days(inMonth: wall.month, year: wall.year))
        return self.instant(of: wall)
    }
}
