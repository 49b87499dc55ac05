import CSpawn
import FoundationEssentials
import Glibc

/// Runs one task's command in its own process group, feeding its stdin, capturing the first
/// 64 KiB of stdout and stderr, and enforcing its timeout on the whole group.
struct TaskRunner {
    /// The environment every task starts from (the worker's, without qctl's internal variables),
    /// copied to C once per worker.
    let baseEnvironment: EnvironmentBlock
    /// How long a task may take to exit after SIGTERM before the group gets SIGKILL.
    var killGrace: Int64 = 2_000
    /// How long a task's output is left in its pipes before the worker starts reading it.
    static let outputQuietNanoseconds: UInt64 = 5_000_000
    /// /dev/null, the standard input of tasks without --input (saves a pipe per task).
    private let nullDevice: Int32
    /// Where output is read before it is kept: one buffer per worker, not one per read.
    private let readBuffer: ReadBuffer

    /// Where output goes while the task runs (`qctl output -f`); nil when its folder cannot be made.
    var spool: OutputSpool?

    /// SIGCHLD alone, which the runner's process keeps blocked (see ``init(environment:)``).
    private let childExit: sigset_t

    /// Also blocks SIGCHLD in the calling process (a worker, single-threaded): a short task's
    /// exit is then awaited with sigtimedwait(2), with no pidfd to open and close per task. Its
    /// children start with every signal unblocked (`cspawn.c`), so tasks never see it blocked.
    init(environment: [String: String]) {
        baseEnvironment = EnvironmentBlock(environment.filter { !$0.key.hasPrefix(ChildEnvironment.prefix) }.map { "\($0.key)=\($0.value)" }.sorted(),
                                           excluding: Self.taskVariables)
        nullDevice = open("/dev/null", O_RDONLY | O_CLOEXEC)
        readBuffer = ReadBuffer()
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGCHLD)
        sigprocmask(SIG_BLOCK, &set, nil)
        childExit = set
    }

    /// Runs the task; `onStart` gets the process group of a command still running after its
    /// first milliseconds (one that ended by then needs no group to be killed). `name` is
    /// the task's name, computed once by the caller (a humanized id costs a little each time).
    func run(_ task: LeasedTask, name: String, cluster: ClusterSettings, onStart: (Int32) -> Void = { _ in }) -> TaskResult {
        let message = task.message
        let started = Clock.nowMilliseconds()
        let timeout = message.timeoutMilliseconds > 0 ? message.timeoutMilliseconds : cluster.timeoutMilliseconds
        var result = TaskResult(message: message, startedAtMilliseconds: started, stoppedAtMilliseconds: started,
                                exitCode: nil, success: false, attempts: task.attempt)
        result.messageEncoding = task.messageEncoding

        // The task's own variables, then qctl's, which win over both them and the worker's.
        let environment = message.environment.filter { !Self.taskVariables.contains($0.name) }.map { "\($0.name)=\($0.value)" }

        let needsInput = !message.standardInput.isEmpty || nullDevice < 0
        guard let stdout = Pipe.make(), let stderr = Pipe.make(), let stdin = needsInput ? Pipe.make() : Pipe(read: nullDevice, write: -1) else {
            result.reason = "cannot create pipes: \(String(cString: strerror(errno)))"
            result.stoppedAtMilliseconds = Clock.nowMilliseconds()
            return result
        }
        var options = ProcessSpawner.Options(arguments: message.command, environment: environment)
        options.inheritedEnvironment = baseEnvironment
        options.distinctEnvironment = Self.taskVariableBytes(id: message.id, name: name, attempt: task.attempt, cluster: message.cluster)
        options.workingDirectory = message.workingDirectory.isEmpty ? nil : message.workingDirectory
        options.newProcessGroup = true
        options.parentDeathSignal = SIGKILL
        options.fileDescriptors = [(stdin.read, 0), (stdout.write, 1), (stderr.write, 2)]
        let pid: pid_t
        do {
            pid = try ProcessSpawner.spawn(options)
        } catch {
            for fd in [stdout.read, stdout.write, stderr.read, stderr.write] { close(fd) }
            if needsInput { close(stdin.read); close(stdin.write) }
            result.reason = error.description
            result.stoppedAtMilliseconds = Clock.nowMilliseconds()
            return result
        }
        ProcessSignals.taskProcessGroup.store(pid, ordering: .relaxed)
        defer { ProcessSignals.taskProcessGroup.store(0, ordering: .relaxed) }
        close(stdout.write)
        close(stderr.write)
        if needsInput { close(stdin.read) }

        var input = message.standardInput[...]
        var inputFD: Int32 = stdin.write
        if input.isEmpty {
            if inputFD >= 0 { close(inputFD) }
            inputFD = -1
        } else {
            _ = fcntl(inputFD, F_SETFL, O_NONBLOCK)  // a pipe has no other status flag to keep
        }
        var out = OutputCapture(fd: stdout.read, buffer: readBuffer, spool: spool.map { SpoolWriter(spool: $0, task: message.id, stream: .stdout) })
        var err = OutputCapture(fd: stderr.read, buffer: readBuffer, spool: spool.map { SpoolWriter(spool: $0, task: message.id, stream: .stderr) })
        let deadline = Clock.monotonicNanoseconds() + UInt64(timeout) * 1_000_000
        var status: Int32 = 0
        var exited = false
        // A short task exits before it fills a pipe (64 KiB): for its first milliseconds only its
        // exit is awaited (SIGCHLD), so that the end of its output does not wake the worker twice
        // more. A chattier task waits at most that long for its first read.
        if inputFD < 0 {
            let quietUntil = min(Clock.monotonicNanoseconds() + Self.outputQuietNanoseconds, deadline)
            exited = waitForExit(of: pid, until: quietUntil, status: &status)
        }
        // Reported only for a command still running: the sentinel needs its group to kill it,
        // and a short task is done before that (one status packet per task on the hot path).
        if !exited { onStart(pid) }
        let exitFD = exited ? -1 : qctl_pidfd_open(pid)
        defer { if exitFD >= 0 { close(exitFD) } }

        var killDeadline: UInt64?
        var timedOut = false
        while !exited {
            let now = Clock.monotonicNanoseconds()
            if killDeadline == nil, now >= deadline {
                timedOut = true
                kill(-pid, SIGTERM)
                killDeadline = now + UInt64(killGrace) * 1_000_000
            } else if let hard = killDeadline, now >= hard {
                kill(-pid, SIGKILL)
                killDeadline = UInt64.max
            }
            var fds: [pollfd] = []
            if !out.closed { fds.append(pollfd(fd: out.fd, events: Int16(POLLIN), revents: 0)) }
            if !err.closed { fds.append(pollfd(fd: err.fd, events: Int16(POLLIN), revents: 0)) }
            if inputFD >= 0 { fds.append(pollfd(fd: inputFD, events: Int16(POLLOUT), revents: 0)) }
            if exitFD >= 0 { fds.append(pollfd(fd: exitFD, events: Int16(POLLIN), revents: 0)) }
            let next = min(killDeadline ?? deadline, deadline > now ? deadline : (killDeadline ?? now))
            var wait = Clock.milliseconds(from: now, until: next)
            if exitFD < 0 { wait = min(wait, 20) }  // no pidfd: look for the exit every 20 ms
            _ = poll(&fds, nfds_t(fds.count), wait)
            for entry in fds where entry.revents != 0 {
                if entry.fd == out.fd { out.read() }
                if entry.fd == err.fd { err.read() }
                if entry.fd == inputFD {
                    let written = input.withUnsafeBytes { Glibc.write(inputFD, $0.baseAddress, $0.count) }
                    if written > 0 { input = input.dropFirst(written) }
                    if input.isEmpty || (written < 0 && errno != EAGAIN) {
                        close(inputFD)
                        inputFD = -1
                    }
                }
            }
            let reaped = waitpid(pid, &status, WNOHANG)
            if reaped == pid { exited = true }
        }
        // Whatever the task left behind in its group (background jobs) ends with it.
        kill(-pid, SIGKILL)
        if inputFD >= 0 { close(inputFD) }
        out.drain()
        err.drain()
        out.spool?.finish()
        err.spool?.finish()
        close(out.fd)
        close(err.fd)

        result.stoppedAtMilliseconds = Clock.nowMilliseconds()
        result.standardOutput = out.bytes
        result.standardError = err.bytes
        result.standardOutputBytes = out.total
        result.standardErrorBytes = err.total
        let ended = WaitStatus(status)
        result.exitCode = ended.exitCode
        result.signal = ended.signal
        if timedOut {
            result.reason = "timed out after \(DurationParser.format(milliseconds: timeout))"
        } else if let code = result.exitCode, code != 0 {
            result.reason = "exit status \(code)"
        } else if let signal = result.signal {
            result.reason = "killed by signal \(signal) (\(String(cString: strsignal(signal))))"
        }
        result.success = !timedOut && result.exitCode == 0
        return result
    }
}

