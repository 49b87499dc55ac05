/// How a broker tells idle clusters that their queue grew, so that they start a task at once
/// instead of at their next look. A wake-up is a hint: it may be lost or come without work, and
/// a listener still looks at the queue now and then.
public protocol WakeupChannel: Sendable {
    /// Wakes every listener of `cluster` (on any machine the broker serves); never fails.
    func notify(cluster: String)

    /// Starts listening for `cluster`'s wake-ups; nil when that is impossible (the caller then polls).
    func listen(cluster: String) -> (any WakeupListener)?
}
