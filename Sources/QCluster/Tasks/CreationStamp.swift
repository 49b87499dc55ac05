import Synchronization

/// The time-ordered half of a new task's storage key: the UUID variant bits (`10`), the
/// milliseconds since 1970 (46 bits, enough until the year 4199) and a counter (16 bits), so
/// that the ids one process makes in a row sort in the order they were made, also within a
/// millisecond. Ids of different processes in the same millisecond sort by their random half.
enum CreationStamp {
    private static let last = Atomic<UInt64>(0)
    private static let variant: UInt64 = 0b10 << 62

    /// The next stamp: this millisecond's first, or one past the last one this process made.
    static func next() -> UInt64 {
        let now = UInt64(max(0, Clock.nowMilliseconds())) << 16
        var previous = last.load(ordering: .relaxed)
        while true {
            let stamp = max(now, previous + 1)
            let (exchanged, current) = last.compareExchange(expected: previous, desired: stamp, ordering: .relaxed)
            if exchanged { return variant | (stamp & ((1 << 62) - 1)) }
            previous = current
        }
    }
}