extension TaskRunner {
    /// The variables qctl sets for every task (README, `qctl enqueue`), left out of the worker's own.
    static let taskVariables: Set<String> = ["QCTL_TASK_ID", "QCTL_TASK_NAME", "QCTL_TASK_ATTEMPT", "QCTL_CLUSTER"]

    /// ``taskVariables`` as ``ProcessSpawner/Options/distinctEnvironment`` bytes, written in
    /// place: four interpolated Strings and their C copies were ten allocations per task.
    static func taskVariableBytes(id: TaskID, name: String, attempt: Int, cluster: String) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(96 + name.utf8.count + cluster.utf8.count)
        func variable(_ prefix: StaticString, _ value: some Sequence<UInt8>) {
            bytes.append(contentsOf: UnsafeBufferPointer(start: prefix.utf8Start, count: prefix.utf8CodeUnitCount))
            bytes.append(contentsOf: value)
            bytes.append(0)
        }
        variable("QCTL_TASK_ID=", id.hex.utf8)
        variable("QCTL_TASK_NAME=", name.utf8)
        variable("QCTL_TASK_ATTEMPT=", String(attempt).utf8)
        variable("QCTL_CLUSTER=", cluster.utf8)
        return bytes
    }

    /// Waits until `pid` exits or the monotonic clock reaches `limit`; true (and its `status`)
    /// once it was reaped. It waits for SIGCHLD before it looks (a task just started has not
    /// exited yet; a SIGCHLD an earlier task left pending only makes one more round), and looks
    /// once more at the limit.
    private func waitForExit(of pid: pid_t, until limit: UInt64, status: inout Int32) -> Bool {
        var set = childExit
        while true {
            let now = Clock.monotonicNanoseconds()
            if now < limit {
                let left = limit - now
                var wait = timespec(tv_sec: Int(left / 1_000_000_000), tv_nsec: Int(left % 1_000_000_000))
                // EAGAIN at the limit, EINTR for a stop signal: either way it looks below.
                _ = sigtimedwait(&set, nil, &wait)
            }
            if waitpid(pid, &status, WNOHANG) == pid { return true }
            if now >= limit { return false }
        }
    }
}

