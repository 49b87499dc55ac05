import FoundationEssentials
import Glibc

/// A schedule, as Django Q's: a task template that a cluster's scheduler enqueues at `nextRun`,
/// `repeats` times (-1: forever; it stops at 0 and is kept, shown as done).
public struct Schedule: Sendable, Equatable {
    public var name: String
    public var kind: ScheduleKind
    /// The task to enqueue; its id and enqueue time are new at every firing.
    public var template: TaskMessage
    /// The first occurrence, from which calendar kinds count (so months never drift).
    public var anchorMilliseconds: Int64
    /// How many occurrences have been passed (fired or skipped).
    public var occurrences: Int
    public var nextRunMilliseconds: Int64
    public var repeats: Int
    public var paused: Bool
    public var lastRunMilliseconds: Int64?
    public var lastTaskID: TaskID?
    public var createdAtMilliseconds: Int64

    public init(name: String, kind: ScheduleKind, template: TaskMessage, nextRunMilliseconds: Int64, repeats: Int = -1) {
        self.name = name
        self.kind = kind
        self.template = template
        anchorMilliseconds = nextRunMilliseconds
        occurrences = 0
        self.nextRunMilliseconds = nextRunMilliseconds
        self.repeats = kind == .once ? 1 : repeats
        paused = false
        lastRunMilliseconds = nil
        lastTaskID = nil
        createdAtMilliseconds = Clock.nowMilliseconds()
    }

    /// The cluster (queue) that fires it.
    public var cluster: String { template.cluster }

    /// Whether it will fire no more.
    public var isDone: Bool { repeats == 0 }

    /// The next `count` runs from `nextRun` on (fewer when its repeats end first), as the
    /// scheduler would reach them in `timeZone`: what a form shows before the schedule is saved.
    public func upcomingRuns(_ count: Int, timeZone: ZoneRules) -> [Int64] {
        var runs: [Int64] = []
        var probe = self
        while runs.count < count, !probe.isDone {
            runs.append(probe.nextRunMilliseconds)
            guard probe.advance(now: probe.nextRunMilliseconds, catchUp: true, timeZone: timeZone) else { break }
        }
        return runs
    }

    /// With catch-up, at most this many missed occurrences are made up; older ones are skipped
    /// (a `--next-run` years in the past, a typo in the year, would otherwise replay thousands).
    public static let catchUpLimit = 100

    /// With catch-up: when more than ``catchUpLimit`` occurrences were missed before `now`,
    /// moves `nextRun` past the older ones so that about ``catchUpLimit`` are left to make up
    /// (exactly that many for evenly spaced kinds), without counting down `repeats`.
    /// Returns the first occurrence kept (to report what was skipped), or nil when nothing was.
    public mutating func skipMissedBeyondCatchUpLimit(now: Int64, timeZone: ZoneRules) -> Int64? {
        guard nextRunMilliseconds <= now, !isDone else { return nil }
        var probe = self
        for _ in 0..<Self.catchUpLimit {
            guard probe.advance(now: now, catchUp: true, timeZone: timeZone), probe.nextRunMilliseconds <= now else { return nil }
        }
        // More were missed. The first `catchUpLimit` show the spacing; keep those of the last
        // `catchUpLimit` spacings before now, and skip the rest as catch_up false would.
        let spacing = max(1, (probe.nextRunMilliseconds - nextRunMilliseconds) / Int64(Self.catchUpLimit))
        let keepFrom = now - spacing * Int64(Self.catchUpLimit)
        guard keepFrom > nextRunMilliseconds else { return nil }
        var skipped = self
        skipped.repeats = repeats
        guard skipped.advance(now: keepFrom, catchUp: false, timeZone: timeZone) else { return nil }
        skipped.repeats = repeats
        self = skipped
        return nextRunMilliseconds
    }

