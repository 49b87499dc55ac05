import FoundationEssentials
import Glibc
import QCluster

/// Figures of a running process that Linux gives in /proc.
enum ProcFiles {
    /// Bytes a process has passed to write(2) and its kin so far (`wchar` of /proc/PID/io).
    static func bytesWritten(by pid: Int32) -> Int? {
        field("wchar:", in: "/proc/\(pid)/io")
    }

    /// How many times a process waited (`voluntary_ctxt_switches` of /proc/PID/status).
    static func voluntaryContextSwitches(of pid: Int32) -> Int? {
        field("voluntary_ctxt_switches:", in: "/proc/\(pid)/status")
    }

    /// The number after `name` on its line of a /proc file of `name: value` lines (`unit`, if
    /// given, ends the value).
    static func field(_ name: String, in path: String, unit: String = "") -> Int? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix(name) }) else { return nil }
        var value = line.dropFirst(name.count)
        if !unit.isEmpty, value.hasSuffix(unit) { value = value.dropLast(unit.count) }
        return Int(value.trimmingSpaces)
    }

    /// CPU time of `pids` so far, in nanoseconds: the scheduler's own count (/proc/PID/schedstat),
    /// else utime + stime in clock ticks. Ticks are samples: a process that runs for a moment
    /// now and then, as an idle cluster does, may be charged none for seconds.
    static func cpuNanoseconds(of pids: [Int32]) -> Int {
        pids.reduce(0) { total, pid in
            if let text = try? String(contentsOfFile: "/proc/\(pid)/schedstat", encoding: .utf8),
               let first = text.split(separator: " ").first, let nanoseconds = Int(first) {
                return total + nanoseconds
            }
            return total + cpuTicks(of: [pid]) * (1_000_000_000 / max(1, sysconf(Int32(_SC_CLK_TCK))))
        }
    }

    /// utime + stime of `pids` so far, in clock ticks (from /proc/PID/stat).
    static func cpuTicks(of pids: [Int32]) -> Int {
        pids.reduce(0) { total, pid in
            guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                  let close = text.lastIndex(of: ")") else { return total }
            // Fields after the command name: state is the 3rd field, utime and stime the 14th and 15th.
            let fields = text[text.index(after: close)...].split(separator: " ")
            guard fields.count > 12, let user = Int(fields[11]), let system = Int(fields[12]) else { return total }
            return total + user + system
        }
    }
}
