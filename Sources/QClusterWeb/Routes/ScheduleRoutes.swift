import Hummingbird
import QCluster

/// The schedules page, the form that adds one (with its next runs shown before saving), and
/// pausing, resuming, running and removing schedules.
struct ScheduleRoutes {
    let broker: BrokerAccess
    let token: WebToken
    let configuration: Configuration

    func add(to router: Router<some RequestContext>) {
        router.get("/schedules") { _, _ in
            WebResponse.page(try await page(form: ScheduleForm(), outcome: nil).html)
        }
        // The form alone has no page of its own: the list's page holds it; this finds it there.
        router.get("/schedules/new") { _, _ in
            WebResponse.redirect(to: "/schedules#add")
        }
        router.post("/schedules/preview") { request, _ in
            guard let posted = try await ActionForm.read(request, token: token) else { return ActionForm.forbidden }
            return try await preview(ScheduleForm(posted: posted.fields))
        }
        router.post("/schedules") { request, _ in
            guard let posted = try await ActionForm.read(request, token: token) else { return ActionForm.forbidden }
            let form = ScheduleForm(posted: posted.fields)
            // Without formaction (an old browser), Preview posts here and says so in `intent`.
            if posted["intent"] == "preview" { return try await preview(form) }
            return try await save(form)
        }
        for (verb, paused) in [("pause", true), ("resume", false)] {
            router.post("/schedules/:name/\(verb)") { request, context in
                guard try await ActionForm.read(request, token: token) != nil else { return ActionForm.forbidden }
                let name = try scheduleName(context)
                try await broker.use { try $0.setSchedule(named: name, paused: paused) }
                return WebResponse.redirect(to: "/schedules")
            }
        }
        router.post("/schedules/:name/run") { request, context in
            guard try await ActionForm.read(request, token: token) != nil else { return ActionForm.forbidden }
            let name = try scheduleName(context)
            let task = try await broker.use { try $0.runSchedule(named: name) }
            return WebResponse.redirect(to: "/tasks/\(task.id.hex)")
        }
        router.post("/schedules/:name/remove") { request, context in
            guard try await ActionForm.read(request, token: token) != nil else { return ActionForm.forbidden }
            let name = try scheduleName(context)
            try await broker.use { try $0.removeSchedule(named: name) }
            return WebResponse.redirect(to: "/schedules")
        }
    }

    /// The page with every schedule and the form as given.
    private func page(form: ScheduleForm, outcome: ScheduleForm.Outcome?) async throws -> SchedulesPage {
        let rows = try await broker.use { broker in
            try broker.schedules().map { schedule, verified in
                SchedulesPage.Row(schedule: schedule, verified: verified,
                                  lastState: try schedule.lastTaskID.flatMap { try broker.status(of: $0.hex) }?.stateWord)
            }
        }
        return SchedulesPage(rows: rows, form: form, outcome: outcome, token: token, timeZone: configuration.scheduleTimeZone,
                             clusterNames: configuration.clusterNames, defaultDirectory: PathResolver.currentDirectory,
                             now: Clock.nowMilliseconds())
    }

    private func check(_ form: ScheduleForm) -> ScheduleForm.Outcome {
        form.check(configuration: configuration, currentDirectory: PathResolver.currentDirectory, now: Clock.nowMilliseconds())
    }

    /// The page again, the form as it was, with the next runs or the errors; nothing saved.
    /// Status 200 with errors too: they are the page's answer, shown beside their fields, and a
    /// browser logs any other status as an error in its console.
    private func preview(_ form: ScheduleForm) async throws -> Response {
        WebResponse.page(try await page(form: form, outcome: check(form)).html)
    }

    /// Adds the schedule as `qctl schedule add` does (the broker signs its task with the
    /// configuration's key), or shows the form again with what is wrong.
    private func save(_ form: ScheduleForm) async throws -> Response {
        var outcome = check(form)
        if let schedule = outcome.schedule {
            do {
                try await broker.use { try $0.addSchedule(schedule, replace: form.replaces) }
                return WebResponse.redirect(to: "/schedules")
            } catch let error as ScheduleError {
                // The command line's way out (--replace) is a box on this form.
                if case let .duplicate(name) = error {
                    outcome.errors[.name] = "a schedule named '\(name)' exists; tick 'Replace a schedule of the same name' to overwrite it"
                } else {
                    outcome.errors[ScheduleForm.field(of: error)] = error.description
                }
            }
        }
        return WebResponse.page(try await page(form: form, outcome: outcome).html)
    }

    /// The `:name` of the path, decoded; a name no schedule can have is refused.
    private func scheduleName(_ context: some RequestContext) throws -> String {
        guard let name = URLText.decodePathSegment(try context.parameters.require("name")), ClusterName.isValid(name) else {
            throw ScheduleError.badName(context.parameters.get("name") ?? "")
        }
        return name
    }
}
