import Foundation
import Testing
@testable import QCluster

@Suite("cron expressions and schedule arithmetic")
struct ScheduleTests {
    static let utc = ZoneRules.utc
    static let amsterdam = ZoneRules.named("Europe/Amsterdam")!

    static func date(_ seconds: Int) -> Date { Date(timeIntervalSince1970: Double(seconds)) }

    /// Next five times after 2026-01-15 10:17 UTC, computed by Python's croniter.
    @Test("cron next times match a reference implementation", arguments: [
        ("* * * * *", [1768472280, 1768472340, 1768472400, 1768472460, 1768472520]),
        ("*/15 * * * *", [1768473000, 1768473900, 1768474800, 1768475700, 1768476600]),
        ("0 * * * *", [1768474800, 1768478400, 1768482000, 1768485600, 1768489200]),
        ("0 0 * * *", [1768521600, 1768608000, 1768694400, 1768780800, 1768867200]),
        ("30 2 * * *", [1768530600, 1768617000, 1768703400, 1768789800, 1768876200]),
        ("0 9 * * 1-5", [1768554000, 1768813200, 1768899600, 1768986000, 1769072400]),
        ("0 9 * * mon-fri", [1768554000, 1768813200, 1768899600, 1768986000, 1769072400]),
        ("15 14 1 * *", [1769955300, 1772374500, 1775052900, 1777644900, 1780323300]),
        ("0 22 * * 1-5", [1768514400, 1768600800, 1768860000, 1768946400, 1769032800]),
        ("23 0-20/2 * * *", [1768472580, 1768479780, 1768486980, 1768494180, 1768501380]),
        ("5 4 * * sun", [1768709100, 1769313900, 1769918700, 1770523500, 1771128300]),
        ("5 4 * * 7", [1768709100, 1769313900, 1769918700, 1770523500, 1771128300]),
        ("5 4 * * 0", [1768709100, 1769313900, 1769918700, 1770523500, 1771128300]),
        ("0 0,12 1 */2 *", [1772323200, 1772366400, 1777593600, 1777636800, 1782864000]),
        ("0 4 8-14 * *", [1770523200, 1770609600, 1770696000, 1770782400, 1770868800]),
        ("0 0 1,15 * 3", [1768953600, 1769558400, 1769904000, 1770163200, 1770768000]),
        ("0 0 29 2 *", [1835395200, 1961625600, 2087856000, 2214086400, 2340316800]),
        ("0 0 31 * *", [1769817600, 1774915200, 1780185600, 1785456000, 1788134400]),
        ("@hourly", [1768474800, 1768478400, 1768482000, 1768485600, 1768489200]),
        ("@daily", [1768521600, 1768608000, 1768694400, 1768780800, 1768867200]),
        ("@weekly", [1768694400, 1769299200, 1769904000, 1770508800, 1771113600]),
        ("@monthly", [1769904000, 1772323200, 1775001600, 1777593600, 1780272000]),
        ("@yearly", [1798761600, 1830297600, 1861920000, 1893456000, 1924992000]),
        ("@annually", [1798761600, 1830297600, 1861920000, 1893456000, 1924992000]),
        ("@midnight", [1768521600, 1768608000, 1768694400, 1768780800, 1768867200]),
        ("0 0 * jan,jul *", [1768521600, 1768608000, 1768694400, 1768780800, 1768867200]),
        ("0 12 * * sat,sun", [1768651200, 1768737600, 1769256000, 1769342400, 1769860800]),
        ("1-5/2 * * * *", [1768474860, 1768474980, 1768475100, 1768478460, 1768478580]),
        ("59 23 31 12 *", [1798761540, 1830297540, 1861919940, 1893455940, 1924991940]),
        ("0 8-18/3 * * mon,wed,fri", [1768550400, 1768561200, 1768572000, 1768582800, 1768809600]),
        ("*/7 * * * *", [1768472460, 1768472880, 1768473300, 1768473720, 1768474140]),
        ("0 0 1 1-12/3 *", [1775001600, 1782864000, 1790812800, 1798761600, 1806537600]),
        ("10,20,30 6 * * *", [1768543800, 1768544400, 1768545000, 1768630200, 1768630800]),
        ("0 0 13 * 5", [1768521600, 1769126400, 1769731200, 1770336000, 1770940800]),
        ("45 * 1-7 * 1", [1768783500, 1768787100, 1768790700, 1768794300, 1768797900]),
        ("0 0 * * 6-7", [1768608000, 1768694400, 1769212800, 1769299200, 1769817600]),
    ] as [(String, [Int])])
    func cronTable(expression: String, expected: [Int]) throws {
        let cron = try CronExpression(expression)
        var after = Self.date(1_768_472_220)  // 2026-01-15T10:17:00Z
        var times: [Int] = []
        for _ in 0..<5 {
            let next = try #require(cron.next(after: after, in: Self.utc))
            times.append(Int(next.timeIntervalSince1970))
            after = next
        }
        #expect(times == expected)
    }

