import CSpawn
import FoundationEssentials
import Glibc

/// The CPUs this process may use: those of its affinity mask, fewer when a cgroup CPU quota
/// allows less (a container's `--cpus`). The same number as Foundation's
/// `ProcessInfo.activeProcessorCount`, which reads the same files through `URL` and `Data` at a
/// cost a one-shot command such as `qctl enqueue` notices.
enum ProcessorCount {
    /// Read once per process: every cluster's settings start from it, and a configuration
    /// with several clusters would read the cgroup files for each.
    static let available: Int = {
        var count = Int(qctl_affinity_cpu_count())
        if count <= 0 { count = max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN))) }
        if let quota = quotaCPUs() { count = min(count, quota) }
        return max(1, count)
    }()

    /// ceil(quota / period) from cgroup v2's cpu.max or cgroup v1's cfs files; nil without a quota.
    private static func quotaCPUs() -> Int? {
        if let fields = words(of: "/sys/fs/cgroup/cpu.max"), fields.count == 2, let quota = Int(fields[0]), let period = Int(fields[1]) {
            return ceilingRatio(quota, period)
        }
        if let quota = words(of: "/sys/fs/cgroup/cpu/cpu.cfs_quota_us")?.first.flatMap({ Int($0) }),
           let period = words(of: "/sys/fs/cgroup/cpu/cpu.cfs_period_us")?.first.flatMap({ Int($0) }) {
            return ceilingRatio(quota, period)
        }
        return nil
    }

    private static func ceilingRatio(_ quota: Int, _ period: Int) -> Int? {
        guard quota > 0, period > 0 else { return nil }  // -1 (v1) or "max" (v2): no quota
        return (quota + period - 1) / period
    }

    private static func words(of path: String) -> [Substring]? {
        guard let bytes = try? FileContents.read(path) else { return nil }
        return String(decoding: bytes, as: UTF8.self).split(whereSeparator: { $0 == " " || $0 == "\n" })
    }
}
