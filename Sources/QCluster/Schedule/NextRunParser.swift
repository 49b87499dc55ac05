import Foundation

/// Reads `--next-run`: an ISO 8601 time (`2026-12-01T03:00`, with or without seconds and zone;
/// without a zone it is in the schedule time zone), `HH:MM` (the next time the clock shows it),
/// or `+DURATION` (`+10m`, from now).
public enum NextRunParser {
    public static func milliseconds(_ text: String, now: Int64, timeZone: TimeZone) throws(ScheduleError) -> Int64 {
        let trimmed = text.trimmingSpaces
        if trimmed.hasPrefix("+") {
            guard let offset = DurationParser.milliseconds(String(trimmed.dropFirst())) else { throw .badNextRun(text) }
            return now + offset
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let nowDate = Date(timeIntervalSince1970: Double(now) / 1000)
        let clock = trimmed.split(separator: ":")
        if trimmed.count <= 5, clock.count == 2, let hour = Int(clock[0]), let minute = Int(clock[1]), (0..<24).contains(hour), (0..<60).contains(minute) {
            var components = calendar.dateComponents([.year, .month, .day], from: nowDate)
            components.hour = hour
            components.minute = minute
            guard var date = calendar.date(from: components) else { throw .badNextRun(text) }
            if date <= nowDate { date = calendar.date(byAdding: .day, value: 1, to: date) ?? date }
            return Int64((date.timeIntervalSince1970 * 1000).rounded())
        }
        for format in ["yyyy-MM-dd'T'HH:mm:ssXXXXX", "yyyy-MM-dd'T'HH:mmXXXXX", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm",
                       "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd"] {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = timeZone
            formatter.calendar = calendar
            formatter.dateFormat = format
            if let date = formatter.date(from: trimmed) { return Int64((date.timeIntervalSince1970 * 1000).rounded()) }
        }
        throw .badNextRun(text)
    }
}