    /// Moves past the occurrence at `nextRun`: to the following one (`catchUp`: even if that is
    /// still in the past, so missed runs are made up one per cycle), or to the first one after
    /// `now`. Counts down `repeats`. Returns false when no occurrence follows.
    @discardableResult
    public mutating func advance(now: Int64, catchUp: Bool, timeZone: ZoneRules) -> Bool {
        if repeats > 0 { repeats -= 1 }
        let anchor = Date(timeIntervalSince1970: Double(anchorMilliseconds) / 1000)
        let previous = Date(timeIntervalSince1970: Double(nextRunMilliseconds) / 1000)
        let nowDate = Date(timeIntervalSince1970: Double(now) / 1000)
        occurrences += 1
        if !catchUp {
            // Jump straight past `now` where arithmetic allows it, instead of stepping through every miss.
            switch kind {
            case let .every(step) where now >= anchorMilliseconds:
                occurrences = max(occurrences, Int((now - anchorMilliseconds) / step) + 1)
            case .hourly where now >= anchorMilliseconds:
                occurrences = max(occurrences, Int((now - anchorMilliseconds) / 3_600_000) + 1)
            default:
                break
            }
        }
        var after = previous
        if case .cron = kind, !catchUp, nowDate > after { after = nowDate }
        while true {
            guard let next = kind.occurrence(occurrences, anchor: anchor, previous: after, timeZone: timeZone) else {
                repeats = 0
                return false
            }
            nextRunMilliseconds = Int64((next.timeIntervalSince1970 * 1000).rounded())
            if catchUp || nextRunMilliseconds > now { break }
            after = next
            occurrences += 1
        }
        if kind == .once { repeats = 0 }
        return true
    }
}

extension Schedule {
    func encoded(signer: MessageSigner) -> [UInt8] {
        encoded(signedTemplate: signer.sign(template.encoded()))
    }

    /// This schedule changed (paused, moved on) but with the task template exactly as `stored`
    /// holds it, signature and all: a broker never signs a template it did not verify, so one
    /// altered or signed with another key stays unverified whoever rewrites it.
    func encoded(keepingTemplateOf stored: [UInt8], signer: MessageSigner) -> [UInt8] {
        encoded(signedTemplate: Self.signedTemplate(of: stored) ?? signer.sign(template.encoded()))
    }

    /// The signed template in a stored schedule.
    private static func signedTemplate(of bytes: [UInt8]) -> [UInt8]? {
        var reader = BinaryReader(bytes)
        guard (try? reader.readByte()) == 1, (try? reader.readString()) != nil, ScheduleKind.decode(from: &reader) != nil else { return nil }
        return try? reader.readData()
    }

    private func encoded(signedTemplate: [UInt8]) -> [UInt8] {
        var writer = BinaryWriter()
        writer.write(byte: 1)
        writer.write(string: name)
        kind.encode(into: &writer)
        writer.write(data: signedTemplate)
        for value in [anchorMilliseconds, Int64(occurrences), nextRunMilliseconds, Int64(repeats), createdAtMilliseconds,
                      lastRunMilliseconds ?? -1] {
            writer.write(signed: value)
        }
        writer.write(bool: paused)
        writer.write(data: lastTaskID?.bytes ?? [])
        return writer.bytes
    }

    /// Decodes a stored schedule; `verified` is false when its task's signature does not match.
    static func decode(_ bytes: [UInt8], signer: MessageSigner) -> (schedule: Schedule, verified: Bool)? {
        var reader = BinaryReader(bytes)
        do {
            guard try reader.readByte() == 1 else { return nil }
            let name = try reader.readString()
            guard let kind = ScheduleKind.decode(from: &reader) else { return nil }
            let signed = try reader.readData()
            let body = signer.verify(signed)
            guard let template = TaskMessage(encoded: body ?? MessageSigner.unverifiedBody(signed)) else { return nil }
            var schedule = Schedule(name: name, kind: kind, template: template, nextRunMilliseconds: 0)
            schedule.anchorMilliseconds = try reader.readSigned()
            schedule.occurrences = Int(try reader.readSigned())
            schedule.nextRunMilliseconds = try reader.readSigned()
            schedule.repeats = Int(try reader.readSigned())
            schedule.createdAtMilliseconds = try reader.readSigned()
            let lastRun = try reader.readSigned()
            schedule.lastRunMilliseconds = lastRun >= 0 ? lastRun : nil
            schedule.paused = try reader.readBool()
            schedule.lastTaskID = TaskID(bytes: try reader.readData())
            return (schedule, body != nil)
        } catch {
            return nil
        }
    }
}
