import QCluster

/// The schedules page: every schedule as `qctl schedule list` shows it, with its buttons, and
/// the form that adds one (filled in again after a preview or a refusal).
struct SchedulesPage {
    /// One schedule and what the broker says about it.
    struct Row: Sendable {
        var schedule: Schedule
        /// Whether its task's signature verifies with this configuration's key.
        var verified: Bool
        /// Its last task's state word, when that task is still in the broker.
        var lastState: String?
    }

    let rows: [Row]
    let form: ScheduleForm
    /// What the form's values made, after Preview or a refused Save; nil for a fresh form.
    let outcome: ScheduleForm.Outcome?
    let token: WebToken
    /// The zone schedules are reckoned in, and the page's times are shown in.
    let timeZone: ZoneRules
    let clusterNames: [String]
    /// Where a task runs when the form names no directory.
    let defaultDirectory: String
    let now: Int64

    var html: HTML {
        PageLayout.page(title: "Schedules", section: .schedules, body: """
            <h1>Schedules</h1>
            <p class="muted">Times in \(zoneName). A running cluster with <code>scheduler: true</code> fires the due schedules of its name.</p>
            \(table)
            \(formSection)
            """)
    }

    private var zoneName: String { timeZone.name == "local" ? "the server's local time" : timeZone.name }

    private func time(_ milliseconds: Int64) -> HTML {
        "<time>\(TimestampText.local(milliseconds, in: timeZone))</time> <span class=\"muted\">(\(TimestampText.relative(milliseconds, now: now)))</span>"
    }

    private var table: HTML {
        let body: HTML = rows.isEmpty
            ? "<tr id=\"no-schedules\"><td colspan=\"11\" class=\"muted\">No schedules yet: add one below or with <code>qctl schedule add</code>.</td></tr>"
            : HTML.joined(rows.map(row))
        return """
            <table id="schedules"><thead><tr><th>Name</th><th>Type</th><th>Command</th><th>Cluster</th><th>Next run</th>\
            <th>Repeats</th><th>Last run</th><th>Result</th><th>State</th><th>Signature</th><th></th></tr></thead>
            <tbody>\(body)</tbody></table>
            """
    }

    private func row(_ row: Row) -> HTML {
        let schedule = row.schedule
        let base = "/schedules/\(URLText.encode(schedule.name))"
        let next: HTML = schedule.isDone ? "done" : time(schedule.nextRunMilliseconds)
        let lastRun: HTML = schedule.lastRunMilliseconds.map(time) ?? "-"
        let result: HTML = schedule.lastTaskID.map { id in
            let state = row.lastState ?? "task \(id.hex.prefix(8))"
            return "<a href=\"/tasks/\(id.hex)\" class=\"state-\(row.lastState ?? "unknown")\">\(state)</a>"
        } ?? "-"
        let state: HTML = schedule.isDone ? "done" : schedule.paused ? "<strong>paused</strong>" : "active"
        let signature: HTML = row.verified ? "<span class=\"ok\">verified</span>" : "<strong class=\"error\">BAD SIGNATURE</strong>"
        let buttons = HTML.joined([
            schedule.paused ? PageLayout.button("Resume", action: "\(base)/resume", token: token)
                            : PageLayout.button("Pause", action: "\(base)/pause", token: token),
            PageLayout.button("Run now", action: "\(base)/run", token: token),
            PageLayout.button("Remove", action: "\(base)/remove", token: token, style: "danger"),
        ], separator: " ")
        return """
            <tr data-schedule="\(schedule.name)"><td>\(schedule.name)</td><td><code>\(schedule.kind.description)</code></td>\
            <td><code>\(schedule.template.displayCommand)</code></td><td>\(schedule.cluster)</td><td>\(next)</td>\
            <td>\(schedule.repeats < 0 ? "forever" : String(schedule.repeats))</td><td>\(lastRun)</td><td>\(result)</td>\
            <td>\(state)</td><td>\(signature)</td><td class="actions">\(buttons)</td></tr>
            """
    }