    @Test("bad expressions name the field and the reason", arguments: [
        ("61 * * * *", "minute: 61 is out of range 0-59"),
        ("* 24 * * *", "hour: 24 is out of range 0-23"),
        ("* * 0 * *", "day-of-month: 0 is out of range 1-31"),
        ("* * * 13 *", "month: 13 is out of range 1-12"),
        ("* * * foo *", "month: 'foo' is not a number or a name such as jan"),
        ("* * * * 8", "day-of-week: 8 is out of range 0-7"),
        ("*/0 * * * *", "minute: step '0' must be a positive number"),
        ("5-1 * * * *", "minute: range 5-1 runs backwards"),
        ("* * * *", "expression: needs 5 fields (minute hour day-of-month month day-of-week), found 4"),
        ("@reboot", "macro: unknown macro '@reboot'; use @yearly, @monthly, @weekly, @daily or @hourly"),
        ("1,,2 * * * *", "minute: empty list item in '1,,2'"),
    ] as [(String, String)])
    func badExpressions(expression: String, reason: String) {
        #expect(throws: CronError.self) { try CronExpression(expression) }
        do {
            _ = try CronExpression(expression)
        } catch {
            #expect(error.description == "bad cron expression '\(expression)': \(reason)")
        }
    }

    @Test("a 02:30 job on the spring-forward day runs once, at the end of the gap")
    func springForward() throws {
        let cron = try CronExpression("30 2 * * *")
        // 2026-03-28 12:00 CET; clocks jump from 02:00 CET to 03:00 CEST on 2026-03-29.
        let first = try #require(cron.next(after: Self.date(1_774_695_600), in: Self.amsterdam))
        #expect(first == Self.date(1_774_746_000))  // 2026-03-29 03:00 CEST = 01:00 UTC
        let second = try #require(cron.next(after: first, in: Self.amsterdam))
        #expect(second == Self.date(1_774_830_600))  // 2026-03-30 02:30 CEST = 00:30 UTC
    }

    @Test("a 02:30 job on the fall-back day runs once, at the first 02:30")
    func fallBack() throws {
        let cron = try CronExpression("30 2 * * *")
        // 2026-10-24 12:00 CEST; clocks go back from 03:00 CEST to 02:00 CET on 2026-10-25.
        let first = try #require(cron.next(after: Self.date(1_792_836_000), in: Self.amsterdam))
        #expect(first == Self.date(1_792_888_200))  // 2026-10-25 02:30 CEST = 00:30 UTC
        let second = try #require(cron.next(after: first, in: Self.amsterdam))
        #expect(second == Self.date(1_792_978_200))  // 2026-10-26 02:30 CET = 01:30 UTC
    }

    @Test("an impossible date never matches")
    func impossible() throws {
        #expect(try CronExpression("0 0 30 2 *").next(after: Self.date(0), in: Self.utc) == nil)
    }

