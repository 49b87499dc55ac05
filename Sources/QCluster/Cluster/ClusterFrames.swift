/// The messages cluster processes send each other, one per SOCK_SEQPACKET packet.
enum TaskFrame {
    /// Pusher → worker: a leased task.
    static func encode(_ task: LeasedTask) -> [UInt8] {
        var writer = BinaryWriter()
        writer.write(varint: UInt64(task.attempt))
        writer.write(signed: task.deadlineMilliseconds)
        writer.write(raw: task.messageEncoding.bytes(of: task.message))
        return writer.bytes
    }

    static func decode(_ bytes: [UInt8]) -> LeasedTask? {
        var reader = BinaryReader(bytes)
        guard let attempt = try? reader.readInt(), let deadline = try? reader.readSigned() else { return nil }
        let encoded = Array(bytes[reader.offset...])
        guard let message = TaskMessage(encoded: encoded) else { return nil }
        return LeasedTask(message: message, attempt: attempt, deadlineMilliseconds: deadline, messageEncoding: MessageEncoding(encoded))
    }
}

/// Monitor or sentinel → pusher: room for more tasks.
enum CreditFrame: Equatable {
    /// `count` tasks are finished (recorded, or lost with their worker).
    case finished(Int)
    /// `count` tasks finished and the monitor leased as many in their place: no room is freed,
    /// but they count for the pace that an unset queue_limit follows (QueueDepth).
    case replaced(Int)
    /// The monitor died with results it had not recorded: the pusher's count is reset to the
    /// tasks the workers still hold, so that the lost credits do not wedge it.
    case reset(inFlight: Int)

    func encoded() -> [UInt8] {
        var writer = BinaryWriter()
        switch self {
        case let .finished(count):
            writer.write(byte: 1)
            writer.write(varint: UInt64(count))
        case let .reset(inFlight):
            writer.write(byte: 2)
            writer.write(varint: UInt64(inFlight))
        case let .replaced(count):
            writer.write(byte: 3)
            writer.write(varint: UInt64(count))
        }
        return writer.bytes
    }

    init?(_ bytes: [UInt8]) {
        var reader = BinaryReader(bytes)
        guard let kind = try? reader.readByte(), let count = try? reader.readInt() else { return nil }
        switch kind {
        case 1: self = .finished(count)
        case 2: self = .reset(inFlight: count)
        case 3: self = .replaced(count)
        default: return nil
        }
    }
}

/// Child → sentinel: what a process is doing, for guarding and for the cluster's Stat.
enum StatusEvent: Equatable {
    /// A process started and is ready.
    case ready(role: ClusterRole, processID: TaskID, pid: Int32)
    /// A worker started a task, whose lease runs until `leaseDeadline`.
    case taskStarted(pid: Int32, task: TaskID, name: String, processGroup: Int32, startedAt: Int64, timeoutMilliseconds: Int64,
                     leaseDeadline: Int64)
    /// A worker finished a task; `tasksDone` counts its tasks so far.
    case taskFinished(pid: Int32, tasksDone: Int, success: Bool, rssKiB: Int)
    /// The pusher's count of tasks held in memory changed.
    case inMemory(Int)
    /// A worker did not run a task because its lease ran out while it waited on the task
    /// socket (it is requeued instead); its room in queue_limit is free again.
    case taskSkipped(pid: Int32, task: TaskID)
    /// A worker received a task packet it could not read (cut short, or of another version):
    /// the task returns when its lease runs out; its room in queue_limit is free again now.
    case taskDropped(pid: Int32)
    /// The process group of the command a worker started for its current task.
    case taskGroup(pid: Int32, processGroup: Int32)