    private var formSection: HTML {
        let errors = outcome?.errors ?? [:]
        let kindOptions = HTML.joined(ScheduleForm.kinds.map { kind -> HTML in
            let label = kind == "cron" ? "cron expression" : kind == "every" ? "every interval" : kind
            return kind == form.kind ? "<option value=\"\(kind)\" selected>\(label)</option>" : "<option value=\"\(kind)\">\(label)</option>"
        })
        let clusterOptions = HTML.joined(clusterNames.map { "<option value=\"\($0)\"></option>" })
        return """
            <h2 id="add">Add a schedule</h2>
            <form method="post" action="/schedules" id="schedule-form" class="schedule-form">\
            <input type="hidden" name="csrf" value="\(token.formKey)">
            \(field(.name, "Name", errors: errors, help: "Letters, digits, '-', '_' and '.'; unique."))
            \(field(.command, "Command", errors: errors, wide: true,
                    help: "One line, run with /bin/sh -c as qctl schedule add --shell 'LINE' runs it (quote as in a shell)."))
            <p class="field"><label for="kind">How often</label><select id="kind" name="kind">\(kindOptions)</select>\(error(.kind, errors))</p>
            \(field(.cron, "Cron expression", errors: errors, placeholder: "0 3 * * *", help: "For a cron expression: five fields or @daily, @hourly, ..."))
            \(field(.every, "Every", errors: errors, placeholder: "10m", help: "For an interval: 90s, 10m, 2h."))
            \(field(.nextRun, "First run (for once: when)", errors: errors, placeholder: "2026-12-01T03:00, 07:30 or +10m",
                    help: "Empty: now (a cron expression: its next time)."))
            \(field(.repeats, "Repeats", errors: errors, placeholder: "-1", help: "-1 or empty: forever."))
            \(field(.cluster, "Cluster", errors: errors, placeholder: clusterNames.first ?? "default", list: "cluster-names"))\
            <datalist id="cluster-names">\(clusterOptions)</datalist>
            \(field(.group, "Group", errors: errors))
            \(field(.timeout, "Timeout", errors: errors, placeholder: "the cluster's", help: "90s, 15m, 2h."))
            \(field(.retries, "Retries", errors: errors, placeholder: "the cluster's"))
            \(field(.cwd, "Directory", errors: errors, placeholder: defaultDirectory, wide: true, help: "Where the task runs; empty: where qctl web was started."))
            <p class="field"><label><input type="checkbox" name="replace" value="on"\(form.replaces ? " checked" : "")> Replace a schedule of the same name</label>\
            \(error(.replace, errors))</p>
            <p><button type="submit" name="intent" value="preview" formaction="/schedules/preview">Preview</button> \
            <button type="submit" name="intent" value="save">Save</button></p>
            </form>
            \(preview)
            """
    }

    /// The next runs the form's values make; shown after Preview (and after a refused Save).
    private var preview: HTML {
        guard let outcome else { return .empty }
        guard !outcome.upcomingRuns.isEmpty else {
            return "<p class=\"muted\" id=\"no-preview\">No run times: correct the fields marked above.</p>"
        }
        let items = HTML.joined(outcome.upcomingRuns.map { "<li>\(time($0))</li>" })
        return """
            <h3>Next runs</h3>
            <ol id="preview">\(items)</ol>
            """
    }

    private func field(_ field: ScheduleForm.Field, _ label: String, errors: [ScheduleForm.Field: String], placeholder: String = "",
                       list: String? = nil, wide: Bool = false, help: String? = nil) -> HTML {
        let id = field.rawValue
        let invalid: HTML = errors[field] == nil ? .empty : " aria-invalid=\"true\" aria-describedby=\"\(id)-error\""
        let listAttribute: HTML = list.map { " list=\"\($0)\"" } ?? .empty
        let helpText: HTML = help.map { " <small class=\"muted\">\($0)</small>" } ?? .empty
        return """
            <p class="field"><label for="\(id)">\(label)</label><input id="\(id)" name="\(id)" value="\(form[field])" \
            placeholder="\(placeholder)" class="\(wide ? "wide" : "")"\(listAttribute)\(invalid)>\(helpText)\(error(field, errors))</p>
            """
    }

    private func error(_ field: ScheduleForm.Field, _ errors: [ScheduleForm.Field: String]) -> HTML {
        guard let message = errors[field] else { return .empty }
        return " <span class=\"error\" id=\"\(field.rawValue)-error\" role=\"alert\">\(message)</span>"
    }
}
