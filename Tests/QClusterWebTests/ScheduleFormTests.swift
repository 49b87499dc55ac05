import QCluster
import Testing
@testable import QClusterWeb

/// The add-a-schedule form checked as `qctl schedule add` checks its options.
struct ScheduleFormTests {
    /// 2026-01-01T00:00:00Z.
    static let newYear: Int64 = 1_767_225_600_000

    static var configuration: Configuration {
        var configuration = Configuration(directory: "/tmp")
        configuration.timeZone = "UTC"
        return configuration
    }

    static func check(_ values: [ScheduleForm.Field: String]) -> ScheduleForm.Outcome {
        ScheduleForm(values: values).check(configuration: configuration, currentDirectory: "/tmp", now: newYear)
    }

    @Test func cronExpressionMakesAScheduleAndItsNextFiveRuns() throws {
        let outcome = Self.check([.name: "nightly", .command: "echo hi", .kind: "cron", .cron: "0 3 * * *"])
        #expect(outcome.errors.isEmpty)
        let schedule = try #require(outcome.schedule)
        #expect(schedule.name == "nightly")
        #expect(schedule.template.command == ["/bin/sh", "-c", "echo hi"])
        #expect(schedule.template.shell)
        #expect(schedule.template.workingDirectory == "/tmp")
        let hour: Int64 = 3_600_000
        #expect(outcome.upcomingRuns == (0..<5).map { Self.newYear + 3 * hour + Int64($0) * 24 * hour })
    }

    @Test func badCronExpressionIsRefusedBesideItsFieldWithTheLibrarysLine() {
        let outcome = Self.check([.name: "nightly", .command: "echo hi", .kind: "cron", .cron: "61 * * * *"])
        #expect(outcome.schedule == nil)
        #expect(outcome.upcomingRuns.isEmpty)
        let message = outcome.errors[.cron]
        #expect(message == Self.cronError("61 * * * *"))
        #expect(message?.hasPrefix("bad cron expression '61 * * * *'") == true)
        #expect(message?.contains("\n") == false)
    }

    static func cronError(_ text: String) -> String {
        do {
            _ = try CronExpression(text)
            return ""
        } catch {
            return error.description
        }
    }

    @Test func repeatsLimitThePreview() {
        let outcome = Self.check([.name: "poll", .command: "true", .kind: "every", .every: "10m", .repeats: "3"])
        #expect(outcome.errors.isEmpty)
        #expect(outcome.upcomingRuns == [Self.newYear, Self.newYear + 600_000, Self.newYear + 1_200_000])
        #expect(outcome.schedule?.repeats == 3)
    }

    @Test func onceRunsOnceAtItsTime() {
        let outcome = Self.check([.name: "later", .command: "true", .kind: "once", .nextRun: "2026-02-01T08:30"])
        #expect(outcome.errors.isEmpty)
        #expect(outcome.upcomingRuns == [Self.newYear + 31 * 86_400_000 + 8 * 3_600_000 + 30 * 60_000])
    }

    @Test func aMissingCommandStillPreviewsTheTimesButSavesNothing() {
        let outcome = Self.check([.name: "nightly", .kind: "cron", .cron: "@daily"])
        #expect(outcome.schedule == nil)
        #expect(outcome.errors.keys.sorted { $0.rawValue < $1.rawValue } == [.command])
        #expect(outcome.upcomingRuns.count == 5)
    }

    @Test func eachErrorGoesBesideItsField() {
        #expect(Self.check([.name: "bad name!", .command: "true", .kind: "daily"]).errors[.name] == ScheduleError.badName("bad name!").description)
        #expect(Self.check([.name: "a", .command: "true", .kind: "every", .every: "soon"]).errors[.every] != nil)
        #expect(Self.check([.name: "a", .command: "true", .kind: "daily", .repeats: "many"]).errors[.repeats] != nil)
        #expect(Self.check([.name: "a", .command: "true", .kind: "daily", .repeats: "0"]).errors[.repeats] == ScheduleError.badRepeats(0).description)
        #expect(Self.check([.name: "a", .command: "true", .kind: "daily", .nextRun: "tomorrow"]).errors[.nextRun] != nil)
        #expect(Self.check([.name: "a", .command: "true", .kind: "daily", .timeout: "forever"]).errors[.timeout] != nil)
        #expect(Self.check([.name: "a", .command: "true", .kind: "daily", .cwd: "/no/such/folder"]).errors[.cwd] != nil)
        #expect(Self.check([.name: "a", .command: "true", .kind: "daily", .cluster: "no way"]).errors[.cluster] != nil)
    }

    @Test func postedFieldsLeaveOutTheFormKey() {
        let form = ScheduleForm(posted: ["csrf": "key", "name": "n", "kind": "weekly", "replace": "on"])
        #expect(form[.name] == "n")
        #expect(form.kind == "weekly")
        #expect(form.replaces)
        #expect(ScheduleForm(posted: ["kind": "fortnightly"]).kind == "cron")
    }
}
