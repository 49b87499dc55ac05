import FoundationEssentials
import Glibc

/// How often a schedule fires: Django Q's schedule types, plus cron.
public enum ScheduleKind: Sendable, Equatable {
    case once
    /// Every fixed interval (Django Q's "minutes"), in milliseconds.
    case every(milliseconds: Int64)
    case hourly, daily, weekly, biweekly, monthly, bimonthly, quarterly, yearly
    case cron(CronExpression)

    /// The word shown in listings (`every 10m`, `cron 0 3 * * *`).
    public var description: String {
        switch self {
        case .once: return "once"
        case let .every(milliseconds): return "every \(DurationParser.format(milliseconds: milliseconds))"
        case .hourly: return "hourly"
        case .daily: return "daily"
        case .weekly: return "weekly"
        case .biweekly: return "biweekly"
        case .monthly: return "monthly"
        case .bimonthly: return "bimonthly"
        case .quarterly: return "quarterly"
        case .yearly: return "yearly"
        case let .cron(expression): return "cron \(expression.source)"
        }
    }

    /// The occurrence after number `occurrence` (0 = `anchor` itself), as wall-clock arithmetic in
    /// `timeZone` for calendar kinds: a daily 09:00 stays at 09:00 across DST, and months clamp
    /// to their last day (monthly from Jan 31: Feb 28 or 29, Mar 31, Apr 30, ...) without drifting.
    func occurrence(_ number: Int, anchor: Date, previous: Date, timeZone: ZoneRules) -> Date? {
        let calendar = ZonedCalendar(zone: timeZone)
        // Whole seconds of the anchor through the calendar, its fraction kept.
        let whole = anchor.timeIntervalSince1970.rounded(.down), fraction = anchor.timeIntervalSince1970 - whole
        func date(_ seconds: Int64) -> Date { Date(timeIntervalSince1970: Double(seconds) + fraction) }
        func days(_ step: Int) -> Date? { date(calendar.adding(days: step * number, to: Int64(whole))) }
        func months(_ step: Int) -> Date? { date(calendar.adding(months: step * number, to: Int64(whole))) }
        switch self {
        case .once: return nil
        case let .every(milliseconds): return anchor.addingTimeInterval(Double(milliseconds) * Double(number) / 1000)
        case .hourly: return anchor.addingTimeInterval(3600 * Double(number))
        case .daily: return days(1)
        case .weekly: return days(7)
        case .biweekly: return days(14)
        case .monthly: return months(1)
        case .bimonthly: return months(2)
        case .quarterly: return months(3)
        case .yearly: return months(12)
        case let .cron(expression): return expression.next(after: previous, in: timeZone)
        }
    }

    func encode(into writer: inout BinaryWriter) {
        switch self {
        case .once: writer.write(byte: 1)
        case let .every(milliseconds):
            writer.write(byte: 2)
            writer.write(signed: milliseconds)
        case .hourly: writer.write(byte: 3)
        case .daily: writer.write(byte: 4)
        case .weekly: writer.write(byte: 5)
        case .biweekly: writer.write(byte: 6)
        case .monthly: writer.write(byte: 7)
        case .bimonthly: writer.write(byte: 8)
        case .quarterly: writer.write(byte: 9)
        case .yearly: writer.write(byte: 10)
        case let .cron(expression):
            writer.write(byte: 11)
            writer.write(string: expression.source)
        }
    }

    static func decode(from reader: inout BinaryReader) -> ScheduleKind? {
        guard let tag = try? reader.readByte() else { return nil }
        switch tag {
        case 1: return .once
        case 2: return (try? reader.readSigned()).map { .every(milliseconds: $0) }
        case 3: return .hourly
        case 4: return .daily
        case 5: return .weekly
        case 6: return .biweekly
        case 7: return .monthly
        case 8: return .bimonthly
        case 9: return .quarterly
        case 10: return .yearly
        case 11:
            guard let text = try? reader.readString(), let expression = try? CronExpression(text) else { return nil }
            return .cron(expression)
        default: return nil
        }
    }
}
