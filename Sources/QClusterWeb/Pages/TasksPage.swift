import QCluster

/// The tasks page: a filter form (a plain GET), the tasks it selects as `qctl tasks` lists
/// them, and a button that runs the selection's failed tasks again (`qctl rerun --failed`).
struct TasksPage {
    let query: TaskListQuery
    let list: TaskList
    /// The clusters the broker knows, offered in the form.
    let clusters: [String]
    /// The cluster `qctl rerun --failed` takes without --cluster or --group.
    let defaultCluster: String
    let token: WebToken
    let now: Int64
    /// How many tasks "Rerun all failed" just enqueued, to say so.
    var rerunCount: Int?

    var html: HTML {
        PageLayout.page(title: "Tasks", section: .tasks, body: """
            <h1>Tasks</h1>
            \(filterForm)
            \(rerunNote)
            \(table)
            \(notes)
            \(rerunForm)
            """)
    }

    private var filterForm: HTML {
        let states = HTML.joined(TaskListQuery.State.allCases.map { state -> HTML in
            "<option value=\"\(state.rawValue)\"\(query.state == state ? " selected" : "")>\(state.label)</option>"
        })
        let clusterOptions = HTML.joined(clusters.map { "<option value=\"\($0)\"></option>" })
        return """
            <form method="get" action="/tasks" class="filters" id="task-filters">
            <div><label for="filter-state">State</label><select name="state" id="filter-state">\
            <option value=""\(query.state == nil ? " selected" : "")>any</option>\(states)</select></div>
            <div><label for="filter-cluster">Cluster</label><input name="cluster" id="filter-cluster" list="cluster-names" \
            value="\(query.cluster ?? "")" size="12"><datalist id="cluster-names">\(clusterOptions)</datalist></div>
            <div><label for="filter-group">Group</label><input name="group" id="filter-group" value="\(query.group ?? "")" size="12"></div>
            <div><label for="filter-name">Name contains (or id starts with)</label><input name="name" id="filter-name" \
            value="\(query.name ?? "")" size="20"></div>
            <div><label for="filter-limit">At most</label><input name="limit" id="filter-limit" type="number" min="1" \
            max="\(TaskListQuery.maximumLimit)" value="\(query.limit)" size="5"></div>
            <div><button type="submit" id="filter-apply">Show</button> <a href="/tasks" id="filter-clear">Clear</a></div>
            </form>
            """
    }

    private var rerunNote: HTML {
        guard let rerunCount else { return .empty }
        return "<p class=\"ok\" id=\"rerun-note\" role=\"status\">\(rerunCount) failed task\(rerunCount == 1 ? "" : "s") enqueued again.</p>"
    }

    private var table: HTML {
        guard !list.tasks.isEmpty else { return "<p class=\"muted\" id=\"no-tasks\">No task matches.</p>" }
        let rows = HTML.joined(list.tasks.map(row))
        return """
            <table id="tasks"><thead><tr><th>ID</th><th>Name</th><th>Cluster</th><th>Group</th><th>State</th>\
            <th>Attempts</th><th>Enqueued</th><th>Started</th><th>Finished</th><th>Took</th></tr></thead>
            <tbody>\(rows)</tbody></table>
            """
    }

    private func row(_ status: TaskStatus) -> HTML {
        let message = status.message, hex = message.id.hex, state = status.stateWord
        let times = TaskTimes(status, now: now)
        return """
            <tr data-task="\(hex)" data-state="\(state)"><td class="mono"><a href="/tasks/\(hex)">\(String(hex.prefix(8)))</a></td>\
            <td class="name"><a href="/tasks/\(hex)">\(message.name)</a></td><td>\(message.cluster)</td><td>\(message.group)</td>\
            <td class="state state-\(state)">\(state)</td><td>\(status.attempts)</td><td>\(TaskTimes.html(times.enqueued))</td>\
            <td>\(TaskTimes.html(times.started))</td><td>\(TaskTimes.html(times.finished))</td><td>\(TaskTimes.text(times.duration))</td></tr>
            """
    }

    private var notes: HTML {
        var notes: [HTML] = [
            "Running tasks first, then queued ones in the order they run, then finished ones, newest first (as <code>qctl tasks</code> lists them).",
        ]
        if list.hasMore {
            notes.append("Showing the first \(query.limit); more tasks match: narrow the filter or raise the limit (at most \(TaskListQuery.maximumLimit)).")
        }
        if list.scanWasCut {
            notes.append("The name and state filters looked through the first \(TaskListQuery.scanLimit) tasks only; older ones may match too.")
        }
        return "<p class=\"muted\" id=\"tasks-notes\">\(HTML.joined(notes, separator: " "))</p>"
    }

    /// `qctl rerun --failed` for the filter's group or cluster (the name and state filters do not narrow it).
    private var rerunForm: HTML {
        let what: HTML
        if let group = query.group {
            what = query.cluster.map { "of group <strong>\(group)</strong> in cluster <strong>\($0)</strong>" }
                ?? "of group <strong>\(group)</strong> in every cluster"
        } else {
            what = "of cluster <strong>\(query.cluster ?? defaultCluster)</strong>"
        }
        // The whole filter goes along, so that the list comes back as it was.
        return """
            <div id="rerun-failed">\(PageLayout.button("Rerun all failed", action: "/tasks/rerun-failed", token: token, fields: query.fields)) \
            <span class="muted">every failed task \(what) that was not run again yet, cancelled and killed ones left out \
            (<code>qctl rerun --failed</code>)</span></div>
            """
    }
}
