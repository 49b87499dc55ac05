import QCluster

extension Benchmark {
    /// Tasks per second through the broker alone: `tasks` queued, then leased and completed in
    /// batches of 64, each completion leasing the next batch in the same transaction, as a
    /// cluster's monitor does, with no process started.
    func brokerAlone(_ broker: any Broker, tasks: Int, folder: String) throws -> Double {
        for start in stride(from: 0, to: tasks, by: 1_000) {
            try broker.enqueue((start..<min(tasks, start + 1_000)).map { _ in
                TaskMessage(cluster: "alone", command: ["/bin/true"], workingDirectory: folder)
            })
        }
        let began = Clock.monotonicNanoseconds()
        var done = 0
        var batch = try broker.lease(cluster: "alone", limit: 64, leaseMilliseconds: 60_000, now: Clock.nowMilliseconds())
        while !batch.tasks.isEmpty {
            try Self.checkInterrupted()
            let now = Clock.nowMilliseconds()
            let results = batch.tasks.map { task in
                TaskResult(message: task.message, startedAtMilliseconds: now, stoppedAtMilliseconds: now, exitCode: 0, success: true,
                           attempts: task.attempt, reason: "")
            }
            done += results.count
            batch = try broker.complete(results, saveLimit: ClusterSettings().saveLimit,
                                        refill: LeaseRefill(cluster: "alone", limit: 64, leaseMilliseconds: 60_000, now: now))
        }
        let rate = Double(done) / (Double(Clock.monotonicNanoseconds() - began) / 1e9)
        guard done == tasks else { throw BenchmarkError.wrongCount("broker alone: \(done) of \(tasks) completed") }
        return rate
    }
}
