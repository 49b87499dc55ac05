/// One process's subscription to a cluster's wake-ups (``WakeupChannel/listen(cluster:)``).
public protocol WakeupListener {
    /// A descriptor that polls readable when a wake-up arrived, for poll(2) beside others.
    var fd: Int32 { get }

    /// Takes every pending wake-up, so that the descriptor polls readable again only for a new one.
    func drain()

    /// Stops listening and releases what listening held.
    func close()
}
