import FoundationEssentials
import Glibc

/// What the sentinel hands to the processes it starts, in environment variables (all named
/// `QCTL_INTERNAL_*`, which tasks never see); its sockets come in fixed file descriptors
/// (``ChildDescriptors``).
struct ChildEnvironment {
    static let prefix = "QCTL_INTERNAL_"

    var brokerPath: String
    var mapSize: Int
    /// The PostgreSQL broker's URL; nil for the LMDB file at `brokerPath`.
    var brokerURL: String?
    var secret: [UInt8]
    var settings: ClusterSettings
    var clusterID: TaskID
    var log: ClusterLog
    /// The time zone schedules are computed in (the config's `timezone`, else local).
    var timeZone: String = ""
    /// The worker's index, for CPU affinity.
    var index: Int = 0

    func variables() -> [String: String] {
        [
            Self.prefix + "BROKER": brokerPath,
            Self.prefix + "MAP_SIZE": String(mapSize),
            Self.prefix + "BROKER_URL": brokerURL ?? "",
            Self.prefix + "SECRET": TaskID.hex(secret),
            Self.prefix + "SETTINGS": TaskID.hex(settings.encoded()),
            Self.prefix + "CLUSTER_ID": clusterID.hex,
            Self.prefix + "LOG": log.encoded,
            Self.prefix + "INDEX": String(index),
            Self.prefix + "TIMEZONE": timeZone,
        ]
    }

    init(brokerPath: String, mapSize: Int, secret: [UInt8], settings: ClusterSettings, clusterID: TaskID, log: ClusterLog) {
        self.brokerPath = brokerPath
        self.mapSize = mapSize
        self.secret = secret
        self.settings = settings
        self.clusterID = clusterID
        self.log = log
    }

    /// Reads the variables back in a child; nil when the process was not started by a sentinel.
    init?(environment: [String: String]) {
        func value(_ name: String) -> String? { environment[Self.prefix + name] }
        guard let brokerPath = value("BROKER"), let mapSize = value("MAP_SIZE").flatMap(Int.init),
              let secret = value("SECRET").flatMap(TaskID.bytes(fromHex:)),
              let settingsBytes = value("SETTINGS").flatMap(TaskID.bytes(fromHex:)),
              let settings = ClusterSettings(encoded: settingsBytes),
              let clusterID = value("CLUSTER_ID").flatMap(TaskID.init) else { return nil }
        self.brokerPath = brokerPath
        self.mapSize = mapSize
        self.brokerURL = value("BROKER_URL").flatMap { $0.isEmpty ? nil : $0 }
        self.secret = secret
        self.settings = settings
        self.clusterID = clusterID
        self.log = ClusterLog(encoded: value("LOG"))
        self.index = value("INDEX").flatMap(Int.init) ?? 0
        self.timeZone = value("TIMEZONE") ?? ""
    }

    /// The time zone for schedules.
    var scheduleTimeZone: ZoneRules { timeZone.isEmpty ? ZoneRules.local() : ZoneRules.named(timeZone) ?? ZoneRules.local() }

    /// The environment for a child: this process's, with the internal variables replaced.
    func childEnvironment(index: Int) -> [String] {
        var copy = self
        copy.index = index
        var merged = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix(Self.prefix) }
        for (key, value) in copy.variables() { merged[key] = value }
        return merged.map { "\($0.key)=\($0.value)" }
    }

    /// The broker of the sentinel's configuration, signed with the key the sentinel read (the
    /// children get only the configuration's broker settings).
    func openBroker() throws(BrokerError) -> any Broker {
        var configuration = Configuration(directory: "/")
        configuration.brokerPath = brokerPath
        configuration.mapSize = mapSize
        configuration.brokerURL = brokerURL
        return try BrokerConnector.open(configuration: configuration, secret: secret)
    }

    /// The broker; while it cannot be opened (a PostgreSQL server restarting or gone), each try
    /// is logged and the next waits longer (``BrokerBackoff``). Nil when the sentinel asks the
    /// process to stop meanwhile: it then exits. Exiting at the first failure would have the
    /// sentinel start it again at once, over and over while the outage lasts: a new process and
    /// two log lines every few milliseconds.
    func openBroker(reportingAs processID: TaskID) -> (any Broker)? {
        var backoff = BrokerBackoff()
        while !ProcessSignals.gracefulStopRequested {
            do {
                return try openBroker()
            } catch {
                backoff.failed()
                log.error("Process-\(processID.hex) cannot open the broker, trying again in \(backoff.delayMilliseconds) ms: \(error)",
                          event: "error")
                backoff.wait()
            }
        }
        return nil
    }
}

extension ClusterSettings {
    func encoded() -> [UInt8] {
        var writer = BinaryWriter()
        writer.write(byte: 2)
        writer.write(string: name)
        for value in [Int64(workers), timeoutMilliseconds, retryMilliseconds, Int64(maxAttempts), Int64(queueLimitAdapts ? -1 : queueLimit),
                      Int64(recycle), Int64(maxRSSKiB), Int64(saveLimit), Int64(cpuAffinity), guardCycleMilliseconds,
                      Int64(retries == Self.unlimitedRetries ? -1 : retries), retryBackoffMilliseconds, retryBackoffMaxMilliseconds] {
            writer.write(signed: value)
        }
        writer.write(byte: ackFailures.map { $0 ? 1 : 0 } ?? 2)
        writer.write(bool: catchUp)
        writer.write(bool: scheduler)
        return writer.bytes
    }

    init?(encoded bytes: [UInt8]) {
        var reader = BinaryReader(bytes)
        do {
            guard try reader.readByte() == 2 else { return nil }
            self.init()
            name = try reader.readString()
            workers = Int(try reader.readSigned())
            timeoutMilliseconds = try reader.readSigned()
            retryMilliseconds = try reader.readSigned()
            maxAttempts = Int(try reader.readSigned())
            let queueLimit = Int(try reader.readSigned())
            if queueLimit >= 0 { self.queueLimit = queueLimit }
            recycle = Int(try reader.readSigned())
            maxRSSKiB = Int(try reader.readSigned())
            saveLimit = Int(try reader.readSigned())
            cpuAffinity = Int(try reader.readSigned())
            guardCycleMilliseconds = try reader.readSigned()
            let retries = Int(try reader.readSigned())
            self.retries = retries < 0 ? Self.unlimitedRetries : retries
            retryBackoffMilliseconds = try reader.readSigned()
            retryBackoffMaxMilliseconds = try reader.readSigned()
            let ack = try reader.readByte()
            ackFailures = ack == 2 ? nil : ack == 1
            catchUp = try reader.readBool()
            scheduler = try reader.readBool()
        } catch {
            return nil
        }
    }
}
