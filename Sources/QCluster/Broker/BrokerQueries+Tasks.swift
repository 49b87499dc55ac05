extension BrokerQueries {
    /// The tasks `filter` selects: leased ones, then queued ones in delivery order (those that
    /// wait for others after them), then results, newest first, up to `filter.limit` in all,
    /// each kind read in one look (whatever the store).
    public func tasks(_ filter: TaskListFilter) throws(BrokerError) -> [TaskStatus] {
        let (cluster, group, state) = (filter.cluster, filter.group, filter.state)
        var statuses: [TaskStatus] = []
        func remaining() -> Int { filter.limit - statuses.count }
        if state == nil || state == .leased {
            statuses += try leasedTasks(cluster: cluster, group: group, limit: remaining()).map { lease in
                .leased(lease, lastFailure: nil)
            }
        }
        if state == nil || state == .queued {
            statuses += try queuedTasks(cluster: cluster, group: group, limit: remaining()).map { .queued($0) }
            statuses += try waitingTasks(cluster: cluster, group: group, limit: remaining()).map { .queued($0) }
        }
        if state == nil || state == .succeeded || state == .failed {
            let success: Bool? = state == .succeeded ? true : (state == .failed ? false : nil)
            // A failed attempt that will be retried shows once, as the queued or leased task it is.
            let pending = Set(statuses.map(\.message.id))
            // Saturating: without a limit, remaining() is already Int.max.
            let (wanted, overflow) = remaining().addingReportingOverflow(pending.count)
            statuses += try results(ResultFilter(success: success, cluster: cluster, group: group, limit: overflow ? Int.max : wanted))
                .filter { !pending.contains($0.id) }.prefix(remaining()).map { .finished($0) }
        }
        return statuses
    }
}
