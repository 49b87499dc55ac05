import QCluster

/// A task's page: what `qctl result --json` tells of it, its output (following live while it
/// has not ended), and the buttons of `qctl cancel`, `qctl kill` and `qctl rerun`.
struct TaskPage {
    let status: TaskStatus
    let output: TaskOutput
    /// The worker that runs it, while one does.
    let worker: RunningWorker?
    let token: WebToken
    let now: Int64

    private var message: TaskMessage { status.message }
    private var hex: String { message.id.hex }
    private var state: String { status.stateWord }

    /// A final result: nothing more happens to the task, and its output is all there is.
    private var finalResult: TaskResult? {
        if case let .finished(result) = status, result.isFinal { return result }
        return nil
    }

    var html: HTML {
        PageLayout.page(title: "Task \(message.name)", section: .tasks, body: """
            <h1>Task <span id="task-name">\(message.name)</span></h1>
            <div id="task-summary" data-task="\(hex)" data-state="\(state)"><strong class="state state-\(state)" id="task-state">\(state)</strong> \
            \(actions)</div>
            \(facts)
            <h2>Output</h2>
            \(outputSection)
            """)
    }

    /// What can be done with it now; the library refuses anything else all the same.
    private var actions: HTML {
        var buttons: [HTML] = []
        let base = "/tasks/\(hex)"
        switch status {
        case .queued:
            buttons.append(PageLayout.button("Cancel", action: base + "/cancel", token: token, style: "danger"))
        case .leased:
            if status.isWaitingForRetry { buttons.append(PageLayout.button("Cancel", action: base + "/cancel", token: token, style: "danger")) }
            buttons.append(PageLayout.button("Kill", action: base + "/kill", token: token, style: "danger"))
        case .finished:
            if finalResult != nil { buttons.append(PageLayout.button("Run again", action: base + "/rerun", token: token)) }
        }
        return "<span id=\"task-actions\">\(HTML.joined(buttons, separator: " "))</span>"
    }

    private var facts: HTML {
        let times = TaskTimes(status, now: now)
        var rows: [(String, HTML)] = [
            ("ID", "<span class=\"mono\" id=\"task-id\">\(hex)</span>"),
            ("Command", "<code id=\"task-command\">\(message.displayCommand)</code>\(message.shell ? " <span class=\"muted\">(shell script)</span>" : "" as HTML)"),
            ("Cluster", "<a href=\"\(TaskListQuery(cluster: message.cluster).address())\" id=\"task-cluster\">\(message.cluster)</a>"),
            ("Group", message.group.isEmpty ? "-" : "<a href=\"\(TaskListQuery(group: message.group).address())\" id=\"task-group\">\(message.group)</a>"),
            ("Name", "<span id=\"task-name-fact\">\(message.name)</span>"),
        ]
        if !message.workingDirectory.isEmpty { rows.append(("Directory", "<code>\(message.workingDirectory)</code>")) }
        rows += [
            ("Attempts", "<span id=\"task-attempts\">\(status.attempts)</span>"),
            ("Enqueued", TaskTimes.html(times.enqueued)),
            ("Started", TaskTimes.html(times.started)),
            ("Finished", TaskTimes.html(times.finished)),
            (times.finished == nil ? "Running for" : "Took", "<span id=\"task-duration\">\(TaskTimes.text(times.duration))</span>"),
        ]
        if let result = finalResult ?? status.pendingFailure {
            rows.append(("Exit", "<span id=\"task-exit\">\(exitText(result))</span>"))
            if !result.reason.isEmpty { rows.append(("Why it failed", "<span class=\"error\" id=\"task-reason\">\(result.reason)</span>")) }
            if !result.isFinal, result.retryAtMilliseconds > 0 { rows.append(("Next attempt", TaskTimes.html(result.retryAtMilliseconds))) }
        }
        if let worker {
            rows.append(("Run by", "<span id=\"task-worker\">worker \(worker.pid) of cluster \(worker.clusterName) on \(worker.host)</span>"))
        }
        if case let .queued(task) = status, !task.waitingFor.isEmpty {
            rows.append(("Waits for", HTML.joined(task.waitingFor.map(taskLink), separator: ", ")))
        }
        if let original = message.rerunOf { rows.append(("Runs again", taskLink(original))) }
        if let copy = finalResult?.rerunAs { rows.append(("Run again as", taskLink(copy))) }
        let items = HTML.joined(rows.map { "<dt>\($0.0)</dt><dd>\($0.1)</dd>" })
        return "<dl class=\"facts\" id=\"task-facts\">\(items)</dl>"
    }

    private func taskLink(_ id: TaskID) -> HTML { "<a class=\"mono\" href=\"/tasks/\(id.hex)\">\(String(id.hex.prefix(8)))</a>" }

    private func exitText(_ result: TaskResult) -> HTML {
        if let signal = result.signal { return "signal \(Int(signal))" }
        if let code = result.exitCode { return "exit status \(Int(code))" }
        return "-"
    }

    private var outputSection: HTML {
        guard let result = finalResult else {
            let position = OutputPosition(state: state, attempt: status.attempts,
                                          standardOutput: output.count(.stdout), standardError: output.count(.stderr))
            let cut: HTML = output.shownIsCut
                ? "<p class=\"muted\">Its last \(ByteSizeParser.format(bytes: TaskOutput.shownLimit)) only: <code>qctl output</code> shows it all.</p>"
                : .empty
            let waiting: HTML = if case .queued = status { " It has not started yet." } else { .empty }
            return """
                \(cut)<pre class="output" id="output" data-live="\(position.eventsAddress(message.id))" data-follow>\(output.shownText)</pre>
                <p class="muted">Standard output and standard error together, as <code>qctl output -f</code> reads them (at each \
                look, the new standard output, then the new standard error); the page follows them and reloads when the task's \
                state changes.\(waiting)</p>
                """
        }
        return """
            <h3>Standard output</h3>
            <pre class="output" id="stdout">\(String(decoding: output.standardOutput, as: UTF8.self))</pre>
            \(cutNote(result.standardOutputWasCut, printed: result.standardOutputBytes))
            <h3>Standard error</h3>
            <pre class="output" id="stderr">\(String(decoding: output.standardError, as: UTF8.self))</pre>
            \(cutNote(result.standardErrorWasCut, printed: result.standardErrorBytes))
            """
    }

    private func cutNote(_ cut: Bool, printed: Int) -> HTML {
        guard cut else { return .empty }
        return "<p class=\"muted\">Its first \(ByteSizeParser.format(bytes: TaskResult.outputLimit)) of \(printed) bytes: qctl keeps no more.</p>"
    }
}
