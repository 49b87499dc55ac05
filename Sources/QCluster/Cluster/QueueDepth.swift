/// How many tasks a cluster holds leased and not yet recorded, at most.
///
/// A configured `queue_limit` is fixed. Unset, the depth follows the work: enough tasks beyond
/// the running ones to keep the workers busy for ``coverNanoseconds`` at the pace tasks finished
/// lately, never fewer than workers² (Django Q's default) nor more than 32 per worker. Very short
/// tasks thus get the deep queue that lets one commit carry many of them (about 0.55 × the spawn
/// limit at depth 4 against 0.8 × at 64), while longer ones keep workers² and never wait long
/// under a lease on one host while another host's workers are idle.
struct QueueDepth {
    /// The work a deepened queue holds beyond the running tasks.
    static let coverNanoseconds: UInt64 = 50_000_000
    /// How long finishes are counted before the pace is taken anew, at most: half the ceiling's
    /// worth of finishes is pace enough to take it at once, so a drain of very short tasks
    /// deepens within a few dozen of them.
    static let windowNanoseconds: UInt64 = 100_000_000

    private let workers: Int
    private let floor: Int
    private let ceiling: Int
    private var windowStart: UInt64
    private var finishedInWindow = 0
    /// The depth for the pace of the last whole window.
    private(set) var limit: Int

    init(settings: ClusterSettings, now: UInt64) {
        workers = settings.workers
        floor = settings.queueLimit
        ceiling = settings.queueLimitAdapts ? settings.adaptiveQueueLimitCeiling : settings.queueLimit
        windowStart = now
        limit = floor
    }

    /// Counts `count` tasks that finished (their room is free again).
    mutating func finished(_ count: Int, now: UInt64) {
        finishedInWindow += count
        update(now: now)
    }

    /// Takes the pace anew once a window has passed; a window without finishes (long tasks,
    /// or none) brings the depth back to the floor.
    mutating func update(now: UInt64) {
        guard ceiling > floor, now > windowStart,
              now >= windowStart + Self.windowNanoseconds || finishedInWindow >= ceiling / 2 else { return }
        let covered = UInt64(finishedInWindow) * Self.coverNanoseconds / (now - windowStart)
        limit = min(ceiling, max(floor, workers + Int(covered)))
        windowStart = now
        finishedInWindow = 0
    }

    /// How many tasks to lease at a time once some are in flight: a quarter of the depth, so
    /// that each lease's write transaction carries several tasks instead of one per credit.
    var leaseBatchSize: Int { max(1, limit / 4) }
}