    /// Occurrences of a schedule kind from an anchor, as UTC ISO strings.
    func occurrences(_ kind: ScheduleKind, from anchor: String, count: Int, in zone: ZoneRules = utc) throws -> [String] {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")!
        let start = try #require(formatter.date(from: anchor))
        var schedule = Schedule(name: "s", kind: kind, template: TaskMessage(cluster: "default", command: ["true"]),
                                nextRunMilliseconds: Int64(start.timeIntervalSince1970 * 1000))
        var times: [String] = []
        for _ in 0..<count {
            schedule.advance(now: 0, catchUp: true, timeZone: zone)
            times.append(formatter.string(from: Date(timeIntervalSince1970: Double(schedule.nextRunMilliseconds) / 1000)))
        }
        return times
    }

    @Test("monthly clamps to the month's last day and does not drift")
    func monthly() throws {
        #expect(try occurrences(.monthly, from: "2026-01-31T09:00:00Z", count: 4)
                == ["2026-02-28T09:00:00Z", "2026-03-31T09:00:00Z", "2026-04-30T09:00:00Z", "2026-05-31T09:00:00Z"])
        #expect(try occurrences(.monthly, from: "2028-01-31T09:00:00Z", count: 1) == ["2028-02-29T09:00:00Z"])
        #expect(try occurrences(.quarterly, from: "2026-11-30T00:00:00Z", count: 2) == ["2027-02-28T00:00:00Z", "2027-05-30T00:00:00Z"])
        #expect(try occurrences(.bimonthly, from: "2026-12-31T00:00:00Z", count: 2) == ["2027-02-28T00:00:00Z", "2027-04-30T00:00:00Z"])
    }

    @Test("yearly from February 29 falls on the 28th, and on the 29th in leap years")
    func leapYears() throws {
        #expect(try occurrences(.yearly, from: "2028-02-29T12:00:00Z", count: 4)
                == ["2029-02-28T12:00:00Z", "2030-02-28T12:00:00Z", "2031-02-28T12:00:00Z", "2032-02-29T12:00:00Z"])
    }

    @Test("daily and weekly keep the wall-clock time across DST")
    func dailyAcrossDST() throws {
        // 09:00 in Amsterdam is 08:00 UTC in winter and 07:00 UTC in summer.
        #expect(try occurrences(.daily, from: "2026-03-28T08:00:00Z", count: 2, in: Self.amsterdam)
                == ["2026-03-29T07:00:00Z", "2026-03-30T07:00:00Z"])
        #expect(try occurrences(.weekly, from: "2026-10-20T07:00:00Z", count: 1, in: Self.amsterdam) == ["2026-10-27T08:00:00Z"])
        #expect(try occurrences(.biweekly, from: "2026-01-01T00:00:00Z", count: 1) == ["2026-01-15T00:00:00Z"])
    }

    @Test("hourly and every are fixed intervals")
    func intervals() throws {
        #expect(try occurrences(.hourly, from: "2026-03-29T00:30:00Z", count: 2, in: Self.amsterdam)
                == ["2026-03-29T01:30:00Z", "2026-03-29T02:30:00Z"])
        #expect(try occurrences(.every(milliseconds: 600_000), from: "2026-01-01T00:00:00Z", count: 2)
                == ["2026-01-01T00:10:00Z", "2026-01-01T00:20:00Z"])
    }

    @Test("repeats count down; once is done after firing; catch_up false skips missed runs")
    func repeatsAndCatchUp() throws {
        let template = TaskMessage(cluster: "default", command: ["true"])
        var once = Schedule(name: "o", kind: .once, template: template, nextRunMilliseconds: 1_000)
        #expect(!once.isDone)
        once.advance(now: 2_000, catchUp: true, timeZone: Self.utc)
        #expect(once.isDone)

        var counted = Schedule(name: "c", kind: .every(milliseconds: 1_000), template: template, nextRunMilliseconds: 0, repeats: 2)
        counted.advance(now: 0, catchUp: true, timeZone: Self.utc)
        #expect(counted.repeats == 1 && !counted.isDone)
        counted.advance(now: 0, catchUp: true, timeZone: Self.utc)
        #expect(counted.isDone)

        // Five hours missed: catch_up steps one occurrence at a time, otherwise it jumps past now.
        var caughtUp = Schedule(name: "h", kind: .hourly, template: template, nextRunMilliseconds: 0)
        caughtUp.advance(now: 5 * 3_600_000 + 1, catchUp: true, timeZone: Self.utc)
        #expect(caughtUp.nextRunMilliseconds == 3_600_000)
        var skipped = Schedule(name: "h", kind: .hourly, template: template, nextRunMilliseconds: 0)
        skipped.advance(now: 5 * 3_600_000 + 1, catchUp: false, timeZone: Self.utc)
        #expect(skipped.nextRunMilliseconds == 6 * 3_600_000)
        var cron = Schedule(name: "c", kind: .cron(try CronExpression("0 * * * *")), template: template, nextRunMilliseconds: 0)
        cron.advance(now: 5 * 3_600_000 + 1, catchUp: false, timeZone: Self.utc)
        #expect(cron.nextRunMilliseconds == 6 * 3_600_000)
        var daily = Schedule(name: "d", kind: .daily, template: template, nextRunMilliseconds: 0)
        daily.advance(now: 10 * 86_400_000 + 1, catchUp: false, timeZone: Self.utc)
        #expect(daily.nextRunMilliseconds == 11 * 86_400_000)
    }

    @Test("--next-run reads ISO 8601, HH:MM and +DURATION")
    func nextRun() throws {
        let now: Int64 = 1_768_472_220_000  // 2026-01-15T10:17:00Z
        #expect(try NextRunParser.milliseconds("+10m", now: now, timeZone: Self.utc) == now + 600_000)
        #expect(try NextRunParser.milliseconds("11:00", now: now, timeZone: Self.utc) == 1_768_474_800_000)
        #expect(try NextRunParser.milliseconds("09:00", now: now, timeZone: Self.utc) == 1_768_554_000_000)
        #expect(try NextRunParser.milliseconds("2026-12-01T03:00", now: now, timeZone: Self.utc) == 1_796_094_000_000)
        #expect(try NextRunParser.milliseconds("2026-12-01T03:00:00+01:00", now: now, timeZone: Self.utc) == 1_796_090_400_000)
        #expect(throws: ScheduleError.badNextRun("tomorrow")) { try NextRunParser.milliseconds("tomorrow", now: now, timeZone: Self.utc) }
    }
}

