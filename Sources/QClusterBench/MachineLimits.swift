import Glibc
import QCluster
import Synchronization

/// The machine's own limits, which qctl's figures are set against: process spawns and the store's commits.
enum MachineLimits {
    /// Runs `body` on `count` threads at once and waits for them all: Dispatch's
    /// concurrentPerform would link libdispatch, and its start-up, into every command.
    private static func onThreads(_ count: Int, _ body: @escaping @Sendable () -> Void) {
        final class Work: Sendable {
            let body: @Sendable () -> Void
            init(_ body: @escaping @Sendable () -> Void) { self.body = body }
        }
        var threads: [pthread_t] = []
        for _ in 0..<count {
            var thread = pthread_t()
            let work = Unmanaged.passRetained(Work(body)).toOpaque()
            let created = pthread_create(&thread, nil, { raw in
                Unmanaged<Work>.fromOpaque(raw!).takeRetainedValue().body()
                return nil
            }, work)
            if created == 0 {
                threads.append(thread)
            } else {
                Unmanaged<Work>.fromOpaque(work).takeRetainedValue().body()  // no thread: run it here
            }
        }
        for thread in threads { pthread_join(thread, nil) }
    }

    /// posix_spawn-class spawns of /bin/true with `parallel` spawners, per second.
    static func spawnLimit(parallel: Int, count: Int) throws -> Double {
        let perThread = count / parallel
        let start = Clock.monotonicNanoseconds()
        let failures = Mutex(0)
        onThreads(parallel) {
            for _ in 0..<perThread where ProcessSignals.stopCount == 0 {
                var options = ProcessSpawner.Options(arguments: ["/bin/true"], environment: ["PATH=/usr/bin:/bin"])
                options.newProcessGroup = true
                guard let pid = try? ProcessSpawner.spawn(options) else {
                    failures.withLock { $0 += 1 }
                    continue
                }
                var status: Int32 = 0
                while waitpid(pid, &status, 0) < 0, errno == EINTR {}
            }
        }
        try Benchmark.checkInterrupted()
        let seconds = Double(Clock.monotonicNanoseconds() - start) / 1e9
        return Double(perThread * parallel - failures.withLock { $0 }) / seconds
    }

    /// Durable single-record commits per second and records per second in 1000-record
    /// commits, in scratch storage of the broker's kind (`baseline`).
    static func storageLimits(_ baseline: any StorageBaseline) throws -> (Double, Double) {
        var start = Clock.monotonicNanoseconds()
        let commits = 1_000
        for index in 0..<commits { try baseline.commitOne(key: UInt64(index)) }
        let commitRate = Double(commits) / (Double(Clock.monotonicNanoseconds() - start) / 1e9)
        start = Clock.monotonicNanoseconds()
        for batch in 0..<100 {
            let first = UInt64(1_000_000 + batch * 1_000)
            try baseline.commitMany(keys: first..<first + 1_000)
        }
        let putRate = 100_000 / (Double(Clock.monotonicNanoseconds() - start) / 1e9)
        return (commitRate, putRate)
    }
}
