/// Finds the tasks a new task runs after (`--after`): in the broker the configuration names,
/// opened on the first look and never created (where there is no broker, there is no task).
public final class TaskLookup {
    private let configuration: Configuration
    private var broker: (any Broker)?
    private var noBroker = false

    public init(configuration: Configuration) {
        self.configuration = configuration
    }

    /// The id of the task with this id, id prefix or name; nil when there is none.
    public func id(of key: String) throws -> TaskID? {
        guard !noBroker else { return nil }
        if broker == nil {
            do {
                broker = try BrokerConnector.open(configuration: configuration, creatingIfMissing: false)
            } catch BrokerError.noBroker {
                noBroker = true
                return nil
            }
        }
        return try broker?.status(of: key)?.message.id
    }

    /// The ids of `keys`, all of them, or ``TaskInputError/unknownAfter(_:)`` for the first that is not there.
    public func ids(of keys: [String]) throws -> [TaskID] {
        var ids: [TaskID] = []
        for key in keys {
            guard let id = try id(of: key) else { throw TaskInputError.unknownAfter(key) }
            ids.append(id)
        }
        return ids
    }
}
