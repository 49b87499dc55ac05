import FoundationEssentials
import Glibc

/// What happened when a task ran: the last attempt's outcome, output and timing.
public struct TaskResult: Sendable, Equatable {
    /// The task as it was enqueued.
    public var message: TaskMessage { didSet { messageEncoding = MessageEncoding() } }
    /// Milliseconds since 1970 when the attempt started and stopped.
    public var startedAtMilliseconds: Int64
    public var stoppedAtMilliseconds: Int64
    /// The exit status, when the command exited by itself.
    public var exitCode: Int32?
    /// The signal that ended the command, when one did.
    public var signal: Int32?
    /// Whether the task succeeded (exit status 0).
    public var success: Bool
    /// The first bytes of standard output and standard error (see ``TaskResult/outputLimit``).
    public var standardOutput: [UInt8]
    public var standardError: [UInt8]
    /// How many bytes the task wrote to each stream: more than was kept when its output was cut.
    public var standardOutputBytes: Int
    public var standardErrorBytes: Int
    /// The delivery this result came from, counting from 1.
    public var attempts: Int
    /// Why it failed, in words ("timed out", "bad signature", "exit status 2"); empty on success.
    public var reason: String
    /// Whether no further attempt will follow (false while a failed task waits to be retried).
    public var isFinal: Bool
    /// When a failed task that is not final runs again (milliseconds since 1970; 0 when unknown).
    public var retryAtMilliseconds: Int64 = 0
    /// Set when a person ended the task (`qctl cancel`, `qctl kill`) rather than its command.
    public var interruption: Interruption?
    /// The task that runs this one again (`qctl rerun`), once there is one.
    public var rerunAs: TaskID?

    /// How a person ended a task.
    public enum Interruption: UInt8, Sendable {
        /// Taken off the queue before it ran (or while it waited for a retry).
        case cancelled = 1
        /// Its process group was killed while it ran.
        case killed = 2

        public var word: String { self == .cancelled ? "cancelled" : "killed" }
    }

    /// The bytes `message` was decoded from, when known (see ``MessageEncoding``).
    var messageEncoding = MessageEncoding()

    /// How much of each output stream is kept.
    public static let outputLimit = 64 * 1024

    public init(
        message: TaskMessage,
        startedAtMilliseconds: Int64,
        stoppedAtMilliseconds: Int64,
        exitCode: Int32?,
        signal: Int32? = nil,
        success: Bool,
        standardOutput: [UInt8] = [],
        standardError: [UInt8] = [],
        attempts: Int = 1,
        reason: String = "",
        isFinal: Bool = true
    ) {
        self.message = message
        self.startedAtMilliseconds = startedAtMilliseconds
        self.stoppedAtMilliseconds = stoppedAtMilliseconds
        self.exitCode = exitCode
        self.signal = signal
        self.success = success
        self.standardOutput = Array(standardOutput.prefix(Self.outputLimit))
        self.standardError = Array(standardError.prefix(Self.outputLimit))
        standardOutputBytes = standardOutput.count
        standardErrorBytes = standardError.count
        self.attempts = attempts
        self.reason = reason
        self.isFinal = isFinal
    }

    public var id: TaskID { message.id }

    /// The failed result of a task that ended without running (refused, cancelled, given up).
    static func notRun(_ message: TaskMessage, attempts: Int, reason: String, at now: Int64,
                       interruption: Interruption? = nil) -> TaskResult {
        var result = TaskResult(message: message, startedAtMilliseconds: now, stoppedAtMilliseconds: now, exitCode: nil,
                                success: false, attempts: attempts, reason: reason)
        result.interruption = interruption
        return result
    }

    /// Whether standard output, or standard error, was longer than ``outputLimit`` and was cut.
    public var standardOutputWasCut: Bool { standardOutputBytes > standardOutput.count }
    public var standardErrorWasCut: Bool { standardErrorBytes > standardError.count }
}

extension TaskResult {
    /// 2 adds the byte counts of the output streams and the retry time at the end; 1 is still
    /// read (nothing cut, no retry time).
    private static let formatVersion: UInt8 = 2

    func encoded() -> [UInt8] {
        var writer = BinaryWriter(capacity: 128 + standardOutput.count + standardError.count)
        writer.write(byte: Self.formatVersion)
        writer.write(data: messageEncoding.bytes(of: message))
        writer.write(signed: startedAtMilliseconds)
        writer.write(signed: stoppedAtMilliseconds)
        writer.write(bool: exitCode != nil)
        writer.write(signed: Int64(exitCode ?? 0))
        writer.write(bool: signal != nil)
        writer.write(signed: Int64(signal ?? 0))
        writer.write(bool: success)
        writer.write(data: standardOutput)
        writer.write(data: standardError)
        writer.write(varint: UInt64(attempts))
        writer.write(string: reason)
        writer.write(bool: isFinal)
        writer.write(varint: UInt64(standardOutputBytes))
        writer.write(varint: UInt64(standardErrorBytes))
        writer.write(signed: retryAtMilliseconds)
        writer.write(byte: interruption?.rawValue ?? 0)
        writer.write(data: rerunAs?.bytes ?? [])
        return writer.bytes
    }

    init?(encoded bytes: [UInt8]) {
        var reader = BinaryReader(bytes)
        do {
            let version = try reader.readByte()
            guard version == 1 || version == Self.formatVersion else { return nil }
            let encodedMessage = try reader.readData()
            guard let message = TaskMessage(encoded: encodedMessage) else { return nil }
            self.message = message
            messageEncoding = MessageEncoding(encodedMessage)
            startedAtMilliseconds = try reader.readSigned()
            stoppedAtMilliseconds = try reader.readSigned()
            let hasExit = try reader.readBool()
            let code = try reader.readSigned()
            exitCode = hasExit ? Int32(truncatingIfNeeded: code) : nil
            let hasSignal = try reader.readBool()
            let signalNumber = try reader.readSigned()
            signal = hasSignal ? Int32(truncatingIfNeeded: signalNumber) : nil
            success = try reader.readBool()
            standardOutput = try reader.readData()
            standardError = try reader.readData()
            attempts = try reader.readInt()
            reason = try reader.readString()
            isFinal = try reader.readBool()
            standardOutputBytes = version == 1 ? standardOutput.count : try reader.readInt()
            standardErrorBytes = version == 1 ? standardError.count : try reader.readInt()
            retryAtMilliseconds = version == 1 ? 0 : try reader.readSigned()
            interruption = version == 1 ? nil : Interruption(rawValue: try reader.readByte())
            let rerun = version == 1 ? [] : try reader.readData()
            guard rerun.isEmpty || rerun.count == 16 else { return nil }
            rerunAs = TaskID(bytes: rerun)
            guard reader.isAtEnd else { return nil }
        } catch {
            return nil
        }
    }
}
