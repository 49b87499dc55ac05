import QCluster
import Testing
@testable import QClusterWeb

/// The schedules page as markup: escaped text, the hooks browser tests use, the form kept filled in.
struct SchedulePageTests {
    static let token = WebToken(value: "a-token-for-the-tests-only", isGenerated: true)

    static func schedule(_ name: String, command: String, paused: Bool = false) -> Schedule {
        var schedule = Schedule(name: name, kind: .daily, template: TaskMessage(cluster: "default", command: ["/bin/sh", "-c", command], shell: true),
                                nextRunMilliseconds: ScheduleFormTests.newYear)
        schedule.paused = paused
        return schedule
    }

    static func page(rows: [SchedulesPage.Row] = [], form: ScheduleForm = ScheduleForm(), outcome: ScheduleForm.Outcome? = nil) -> String {
        SchedulesPage(rows: rows, form: form, outcome: outcome, token: token, timeZone: .utc, clusterNames: ["default", "long"],
                      defaultDirectory: "/srv", now: ScheduleFormTests.newYear - 60_000).html.text
    }

    @Test func namesAndCommandsAreEscaped() {
        let text = Self.page(rows: [.init(schedule: Self.schedule("nightly", command: "echo \"<b>&'</b>\""), verified: true)],
                             form: ScheduleForm(values: [.name: "<script>alert(1)</script>", .command: "a\" onfocus=\"x"]))
        #expect(text.contains("echo &quot;&lt;b&gt;&amp;&#39;&lt;/b&gt;&quot;"))
        #expect(!text.contains("<b>"))
        #expect(!text.contains("<script>alert"))
        #expect(text.contains("value=\"&lt;script&gt;alert(1)&lt;/script&gt;\""))
        #expect(text.contains("value=\"a&quot; onfocus=&quot;x\""))
    }

    @Test func rowsCarryTheirHooksAndButtons() {
        let text = Self.page(rows: [.init(schedule: Self.schedule("nightly", command: "true"), verified: true),
                                    .init(schedule: Self.schedule("held", command: "true", paused: true), verified: false)])
        #expect(text.contains("<table id=\"schedules\">"))
        #expect(text.contains("<tr data-schedule=\"nightly\">"))
        #expect(text.contains("<tr data-schedule=\"held\">"))
        #expect(text.contains("action=\"/schedules/nightly/pause\""))
        #expect(text.contains("action=\"/schedules/held/resume\""))
        #expect(text.contains("action=\"/schedules/nightly/run\""))
        #expect(text.contains("action=\"/schedules/held/remove\""))
        for label in ["Pause", "Resume", "Run now", "Remove", "Preview", "Save"] {
            #expect(text.contains(">\(label)</button>"), "no \(label) button")
        }
        #expect(text.contains("BAD SIGNATURE"))
        #expect(text.contains("2026-01-01 00:00:00"))
    }

    @Test func everyFormCarriesTheFormKey() {
        let text = Self.page(rows: [.init(schedule: Self.schedule("nightly", command: "true"), verified: true)])
        let forms = text.split(separator: "<form method=\"post\"", omittingEmptySubsequences: false).dropFirst()
        #expect(forms.count == 4)
        for form in forms {
            #expect(form.contains("<input type=\"hidden\" name=\"csrf\" value=\"\(Self.token.formKey)\">"))
        }
    }

    @Test func previewListsTheRunsAndKeepsTheForm() {
        let form = ScheduleForm(values: [.name: "nightly", .command: "echo hi", .kind: "cron", .cron: "0 3 * * *", .replace: "on"])
        let outcome = form.check(configuration: ScheduleFormTests.configuration, currentDirectory: "/tmp", now: ScheduleFormTests.newYear)
        let text = Self.page(form: form, outcome: outcome)
        #expect(text.contains("<ol id=\"preview\">"))
        #expect(text.split(separator: "<li>", omittingEmptySubsequences: false).count - 1 == 5)
        #expect(text.contains("<li><time>2026-01-01 03:00:00</time>"))
        #expect(text.contains("<li><time>2026-01-05 03:00:00</time>"))
        #expect(text.contains("name=\"cron\" value=\"0 3 * * *\""))
        #expect(text.contains("name=\"command\" value=\"echo hi\""))
        #expect(text.contains("<option value=\"cron\" selected>"))
        #expect(text.contains("name=\"replace\" value=\"on\" checked"))
    }

    @Test func anErrorStandsBesideItsField() {
        let form = ScheduleForm(values: [.name: "nightly", .command: "true", .kind: "cron", .cron: "99 * * * *"])
        let outcome = form.check(configuration: ScheduleFormTests.configuration, currentDirectory: "/tmp", now: ScheduleFormTests.newYear)
        let text = Self.page(form: form, outcome: outcome)
        #expect(text.contains("id=\"cron-error\""))
        #expect(text.contains("name=\"cron\" value=\"99 * * * *\""))
        #expect(text.contains("aria-invalid=\"true\" aria-describedby=\"cron-error\""))
        #expect(!text.contains("<ol id=\"preview\">"))
    }

    @Test func namesBeyondASCIIArePercentEncodedInPaths() {
        #expect(URLText.encode("nachtlauf-ü") == "nachtlauf-%C3%BC")
        #expect(URLText.decodePathSegment("nachtlauf-%C3%BC") == "nachtlauf-ü")
        #expect(URLText.decodePathSegment("bad%2") == nil)
    }
}
