/// Counter changes gathered over a transaction's many tasks, so that each counter is read and
/// written once per transaction instead of once per task.
struct CounterChanges {
    /// Each counter's net change, in the order first seen.
    private(set) var totals: [(name: String, delta: Int)] = []

    mutating func add(_ name: String, _ delta: Int) {
        // A batch touches a few counters of one or two clusters: a list beats a dictionary here.
        if let index = totals.firstIndex(where: { $0.name == name }) {
            totals[index].delta += delta
        } else {
            totals.append((name, delta))
        }
    }

    /// The net change so far of the counters whose names start with `prefix`.
    func delta(ofNamesStartingWith prefix: String) -> Int {
        totals.filter { $0.name.hasPrefix(prefix) }.reduce(0) { $0 + $1.delta }
    }
}
