/// The broker could not do what was asked. Each case says which file and what to do about it.
public enum BrokerError: UserFacingError, Equatable {
    /// The broker's folder could not be created or is not a folder.
    case cannotCreateFolder(path: String, reason: String)
    /// The file exists but is not an LMDB broker.
    case notABroker(path: String)
    /// The file lives on a network file system, where LMDB's locking does not work.
    case networkFileSystem(path: String)
    /// No broker file exists where the configuration points, and the command only reads or
    /// changes what a broker holds (creating one would hide a mistyped path behind empty figures).
    case noBroker(path: String)
    /// The broker cannot be opened (permissions, locking).
    case unavailable(path: String, reason: String)
    /// The disk is full.
    case diskFull(path: String)
    /// A read or write failed.
    case io(path: String, reason: String)
    /// The file was written by a newer qctl.
    case incompatibleSchema(path: String, found: Int, supported: Int)
    /// The broker's layout needs an upgrade, which must wait until no cluster of an older qctl runs on it.
    case upgradeWaitsForClusters(path: String, clusters: [String])
    /// The secret key file cannot be read or created.
    case secretKey(path: String, reason: String)
    /// No task with this id or name exists.
    case unknownTask(String)
    /// A task larger than ``TaskMessage/maximumEncodedSize``, which no cluster could hand to a worker.
    case taskTooLarge(id: TaskID, size: Int)
    /// The PostgreSQL server cannot be reached or went away (down, restarting, the network).
    case serverUnavailable(server: String, reason: String)
    /// The PostgreSQL server refused what the configuration asks: a wrong password, a missing
    /// database or role, a missing privilege.
    case serverRefused(server: String, reason: String)
    /// libpq refused a setting before connecting (`sslmode=requir`, `port=abc`, from the URL or
    /// a `PG*` variable): a configuration error, not an outage to wait out.
    case badConnectionSetting(server: String, reason: String)
    /// The PostgreSQL server failed a statement for another reason.
    case serverFailed(server: String, reason: String)
    /// The database holds no qctl schema, and the command only reads or changes what a broker holds.
    case noSchema(server: String)
    /// The broker's schema is older than this qctl's: `qctl broker upgrade` brings it up to date.
    case schemaUpgradeNeeded(location: String, found: Int, supported: Int)

    public var exitStatus: ExitStatus {
        switch self {
        case .notABroker, .incompatibleSchema, .unknownTask, .taskTooLarge: return .dataError
        case .noBroker, .networkFileSystem, .unavailable, .serverUnavailable, .noSchema: return .unavailable
        case .serverRefused, .badConnectionSetting, .schemaUpgradeNeeded: return .configuration
        case .serverFailed: return .ioError
        case .upgradeWaitsForClusters: return .temporaryFailure
        case .cannotCreateFolder, .diskFull, .io, .secretKey: return .ioError
        }
    }

    public var description: String {
        switch self {
        case let .cannotCreateFolder(path, reason):
            return "\(path): cannot create the broker folder: \(reason)"
        case let .notABroker(path):
            return "\(path): not a qctl broker (not an LMDB file); point broker.path elsewhere or move the file away"
        case let .networkFileSystem(path):
            return "\(path): the broker is on a network file system; LMDB needs a local disk"
        case let .noBroker(path):
            return "\(path): no broker there yet (qctl enqueue, qctl schedule add and qctl start create it); check broker.path, --config or $QCTL_CONFIG"
        case let .unavailable(path, reason):
            return "\(path): broker unavailable: \(reason)"
        case let .diskFull(path):
            return "\(path): the disk is full; free space and retry (nothing was lost)"
        case let .io(path, reason):
            return "\(path): \(reason)"
        case let .incompatibleSchema(path, found, supported):
            return "\(path): broker schema \(found) is newer than this qctl supports (\(supported)); upgrade qctl"
        case let .upgradeWaitsForClusters(path, clusters):
            return "\(path): the broker's layout must be upgraded for this qctl, but a cluster of an older qctl runs on it (\(clusters.joined(separator: ", "))); stop it, then retry"
        case let .secretKey(path, reason):
            return "\(path): cannot use this generated secret: \(reason)"
        case let .unknownTask(text):
            return "no task '\(text)' in the broker (give a task id or name; see qctl tasks)"
        case let .serverUnavailable(server, reason):
            return "\(server): PostgreSQL unavailable: \(reason)"
        case let .serverRefused(server, reason):
            return "\(server): PostgreSQL refused: \(reason)"
        case let .badConnectionSetting(server, reason):
            return "\(server): \(reason)"
        case let .serverFailed(server, reason):
            return "\(server): \(reason)"
        case let .noSchema(server):
            return "\(server): no qctl broker in this database yet (qctl broker init, qctl enqueue, qctl schedule add and qctl start create it); check broker.url or $QCTL_BROKER_URL"
        case let .schemaUpgradeNeeded(location, found, supported):
            return "\(location): broker schema \(found) is older than this qctl's (\(supported)); run qctl broker upgrade once every host runs this qctl"
        case let .taskTooLarge(id, size):
            return TaskInputError.tooLarge(size: size).description + " (task \(id.hex); nothing was enqueued)"
        }
    }
}
