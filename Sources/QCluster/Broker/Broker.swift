/// The store of queues, leases, results, schedules and cluster heartbeats that clusters and the
/// command line share: everything above the broker reaches it through this protocol (opened by
/// ``BrokerConnector``), so that a second store can stand behind it without touching them.
///
/// Every operation is atomic and durable unless its documentation says otherwise: a crash at
/// any moment leaves either all of its effect or none. Delivery is at least once: a leased task
/// that is not completed before its lease runs out is delivered again. Messages are signed with
/// the configuration's key; one whose signature fails is never run.
public protocol Broker: BrokerQueue, BrokerQueries, BrokerControl, BrokerSchedules, ClusterHeartbeats {
    /// How this broker wakes idle clusters when their queue grows; its own changes (enqueue,
    /// released dependants, resumed queues, fired schedules, reruns) notify it themselves.
    var wakeups: any WakeupChannel { get }

    /// How often an idle cluster looks at the broker for what no wake-up announces (a queue
    /// that grew while its wake-up was lost, leases that ran out, due schedules): as often as
    /// reads cost nothing for a file on this machine, seldom when each look is a round trip.
    var idleLookMilliseconds: Int64 { get }
}
