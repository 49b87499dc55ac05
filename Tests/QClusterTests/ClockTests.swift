import Testing
@testable import QCluster

@Suite("poll timeouts from monotonic deadlines")
struct ClockTests {
    @Test("milliseconds until a deadline are rounded up, 0 once it passed, and capped", arguments: [
        (UInt64(5_000_000), UInt64(5_000_000), Int32(1_000), Int32(0)),       // now: nothing to wait
        (5_000_000, 4_000_000, 1_000, 0),                                      // passed
        (5_000_000, 5_000_001, 1_000, 1),                                      // a nanosecond: a whole millisecond
        (5_000_000, 7_000_000, 1_000, 2),                                      // exact
        (5_000_000, 7_500_000, 1_000, 3),                                      // 2.5 ms rounds up
        (0, 5_000_000_000, 1_000, 1_000),                                      // capped
        (0, 7_500_000, 4, 4),                                                  // a smaller cap
        (1, UInt64.max, 1_000, 1_000),                                         // no overflow near the top
    ])
    func roundsUp(now: UInt64, deadline: UInt64, limit: Int32, expected: Int32) {
        #expect(Clock.milliseconds(from: now, until: deadline, limit: limit) == expected)
    }
}
