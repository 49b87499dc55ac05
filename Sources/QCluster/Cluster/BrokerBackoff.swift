import Glibc

/// How long a cluster process leaves a failing broker alone (a PostgreSQL server restarting or
/// gone, a full disk): 250 ms after a failed call, doubling while the calls keep failing, up to
/// 2 s; nothing once one succeeds. Each failed call logs a line, so an outage costs each process
/// a few lines and then one every 2 s, instead of one per look, and the process picks up at
/// most 2 s after the broker is back.
struct BrokerBackoff {
    static let firstMilliseconds: Int64 = 250
    static let longestMilliseconds: Int64 = 2_000

    /// The current wait; 0 while the broker answers.
    private(set) var delayMilliseconds: Int64 = 0
    /// When the broker may be called again (monotonic ns).
    private var until: UInt64 = 0

    /// Whether the broker may be called now.
    func allows(now: UInt64 = Clock.monotonicNanoseconds()) -> Bool {
        delayMilliseconds == 0 || now >= until
    }

    /// A call failed: the next waits longer than the last.
    mutating func failed(now: UInt64 = Clock.monotonicNanoseconds()) {
        delayMilliseconds = delayMilliseconds == 0 ? Self.firstMilliseconds : min(delayMilliseconds * 2, Self.longestMilliseconds)
        until = now + UInt64(delayMilliseconds) * 1_000_000
    }

    /// A call succeeded: the next goes at once.
    mutating func succeeded() {
        delayMilliseconds = 0
    }

    /// Sleeps until the broker may be called again, or less when a signal (a stop) arrives.
    func wait() {
        let now = Clock.monotonicNanoseconds()
        guard !allows(now: now) else { return }
        let remaining = until - now
        var duration = timespec(tv_sec: Int(remaining / 1_000_000_000), tv_nsec: Int(remaining % 1_000_000_000))
        _ = nanosleep(&duration, nil)
    }
}
