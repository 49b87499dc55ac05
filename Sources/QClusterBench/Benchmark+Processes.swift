import CSpawn
import FoundationEssentials
import Glibc
import QCluster

extension Benchmark {
    /// A copy of `executable` in `folder` whose pages are not in the page cache, so that its
    /// first exec reads it from disk through page faults, as the first run after a reboot does.
    /// Such a file is cached in single pages, which exec maps slower than the larger folios that
    /// read(2) or write(2) leave (docs/decisions.md); the copy is written, synced, then dropped.
    /// Nil when the copy cannot be made (no room for it, say).
    static func uncachedCopy(of executable: String, in folder: String) -> String? {
        let path = folder + "/qctl-read-back"
        let source = open(executable, O_RDONLY | O_CLOEXEC)
        guard source >= 0 else { return nil }
        defer { close(source) }
        let target = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o755)
        guard target >= 0 else { return nil }
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        var copied = true
        copying: while true {
            let count = buffer.withUnsafeMutableBytes { read(source, $0.baseAddress, $0.count) }
            if count < 0 { copied = false }
            guard count > 0 else { break }
            var offset = 0
            while offset < count {
                let written = buffer.withUnsafeBytes { write(target, $0.baseAddress! + offset, count - offset) }
                guard written > 0 else {
                    copied = false
                    break copying
                }
                offset += written
            }
        }
        // Dirty pages cannot be dropped: synced first.
        if copied, fsync(target) != 0 { copied = false }
        if copied { _ = posix_fadvise(target, 0, 0, POSIX_FADV_DONTNEED) }
        close(target)
        guard copied else {
            unlink(path)
            return nil
        }
        return path
    }

    /// The argument that makes qctl exit at once (the first thing its main looks at), so that the
    /// bench can time the start-up every command pays.
    public static let startupProbeArgument = "__bench-startup-probe"

    /// Milliseconds from spawn to exit of a run of `arguments`, and its page faults; throws when
    /// it exits with another status than 0.
    func timedRun(_ arguments: [String], in folder: String) throws -> (milliseconds: Double, pageFaults: Int) {
        let start = Clock.monotonicNanoseconds()
        let (status, faults) = try run(arguments, in: folder)
        try Self.checkInterrupted()  // Ctrl-C reaches the command too: its status says nothing then
        guard status == 0 else { throw BenchmarkError.commandFailed(arguments.joined(separator: " ")) }
        return (Double(Clock.monotonicNanoseconds() - start) / 1e6, faults)
    }

    func runQctl(_ arguments: [String], in folder: String, stdin: [UInt8]? = nil) throws -> Int32 {
        try run([options.executable] + arguments, in: folder, stdin: stdin).status
    }

    /// Runs `arguments` in `folder` with stdout on /dev/null; returns its exit status and its page
    /// faults (minor and major, from the kernel's accounting at exit).
    func run(_ arguments: [String], in folder: String, stdin: [UInt8]? = nil) throws -> (status: Int32, pageFaults: Int) {
        var options = ProcessSpawner.Options(arguments: arguments,
                                             environment: ProcessInfo.processInfo.environment.map { "\($0.key)=\($0.value)" })
        options.workingDirectory = folder
        let null = open("/dev/null", O_RDWR)
        defer { close(null) }
        var fds: [Int32] = [0, 0]
        if stdin != nil { _ = qctl_pipe_cloexec(&fds) }
        options.fileDescriptors = [(stdin != nil ? fds[0] : null, 0), (null, 1), (2, 2)]
        let pid = try ProcessSpawner.spawn(options)
        if let stdin {
            close(fds[0])
            var offset = 0
            while offset < stdin.count {
                let written = stdin[offset...].withUnsafeBytes { write(fds[1], $0.baseAddress, $0.count) }
                if written <= 0 { break }
                offset += written
            }
            close(fds[1])
        }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0, errno == EINTR {}  // a stop signal interrupts the wait, not the command
        return (WaitStatus(status).shellStatus, usage.ru_minflt + usage.ru_majflt)
    }
}
