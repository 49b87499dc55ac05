import FoundationEssentials
import Glibc

/// A task as enqueued: what to run, where, and for which cluster. Immutable once signed.
public struct TaskMessage: Sendable, Equatable {
    /// The task's unique id.
    public var id: TaskID
    /// The name of the cluster (queue) that runs it.
    public var cluster: String
    /// A name given at enqueue time; empty means the humanized id.
    public var customName: String
    /// The group it belongs to, or empty.
    public var group: String
    /// The argv to execute; with ``shell`` set this is `["/bin/sh", "-c", script]`.
    public var command: [String]
    /// Whether the command is a shell script (`--shell`), shown as the script alone.
    public var shell: Bool
    /// The working directory; empty means the worker's own.
    public var workingDirectory: String
    /// Extra environment variables, in the order given.
    public var environment: [EnvironmentVariable]
    /// Bytes fed to the command's standard input.
    public var standardInput: [UInt8]
    /// The task's own timeout in milliseconds; 0 means the cluster's `timeout`.
    public var timeoutMilliseconds: Int64
    /// A shell command run after the task with its result in the environment; empty for none.
    public var hook: String
    /// Whether a successful result is kept (failures always are).
    public var saveResult: Bool
    /// When it was enqueued, in milliseconds since 1970.
    public var enqueuedAtMilliseconds: Int64
    /// How many times it runs again after a failure; nil means the cluster's `retries`.
    public var retries: Int?
    /// The task this one runs again (`qctl rerun`), if any.
    public var rerunOf: TaskID?
    /// Tasks that must all succeed before this one runs (`qctl enqueue --after`).
    public var after: [TaskID]

    public init(
        id: TaskID = TaskID(),
        cluster: String,
        command: [String],
        customName: String = "",
        group: String = "",
        shell: Bool = false,
        workingDirectory: String = "",
        environment: [EnvironmentVariable] = [],
        standardInput: [UInt8] = [],
        timeoutMilliseconds: Int64 = 0,
        hook: String = "",
        saveResult: Bool = true,
        enqueuedAtMilliseconds: Int64 = Clock.nowMilliseconds(),
        retries: Int? = nil,
        rerunOf: TaskID? = nil,
        after: [TaskID] = []
    ) {
        self.id = id
        self.cluster = cluster
        self.customName = customName
        self.group = group
        self.command = command
        self.shell = shell
        self.workingDirectory = workingDirectory
        self.environment = environment
        self.standardInput = standardInput
        self.timeoutMilliseconds = timeoutMilliseconds
        self.hook = hook
        self.saveResult = saveResult
        self.enqueuedAtMilliseconds = enqueuedAtMilliseconds
        self.retries = retries
        self.rerunOf = rerunOf
        self.after = after
    }

    /// The name people see: the custom name, else Django Q's humanized id.
    public var name: String { customName.isEmpty ? id.humanName : customName }
    /// The key of the broker's name index for this task: its custom name; nil for a humanized
    /// one, which is found by comparing ids instead (an index entry per task would be a page
    /// written at a random place by every enqueue).
    var indexedName: [UInt8]? { customName.isEmpty ? nil : Array(customName.utf8) }

    /// The command as a person would type it.
    public var displayCommand: String {
        if shell, command.count == 3 { return command[2] }
        return command.map(ShellQuoting.quote).joined(separator: " ")
    }
}

/// One `KEY=VALUE` pair of a task's environment.
public struct EnvironmentVariable: Sendable, Equatable {
    public var name: String
    public var value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

extension TaskMessage {
    /// 2 adds, at the end, the task's own retries (0 for none, else retries + 1), the task it
    /// runs again (no bytes, or its 16) and the tasks it runs after (a count, 16 bytes each);
    /// a task with none of them is written as 1.
    private static let formatVersion: UInt8 = 1
    private static let formatVersionWithExtras: UInt8 = 2

    private var hasExtras: Bool { retries != nil || rerunOf != nil || !after.isEmpty }

    /// The compact binary form that is signed and stored.
    func encoded() -> [UInt8] {
        var writer = BinaryWriter(capacity: encodedCapacity)
        encode(into: &writer)
        return writer.bytes
    }

    /// What ``encoded()`` takes, give or take a few bytes of lengths: reserved once, and not much
    /// more (a bulk enqueue holds one entry per line until its commit).
    var encodedCapacity: Int {
        var count = 48 + cluster.utf8.count + customName.utf8.count + group.utf8.count + workingDirectory.utf8.count + hook.utf8.count
        for argument in command { count += argument.utf8.count + 1 }
        for variable in environment { count += variable.name.utf8.count + variable.value.utf8.count + 2 }
        return count + standardInput.count
    }