/// A close-on-exec pipe.
private struct Pipe {
    let read: Int32
    let write: Int32

    static func make() -> Pipe? {
        var fds: (Int32, Int32) = (0, 0)  // a tuple, not an array: no allocation per pipe
        let made = withUnsafeMutableBytes(of: &fds) { qctl_pipe_cloexec($0.baseAddress!.assumingMemoryBound(to: Int32.self)) }
        guard made == 0 else { return nil }
        return Pipe(read: fds.0, write: fds.1)
    }
}

/// Scratch memory for reading output.
private final class ReadBuffer {
    let bytes = UnsafeMutableRawBufferPointer.allocate(byteCount: 16_384, alignment: 8)
    deinit { bytes.deallocate() }
}

/// Reads a task's output stream, keeping the first ``TaskResult/outputLimit`` bytes and
/// discarding the rest so that a chatty task never blocks on a full pipe.
private struct OutputCapture {
    let fd: Int32
    let buffer: ReadBuffer
    var bytes: [UInt8] = []
    /// Everything read, kept or not.
    var total = 0
    var closed = false
    /// Where everything read also goes while the task runs.
    var spool: SpoolWriter?

    init(fd: Int32, buffer: ReadBuffer, spool: SpoolWriter?) {
        self.fd = fd
        self.buffer = buffer
        self.spool = spool
        _ = fcntl(fd, F_SETFL, O_NONBLOCK)  // a pipe has no other status flag to keep
    }

    /// Reads once; returns false when nothing was there to read now.
    @discardableResult
    mutating func read() -> Bool {
        let count = Glibc.read(fd, buffer.bytes.baseAddress, buffer.bytes.count)
        if count > 0 {
            total += count
            spool?.append(UnsafeRawBufferPointer(rebasing: buffer.bytes[0..<count]))
            let room = TaskResult.outputLimit - bytes.count
            if room > 0 { bytes += UnsafeRawBufferPointer(rebasing: buffer.bytes[0..<min(count, room)]) }
            return true
        }
        if count == 0 || (errno != EAGAIN && errno != EINTR) { closed = true }
        return false
    }

    /// Reads what is left in the pipe after the task exited.
    mutating func drain() {
        while !closed, read() {}
    }
}
