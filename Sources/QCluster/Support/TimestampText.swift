import Glibc

/// Times as people read them, in logs and tables.
public enum TimestampText {
    /// UTC, ISO 8601 with milliseconds: `2026-11-22T19:03:05.123Z`.
    public static func iso(_ milliseconds: Int64) -> String {
        var seconds = time_t(milliseconds / 1000)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        return dateAndTime(parts, separator: "T") + "." + NumberText.zeroPadded(Int(milliseconds % 1000), width: 3) + "Z"
    }

    /// Local time for tables: `2026-11-22 19:03:05`.
    public static func local(_ milliseconds: Int64) -> String {
        guard milliseconds > 0 else { return "-" }
        var seconds = time_t(milliseconds / 1000)
        var parts = tm()
        localtime_r(&seconds, &parts)
        return dateAndTime(parts, separator: " ")
    }

    /// The wall clock of `zone` for tables: `2026-11-22 19:03:05`, as schedules are reckoned
    /// (the configuration's `timezone`), whatever this process's own TZ is.
    public static func local(_ milliseconds: Int64, in zone: ZoneRules) -> String {
        let seconds = CivilCalendar.floorDivide(milliseconds, 1000)
        var shifted = time_t(seconds + Int64(zone.offset(at: seconds)))
        var parts = tm()
        gmtime_r(&shifted, &parts)
        return dateAndTime(parts, separator: " ")
    }

    /// How far `milliseconds` is from `now`, in whole seconds: `in 7h32m` or `5m ago`.
    public static func relative(_ milliseconds: Int64, now: Int64) -> String {
        let delta = milliseconds - now
        let distance = DurationParser.format(milliseconds: abs(delta) / 1000 * 1000)
        return delta >= 0 ? "in \(distance)" : "\(distance) ago"
    }

    /// `2026-11-22` + separator + `19:03:05`.
    private static func dateAndTime(_ parts: tm, separator: String) -> String {
        let two = { (value: Int32) in NumberText.zeroPadded(Int(value), width: 2) }
        return NumberText.zeroPadded(Int(parts.tm_year) + 1900, width: 4) + "-" + two(parts.tm_mon + 1) + "-" + two(parts.tm_mday)
            + separator + two(parts.tm_hour) + ":" + two(parts.tm_min) + ":" + two(parts.tm_sec)
    }
}