    /// The largest ``encoded()`` a task may have: its command, environment and input together.
    /// A cluster hands each task to a worker, and its result to the monitor, as one packet
    /// (``PacketSocket/maximumMessage``); this leaves room for the result's output beside it.
    public static let maximumEncodedSize = 1 << 20

    /// The exact length of ``encoded()``, without encoding.
    public var encodedSize: Int {
        func varint(_ value: UInt64) -> Int {
            var count = 1
            var rest = value >> 7
            while rest > 0 { count += 1; rest >>= 7 }
            return count
        }
        func varint(_ value: Int) -> Int { varint(UInt64(value)) }
        func signed(_ value: Int64) -> Int { varint(UInt64(bitPattern: (value << 1) ^ (value >> 63))) }
        func string(_ text: String) -> Int { let count = text.utf8.count; return varint(count) + count }
        var size = 1 + 16 + string(cluster) + string(customName) + string(group)
        size += varint(command.count) + command.reduce(0) { $0 + string($1) }
        size += 1 + string(workingDirectory) + varint(environment.count)
        for variable in environment { size += string(variable.name) + string(variable.value) }
        size += varint(standardInput.count) + standardInput.count
        size += signed(timeoutMilliseconds) + string(hook) + 1 + signed(enqueuedAtMilliseconds)
        if hasExtras { size += varint((retries ?? -1) + 1) + 1 + (rerunOf == nil ? 0 : 16) + varint(after.count) + 16 * after.count }
        return size
    }

    /// Appends ``encoded()``'s bytes to `writer`.
    func encode(into writer: inout BinaryWriter) {
        writer.write(byte: hasExtras ? Self.formatVersionWithExtras : Self.formatVersion)
        writer.write(raw: id.bytes)
        writer.write(string: cluster)
        writer.write(string: customName)
        writer.write(string: group)
        writer.write(strings: command)
        writer.write(bool: shell)
        writer.write(string: workingDirectory)
        writer.write(varint: UInt64(environment.count))
        for variable in environment {
            writer.write(string: variable.name)
            writer.write(string: variable.value)
        }
        writer.write(data: standardInput)
        writer.write(signed: timeoutMilliseconds)
        writer.write(string: hook)
        writer.write(bool: saveResult)
        writer.write(signed: enqueuedAtMilliseconds)
        if hasExtras {
            writer.write(varint: UInt64((retries ?? -1) + 1))
            writer.write(data: rerunOf?.bytes ?? [])
            writer.write(varint: UInt64(after.count))
            for id in after { writer.write(raw: id.bytes) }
        }
    }

    /// Decodes ``encoded()``; nil for anything else.
    init?(encoded bytes: [UInt8]) {
        var reader = BinaryReader(bytes)
        do {
            let version = try reader.readByte()
            guard version == Self.formatVersion || version == Self.formatVersionWithExtras,
                  let id = TaskID(bytes: try reader.readRaw(count: 16)) else { return nil }
            self.id = id
            cluster = try reader.readString()
            customName = try reader.readString()
            group = try reader.readString()
            command = try reader.readStrings()
            shell = try reader.readBool()
            workingDirectory = try reader.readString()
            let variableCount = try reader.readInt()
            guard variableCount <= bytes.count else { return nil }
            environment = []
            for _ in 0..<variableCount {
                environment.append(EnvironmentVariable(name: try reader.readString(), value: try reader.readString()))
            }
            standardInput = try reader.readData()
            timeoutMilliseconds = try reader.readSigned()
            hook = try reader.readString()
            saveResult = try reader.readBool()
            enqueuedAtMilliseconds = try reader.readSigned()
            retries = nil
            rerunOf = nil
            after = []
            if version == Self.formatVersionWithExtras {
                let count = try reader.readInt()
                retries = count == 0 ? nil : count - 1
                let original = try reader.readData()
                guard original.isEmpty || original.count == 16 else { return nil }
                rerunOf = TaskID(bytes: original)
                let waitsFor = try reader.readInt()
                guard waitsFor <= bytes.count / 16 else { return nil }
                for _ in 0..<waitsFor {
                    guard let id = TaskID(bytes: try reader.readRaw(count: 16)) else { return nil }
                    after.append(id)
                }
            }
            guard reader.isAtEnd else { return nil }
        } catch {
            return nil
        }
    }
}