@Suite("schedules in the broker")
struct ScheduleBrokerTests {
    @Test("firing enqueues the task, records the last run and advances, in one transaction")
    func firing() throws {
        let store = try TemporaryBroker()
        let broker = store.broker
        let template = TaskMessage(cluster: "default", command: ["echo", "tick"], group: "ticks")
        try broker.addSchedule(Schedule(name: "tick", kind: .every(milliseconds: 1_000), template: template, nextRunMilliseconds: 10_000, repeats: 2), replace: false)
        #expect(throws: ScheduleError.duplicate("tick")) {
            try broker.addSchedule(Schedule(name: "tick", kind: .hourly, template: template, nextRunMilliseconds: 0), replace: false)
        }
        #expect(try broker.fireDueSchedules(cluster: "default", now: 9_999, catchUp: true, timeZone: ZoneRules.local()).fired.isEmpty)
        #expect(try broker.fireDueSchedules(cluster: "long", now: 10_000, catchUp: true, timeZone: ZoneRules.local()).fired.isEmpty)
        let fired = try broker.fireDueSchedules(cluster: "default", now: 10_000, catchUp: true, timeZone: ZoneRules.local()).fired
        #expect(fired.count == 1)
        let schedule = try broker.schedule(named: "tick")
        #expect(schedule.nextRunMilliseconds == 11_000 && schedule.repeats == 1 && schedule.lastTaskID == fired[0].taskID)
        let queued = try broker.queuedTasks(cluster: "default", group: nil, limit: 10)
        #expect(queued.map(\.message.id) == [fired[0].taskID])
        #expect(queued[0].message.command == ["echo", "tick"] && queued[0].message.group == "ticks")
        _ = try broker.fireDueSchedules(cluster: "default", now: 20_000, catchUp: true, timeZone: ZoneRules.local())
        #expect(try broker.schedule(named: "tick").isDone)
        #expect(try broker.fireDueSchedules(cluster: "default", now: 30_000, catchUp: true, timeZone: ZoneRules.local()).fired.isEmpty)
    }

    @Test("catch_up makes up at most 100 missed runs: a next run years in the past skips the older ones and says from when",
          arguments: [ScheduleKind.every(milliseconds: 60_000), .hourly, .daily, .cron(try! CronExpression("*/5 * * * *"))])
    func catchUpIsBounded(kind: ScheduleKind) throws {
        let store = try TemporaryBroker()
        let broker = store.broker
        let zone = try #require(ZoneRules.named("UTC"))
        let now: Int64 = 1_800_000_000_000
        let yearsAgo = now - 3 * 365 * 86_400_000
        try broker.addSchedule(Schedule(name: "typo", kind: kind, template: TaskMessage(cluster: "default", command: ["true"]),
                                        nextRunMilliseconds: yearsAgo, repeats: 1_000_000), replace: false)
        let first = try broker.fireDueSchedules(cluster: "default", now: now, catchUp: true, timeZone: zone)
        #expect(first.fired.count == 1)
        let skip = try #require(first.skipped.first)
        #expect(skip.name == "typo" && skip.keptFromMilliseconds > yearsAgo)
        var made = 1
        while try !broker.fireDueSchedules(cluster: "default", now: now, catchUp: true, timeZone: zone).fired.isEmpty { made += 1 }
        #expect((Schedule.catchUpLimit - 2...Schedule.catchUpLimit + 1).contains(made), "\(made) made up")
        let schedule = try broker.schedule(named: "typo")
        #expect(schedule.nextRunMilliseconds > now)
        #expect(schedule.repeats == 1_000_000 - made, "skipped runs do not count down repeats")

        // A few missed runs are all made up, and nothing is skipped.
        try broker.addSchedule(Schedule(name: "short", kind: kind, template: TaskMessage(cluster: "other", command: ["true"]),
                                        nextRunMilliseconds: now - 30 * 60_000), replace: false)
        var all = 0
        while true {
            let outcome = try broker.fireDueSchedules(cluster: "other", now: now, catchUp: true, timeZone: zone)
            #expect(outcome.skipped.isEmpty)
            if outcome.fired.isEmpty { break }
            all += 1
        }
        #expect(all >= 1 && all <= 31)
    }

    @Test("paused schedules do not fire; run enqueues without moving the next run")
    func pauseAndRun() throws {
        let store = try TemporaryBroker()
        let broker = store.broker
        try broker.addSchedule(Schedule(name: "p", kind: .hourly, template: TaskMessage(cluster: "default", command: ["true"]),
                                        nextRunMilliseconds: 0), replace: false)
        try broker.setSchedule(named: "p", paused: true)
        #expect(try broker.fireDueSchedules(cluster: "default", now: 1, catchUp: true, timeZone: ZoneRules.local()).fired.isEmpty)
        let message = try broker.runSchedule(named: "p")
        #expect(try broker.schedule(named: "p").nextRunMilliseconds == 0)
        #expect(try broker.schedule(named: "p").lastTaskID == message.id)
        try broker.setSchedule(named: "p", paused: false)
        #expect(try broker.fireDueSchedules(cluster: "default", now: 1, catchUp: true, timeZone: ZoneRules.local()).fired.count == 1)
        try broker.removeSchedule(named: "p")
        #expect(throws: ScheduleError.unknown("p")) { try broker.removeSchedule(named: "p") }
    }

    @Test("many handles firing at once never fire one occurrence twice")
    func concurrentFiring() async throws {
        let store = try TemporaryBroker()
        try store.broker.addSchedule(Schedule(name: "s", kind: .every(milliseconds: 1_000), template: TaskMessage(cluster: "default", command: ["true"]),
                                              nextRunMilliseconds: 0), replace: false)
        let path = store.folder + "/broker.lmdb"
        let total = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<4 {
                group.addTask {
                    let handle = try LMDBBroker(path: path, signer: MessageSigner(secret: Array("test-secret".utf8)))
                    var fired = 0
                    // Each handle sweeps the same 50 seconds of schedule time.
                    for second in 0..<50 {
                        fired += try handle.fireDueSchedules(cluster: "default", now: Int64(second) * 1_000, catchUp: true, timeZone: ZoneRules.local()).fired.count
                    }
                    return fired
                }
            }
            return try await group.reduce(0, +)
        }
        #expect(total == 50)
        #expect(try store.broker.statistics().queued == 50)
    }

    @Test("a schedule signed with another key is never fired, and is paused")
    func otherKey() throws {
        let store = try TemporaryBroker(secret: "one")
        try store.broker.addSchedule(Schedule(name: "x", kind: .hourly, template: TaskMessage(cluster: "default", command: ["true"]),
                                              nextRunMilliseconds: 0), replace: false)
        let other = try LMDBBroker(path: store.folder + "/broker.lmdb", signer: MessageSigner(secret: Array("two".utf8)))
        let outcome = try other.fireDueSchedules(cluster: "default", now: 1, catchUp: true, timeZone: ZoneRules.local())
        #expect(outcome.fired.isEmpty && outcome.rejected == ["x"])
        #expect(try other.schedule(named: "x").paused)
        #expect(try other.statistics().queued == 0)
    }
}

