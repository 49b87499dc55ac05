import ArgumentParser
import FoundationEssentials
import Glibc
import QCluster
import QClusterBench

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure qctl against this machine's own limits, in a temporary broker.",
        discussion: """
        Prints the machine's limits (process spawns, durable LMDB commits, batched puts), then \
        qctl's figures measured in the same run, each with its target: one qctl enqueue \
        process and its page faults, next to /bin/true, a qctl that exits at once (also \
        from a copy of the binary that exec read back from disk, as after a reboot), and the \
        floor no enqueue can go below (that start-up plus one durable commit); bulk enqueue \
        through --stdin; \
        draining N /bin/true tasks through a real cluster (every task verified to run once) \
        and its ratio to the spawn limit, first with queue_limit unset, \
        the shipped default that follows the pace of the work, then fixed (--queue-limit), in several rounds (--rounds), each a fresh cluster \
        between two measurements of the spawn limit, with the median round in the table and \
        the lowest and highest beside it; the bytes the monitor wrote and the times it woke \
        up per drained task, for each queue_limit; \
        cluster start-up; idle enqueue-to-start latency, its p99 split where the enqueue \
        returned (the disk's part and the cluster's), and the disk's own floor for it: the \
        three flushes an idle task waits for (a durable commit, then a commit with one \
        sync), timed alone right after; \
        worker memory, the largest resident size of any cluster process now and at its peak, \
        and the largest anonymous part of one; and the CPU an idle cluster uses. With --broker \
        URL, the same against a PostgreSQL database (an empty one: the bench creates its tables \
        and drops them), with the machine's limits measured as commits of that server, a figure \
        of the broker alone (lease and complete in batches, no process), and PostgreSQL's \
        targets. --big adds qctl info and qctl stats \
        with 1,000,000 queued tasks and the broker's bytes per queued task. Use a release \
        build (make bench). Ctrl-C stops the bench's cluster, removes its temporary broker \
        and exits 130.
        """
    )

    @Option(parsing: .unconditional, help: ArgumentHelp("Tasks to drain.", valueName: "n"))
    var tasks = 2_000

    @Option(parsing: .unconditional, help: ArgumentHelp("Workers (and parallel spawners for the machine's limit).", valueName: "n"))
    var workers = 2

    @Option(parsing: .unconditional, help: ArgumentHelp("Drains, each through a fresh cluster between two measurements of the spawn limit; "
                               + "the table gives the median round and the lowest and highest.", valueName: "n"))
    var rounds = 5

    @Option(parsing: .unconditional, help: ArgumentHelp("The fixed queue_limit, drained after the shipped default (default: 32 × workers, the deepest the default goes).",
                               valueName: "n"))
    var queueLimit: Int?

    @Option(help: ArgumentHelp("Measure a PostgreSQL broker: the URL of a database that holds no qctl broker yet (the bench creates its tables in it "
                               + "and drops them at the end).", valueName: "url"))
    var broker: String?

    @Flag(help: "Also measure with 1,000,000 queued tasks (takes a while and about 1 GiB of disk).")
    var big = false

    @Flag(help: "Print JSON.")
    var json = false

    func validate() throws {
        if tasks < 1 { throw ValidationError("--tasks must be at least 1: \(tasks)") }
        if !(1...256).contains(workers) { throw ValidationError("--workers must be between 1 and 256: \(workers)") }
        if !(1...99).contains(rounds) { throw ValidationError("--rounds must be between 1 and 99: \(rounds)") }
        if let broker, let problem = BrokerURL.problem(broker) { throw ValidationError("--broker '\(BrokerURL.redacted(broker))' \(problem)") }
        if let queueLimit, queueLimit < workers { throw ValidationError("--queue-limit must be at least --workers (\(workers)): \(queueLimit)") }
    }

    func run() throws {
        var options = Benchmark.Options(executable: Cluster.executablePath)
        options.tasks = tasks
        options.workers = workers
        options.big = big
        options.rounds = rounds
        options.queueLimit = queueLimit
        options.brokerURL = broker
        // Ctrl-C (or SIGTERM, SIGHUP) ends the bench at its next step, which stops its cluster and
        // removes its temporary broker (1 GiB with --big) before it exits 130.
        ProcessSignals.handleStopSignals()
        var benchmark = Benchmark(options: options)
        if Terminal.isInteractive, !json {
            benchmark.progress = { DescriptorWriter.write("… \($0)\n", to: STDERR_FILENO) }
        }
        let figures = try benchmark.run()
        Terminal.print(json ? BenchPresenter.json(figures).rendered() : BenchPresenter.table(figures))
    }
}
