import QCluster

/// The clusters page: every cluster on the broker as `qctl stats` shows it, and every queue
/// with its counts and a pause or resume button.
struct ClustersPage {
    let overview: ClusterOverview
    let token: WebToken

    var html: HTML {
        PageLayout.page(title: "Clusters", section: .clusters, body: """
            <h1>Clusters</h1>
            <div id="clusters" data-live="/events/clusters">\(fragment)</div>
            """)
    }

    /// What the live stream replaces every second.
    var fragment: HTML {
        let clusters: HTML = overview.clusters.isEmpty
            ? "<p class=\"muted\" id=\"no-clusters\">No cluster is running on this broker: start one with <code>qctl start</code>.</p>"
            : HTML.joined(overview.clusters.map(cluster))
        return "\(clusters)\(queues)"
    }

    private func cluster(_ stat: ClusterStat) -> HTML {
        let uptime = DurationParser.format(milliseconds: overview.uptimeMilliseconds(of: stat))
        let workers = HTML.joined(stat.workers.map { worker -> HTML in
            let task: HTML = worker.taskID.map { "<a href=\"/tasks/\($0.hex)\">\(worker.taskName)</a>" } ?? "-"
            let running = worker.isBusy ? DurationParser.format(milliseconds: overview.runningMilliseconds(of: worker)) : "-"
            return """
                <tr><td>\(worker.pid)</td><td>\(worker.isBusy ? "busy" : "idle")</td><td>\(task)</td><td>\(running)</td>\
                <td>\(worker.tasksDone)</td><td>\(ByteSizeParser.format(bytes: worker.rssKiB * 1024))</td></tr>
                """
        })
        return """
            <section class="cluster" data-cluster="\(stat.cluster)">
            <h2>\(stat.name) <span class="muted">(\(stat.cluster)) on \(stat.host)</span></h2>
            <p><strong class="status">\(overview.status(of: stat))</strong>, up \(uptime), sentinel \(stat.sentinelPID) · \
            queued \(overview.queued(stat.cluster)), in memory \(stat.inMemory), done \(stat.done), failed \(stat.failed), \
            reincarnations \(stat.reincarnations)</p>
            <table><thead><tr><th>PID</th><th>State</th><th>Task</th><th>Running for</th><th>Done</th><th>RSS</th></tr></thead>
            <tbody>\(workers)</tbody></table>
            </section>
            """
    }

    private var queues: HTML {
        let rows = HTML.joined(overview.statistics.queues.map { queue -> HTML in
            let paused = overview.isPaused(queue.cluster)
            let action = "/queues/\(queue.cluster)/\(paused ? "resume" : "pause")"
            return """
                <tr data-queue="\(queue.cluster)"><td><a href="/tasks?cluster=\(queue.cluster)">\(queue.cluster)</a></td>\
                <td>\(paused ? "paused" : "taking tasks")</td><td>\(queue.queued)</td><td>\(queue.leased)</td><td>\(queue.waiting)</td>\
                <td>\(queue.succeeded)</td><td>\(queue.failed)</td>\
                <td>\(PageLayout.button(paused ? "Resume" : "Pause", action: action, token: token))</td></tr>
                """
        })
        return """
            <h2>Queues</h2>
            <table id="queues"><thead><tr><th>Queue</th><th>State</th><th>Queued</th><th>Leased</th><th>Waiting</th>\
            <th>Succeeded</th><th>Failed</th><th></th></tr></thead><tbody>\(rows)</tbody></table>
            """
    }
}
