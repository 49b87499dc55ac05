import FoundationEssentials
import Glibc

/// A running cluster's state as its sentinel publishes it in the broker every guard cycle,
/// for `qctl stats` and ``Cluster/stat()`` (Django Q's Stat).
public struct ClusterStat: Sendable, Equatable {
    public enum Status: UInt8, Sendable {
        case starting = 1, idle, working, stopping

        public var word: String {
            switch self {
            case .starting: return "Starting"
            case .idle: return "Idle"
            case .working: return "Working"
            case .stopping: return "Stopping"
            }
        }
    }

    /// One worker process.
    public struct Worker: Sendable, Equatable {
        public var pid: Int32
        public var processID: TaskID
        public var taskID: TaskID?
        public var taskName: String
        public var taskStartedAtMilliseconds: Int64
        public var tasksDone: Int
        public var rssKiB: Int

        public var isBusy: Bool { taskID != nil }
    }

    public var clusterID: TaskID
    /// The cluster (queue) name, such as `default` or `long`.
    public var cluster: String
    public var host: String
    public var sentinelPID: Int32
    public var pusherPID: Int32
    public var monitorPID: Int32
    public var status: Status
    public var startedAtMilliseconds: Int64
    public var heartbeatMilliseconds: Int64
    public var guardCycleMilliseconds: Int64
    public var reincarnations: Int
    /// Tasks the pusher holds (leased, not yet finished).
    public var inMemory: Int
    public var done: Int
    public var failed: Int
    public var workers: [Worker]

    /// The cluster's four-word name, from its id (Django Q's `freddie-uncle-twenty-ten`).
    public var name: String { clusterID.humanName }

    /// Whether the heartbeat is older than a few guard cycles (the sentinel died or hangs).
    public func isLost(now: Int64 = Clock.nowMilliseconds()) -> Bool {
        now - heartbeatMilliseconds > max(5 * guardCycleMilliseconds, 3_000)
    }

    func encoded() -> [UInt8] {
        var writer = BinaryWriter(capacity: 128 + workers.count * 64)
        writer.write(byte: 1)
        writer.write(raw: clusterID.bytes)
        writer.write(string: cluster)
        writer.write(string: host)
        for value in [Int64(sentinelPID), Int64(pusherPID), Int64(monitorPID)] { writer.write(signed: value) }
        writer.write(byte: status.rawValue)
        for value in [startedAtMilliseconds, heartbeatMilliseconds, guardCycleMilliseconds,
                      Int64(reincarnations), Int64(inMemory), Int64(done), Int64(failed)] { writer.write(signed: value) }
        writer.write(varint: UInt64(workers.count))
        for worker in workers {
            writer.write(signed: Int64(worker.pid))
            writer.write(raw: worker.processID.bytes)
            writer.write(data: worker.taskID?.bytes ?? [])
            writer.write(string: worker.taskName)
            writer.write(signed: worker.taskStartedAtMilliseconds)
            writer.write(signed: Int64(worker.tasksDone))
            writer.write(signed: Int64(worker.rssKiB))
        }
        return writer.bytes
    }

    init?(encoded bytes: [UInt8]) {
        var reader = BinaryReader(bytes)
        do {
            guard try reader.readByte() == 1, let id = TaskID(bytes: try reader.readRaw(count: 16)) else { return nil }
            clusterID = id
            cluster = try reader.readString()
            host = try reader.readString()
            sentinelPID = Int32(truncatingIfNeeded: try reader.readSigned())
            pusherPID = Int32(truncatingIfNeeded: try reader.readSigned())
            monitorPID = Int32(truncatingIfNeeded: try reader.readSigned())
            guard let status = Status(rawValue: try reader.readByte()) else { return nil }
            self.status = status
            startedAtMilliseconds = try reader.readSigned()
            heartbeatMilliseconds = try reader.readSigned()
            guardCycleMilliseconds = try reader.readSigned()
            reincarnations = Int(try reader.readSigned())
            inMemory = Int(try reader.readSigned())
            done = Int(try reader.readSigned())
            failed = Int(try reader.readSigned())
            let count = try reader.readInt()
            guard count < 100_000 else { return nil }
            workers = []
            for _ in 0..<count {
                let pid = Int32(truncatingIfNeeded: try reader.readSigned())
                guard let processID = TaskID(bytes: try reader.readRaw(count: 16)) else { return nil }
                let taskBytes = try reader.readData()
                workers.append(Worker(
                    pid: pid, processID: processID, taskID: TaskID(bytes: taskBytes), taskName: try reader.readString(),
                    taskStartedAtMilliseconds: try reader.readSigned(), tasksDone: Int(try reader.readSigned()),
                    rssKiB: Int(try reader.readSigned())))
            }
        } catch {
            return nil
        }
    }

    init(clusterID: TaskID, cluster: String, host: String, sentinelPID: Int32, guardCycleMilliseconds: Int64) {
        self.clusterID = clusterID
        self.cluster = cluster
        self.host = host
        self.sentinelPID = sentinelPID
        pusherPID = 0
        monitorPID = 0
        status = .starting
        startedAtMilliseconds = Clock.nowMilliseconds()
        heartbeatMilliseconds = startedAtMilliseconds
        self.guardCycleMilliseconds = guardCycleMilliseconds
        reincarnations = 0
        inMemory = 0
        done = 0
        failed = 0
        workers = []
    }
}
