import CSpawn
import Glibc
import Testing
@testable import QCluster

@Suite("starting child processes")
struct ProcessSpawnerTests {
    /// Runs `arguments` with its stdout on a pipe; returns what it printed.
    func output(of arguments: [String]) throws -> String {
        var fds: [Int32] = [0, 0]
        try #require(pipe(&fds) == 0)
        var options = ProcessSpawner.Options(arguments: arguments, environment: [])
        options.fileDescriptors = [(fds[1], 1)]
        let pid = try ProcessSpawner.spawn(options)
        close(fds[1])
        var text: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4_096)
        while true {
            let count = read(fds[0], &buffer, buffer.count)
            if count <= 0 { break }
            text += buffer[0..<count]
        }
        close(fds[0])
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        return String(decoding: text, as: UTF8.self)
    }

    func ignoredSignals(of arguments: [String]) throws -> UInt64? {
        let status = try output(of: arguments)
        let line = status.split(separator: "\n").first { $0.hasPrefix("SigIgn:") }
        return line.flatMap { UInt64($0.dropFirst(7).trimmingSpaces, radix: 16) }
    }

    @Test("a disposition changed after the first spawn, once reported, is reset in later children")
    func reportedDispositionIsReset() throws {
        let command = ["/bin/grep", "^SigIgn:", "/proc/self/status"]
        _ = try output(of: command)  // the first spawn has looked at every signal
        qctl_disposition_changed(SIGUSR2)
        signal(SIGUSR2, SIG_IGN)
        defer { signal(SIGUSR2, SIG_DFL) }
        let ignored = try #require(try ignoredSignals(of: command))
        #expect(ignored & (1 << (SIGUSR2 - 1)) == 0, "SigIgn \(String(ignored, radix: 16)) in the child")
    }

    @Test("descriptors are placed right also when a source is another pair's target (a swap)")
    func swappedDescriptors() throws {
        var first: [Int32] = [0, 0], second: [Int32] = [0, 0]
        try #require(pipe(&first) == 0 && pipe(&second) == 0)
        let (a, b) = (first[1], second[1])
        // The child gets a's pipe as b's number and b's as a's, and writes its name to each.
        var options = ProcessSpawner.Options(arguments: ["/bin/sh", "-c", "echo first > /proc/self/fd/$0; echo second > /proc/self/fd/$1", "\(b)", "\(a)"],
                                             environment: [])
        options.fileDescriptors = [(a, b), (b, a)]
        let pid = try ProcessSpawner.spawn(options)
        close(a)
        close(b)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        func text(_ fd: Int32) -> String {
            var buffer = [UInt8](repeating: 0, count: 256)
            let count = read(fd, &buffer, buffer.count)
            close(fd)
            return String(decoding: buffer[0..<max(0, count)], as: UTF8.self)
        }
        #expect(status == 0)
        #expect(text(first[0]) == "first\n")
        #expect(text(second[0]) == "second\n")
    }
}