@Suite("--next-run timestamps, read without a date formatter")
struct LocalTimestampTests {
    @Test("dates, times, seconds and zones are read strictly")
    func forms() {
        #expect(LocalTimestamp("2026-12-01") == LocalTimestamp(year: 2026, month: 12, day: 1))
        #expect(LocalTimestamp("2026-12-01 03:04:05") == LocalTimestamp(year: 2026, month: 12, day: 1, hour: 3, minute: 4, second: 5))
        #expect(LocalTimestamp("2026-12-01T03:04Z")?.utcOffsetSeconds == 0)
        #expect(LocalTimestamp("2026-12-01T03:04:05-05:30")?.utcOffsetSeconds == -19_800)
        for bad in ["2026-02-29", "2026-13-01", "2026-1-01", "2026-12-01T24:00", "2026-12-01T03:60", "2026-12-01 03:00Z",
                    "2026-12-01T03:00+1", "2026-12-01T03", "2026-12-01T03:00 ", "tomorrow", ""] {
            #expect(LocalTimestamp(bad) == nil, "\(bad) should be refused")
        }
        #expect(LocalTimestamp("2028-02-29") != nil)
        #expect(LocalTimestamp("2000-02-29") != nil)
        #expect(LocalTimestamp("2100-02-29") == nil)
    }

