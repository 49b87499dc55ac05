import FoundationEssentials
import Glibc

/// Wall-clock time in milliseconds since 1970, the unit every broker record uses.
public enum Clock {
    public static func nowMilliseconds() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Int64(spec.tv_sec) * 1000 + Int64(spec.tv_nsec) / 1_000_000
    }

    /// A monotonic reading in nanoseconds, for deadlines that must not jump with the wall clock.
    public static func monotonicNanoseconds() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
    }

    /// A poll(2) timeout: milliseconds from `now` until the monotonic `deadline`, rounded up so
    /// that the wait does not end just before the deadline (and cost a second wake-up), 0 once
    /// it has passed, at most `limit`.
    public static func milliseconds(from now: UInt64, until deadline: UInt64, limit: Int32 = 1_000) -> Int32 {
        guard deadline > now else { return 0 }
        let remaining = deadline - now
        let rounded = remaining / 1_000_000 + (remaining % 1_000_000 == 0 ? 0 : 1)
        return Int32(min(rounded, UInt64(max(0, limit))))
    }
}