    func encoded() -> [UInt8] {
        var writer = BinaryWriter()
        switch self {
        case let .ready(role, processID, pid):
            writer.write(byte: 1)
            writer.write(byte: role.rawValue)
            writer.write(raw: processID.bytes)
            writer.write(signed: Int64(pid))
        case let .taskStarted(pid, task, name, group, startedAt, timeout, leaseDeadline):
            writer.write(byte: 2)
            writer.write(signed: Int64(pid))
            writer.write(raw: task.bytes)
            writer.write(string: name)
            writer.write(signed: Int64(group))
            writer.write(signed: startedAt)
            writer.write(signed: timeout)
            writer.write(signed: leaseDeadline)
        case let .taskFinished(pid, done, success, rss):
            writer.write(byte: 3)
            writer.write(signed: Int64(pid))
            writer.write(varint: UInt64(done))
            writer.write(bool: success)
            writer.write(varint: UInt64(rss))
        case let .inMemory(count):
            writer.write(byte: 4)
            writer.write(varint: UInt64(count))
        case let .taskSkipped(pid, task):
            writer.write(byte: 5)
            writer.write(signed: Int64(pid))
            writer.write(raw: task.bytes)
        case let .taskDropped(pid):
            writer.write(byte: 6)
            writer.write(signed: Int64(pid))
        case let .taskGroup(pid, group):
            writer.write(byte: 7)
            writer.write(signed: Int64(pid))
            writer.write(signed: Int64(group))
        }
        return writer.bytes
    }

    init?(_ bytes: [UInt8]) {
        var reader = BinaryReader(bytes)
        self.init(reader: &reader)
    }

    /// Every event of a packet: a worker that goes straight on to its next task sends that
    /// task's start together with the previous one's end, waking the sentinel once.
    static func all(in bytes: [UInt8]) -> [StatusEvent] {
        var reader = BinaryReader(bytes)
        var events: [StatusEvent] = []
        while !reader.isAtEnd, let event = StatusEvent(reader: &reader) { events.append(event) }
        return events
    }

    private init?(reader: inout BinaryReader) {
        do {
            switch try reader.readByte() {
            case 1:
                guard let role = ClusterRole(rawValue: try reader.readByte()),
                      let id = TaskID(bytes: try reader.readRaw(count: 16)) else { return nil }
                self = .ready(role: role, processID: id, pid: Int32(truncatingIfNeeded: try reader.readSigned()))
            case 2:
                let pid = Int32(truncatingIfNeeded: try reader.readSigned())
                guard let task = TaskID(bytes: try reader.readRaw(count: 16)) else { return nil }
                self = .taskStarted(pid: pid, task: task, name: try reader.readString(),
                                    processGroup: Int32(truncatingIfNeeded: try reader.readSigned()),
                                    startedAt: try reader.readSigned(), timeoutMilliseconds: try reader.readSigned(),
                                    leaseDeadline: try reader.readSigned())
            case 3:
                self = .taskFinished(pid: Int32(truncatingIfNeeded: try reader.readSigned()), tasksDone: try reader.readInt(),
                                     success: try reader.readBool(), rssKiB: try reader.readInt())
            case 4:
                self = .inMemory(try reader.readInt())
            case 5:
                let pid = Int32(truncatingIfNeeded: try reader.readSigned())
                guard let task = TaskID(bytes: try reader.readRaw(count: 16)) else { return nil }
                self = .taskSkipped(pid: pid, task: task)
            case 6:
                self = .taskDropped(pid: Int32(truncatingIfNeeded: try reader.readSigned()))
            case 7:
                self = .taskGroup(pid: Int32(truncatingIfNeeded: try reader.readSigned()),
                                  processGroup: Int32(truncatingIfNeeded: try reader.readSigned()))
            default:
                return nil
            }
        } catch {
            return nil
        }
    }
}

/// The kinds of process in a cluster.
public enum ClusterRole: UInt8, Sendable, CaseIterable {
    case sentinel = 1, pusher, worker, monitor

    public var name: String {
        switch self {
        case .sentinel: return "sentinel"
        case .pusher: return "pusher"
        case .worker: return "worker"
        case .monitor: return "monitor"
        }
    }
}