    @Test("days since 1970 agree with the C library on every day of 1900 to 2200")
    func civilDays() {
        var day = LocalTimestamp(year: 1900, month: 1, day: 1)
        var expected = -25_567
        while day.year < 2200 {
            #expect(day.daysSince1970 == expected)
            if expected % 997 == 0 {  // and with timegm(3), now and then
                var parts = tm()
                parts.tm_year = Int32(day.year - 1900); parts.tm_mon = Int32(day.month - 1); parts.tm_mday = Int32(day.day)
                #expect(Int(timegm(&parts)) == expected * 86_400)
            }
            expected += 1
            day.day += 1
            if day.day > CivilCalendar.days(inMonth: day.month, year: day.year) { day.day = 1; day.month += 1 }
            if day.month > 12 { day.month = 1; day.year += 1 }
        }
    }

    @Test("a zone-less time is in the schedule's zone, DST included")
    func scheduleZone() throws {
        let amsterdam = try #require(ZoneRules.named("Europe/Amsterdam"))
        #expect(try NextRunParser.milliseconds("2026-07-01T12:00", now: 0, timeZone: amsterdam) == 1_782_900_000_000)
        #expect(try NextRunParser.milliseconds("2026-01-15 12:00", now: 0, timeZone: amsterdam) == 1_768_474_800_000)
        #expect(try NextRunParser.milliseconds("2026-07-01T12:00Z", now: 0, timeZone: amsterdam) == 1_782_907_200_000)
    }
}
