import CSpawn
import FoundationEssentials
import Glibc

/// Pins a worker to `count` CPUs, chosen round-robin by the worker's index (`cpu_affinity`).
enum CPUAffinity {
    static func pin(index: Int, count: Int, log: ClusterLog, processID: TaskID) {
        let available = max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        let cpus = (0..<min(count, available)).map { Int32((index * count + $0) % available) }
        let code = cpus.withUnsafeBufferPointer { qctl_set_affinity($0.baseAddress, Int32($0.count)) }
        if code == 0 {
            log.info("Process-\(processID.hex) pinned to CPU \(cpus.map(String.init).joined(separator: ","))", event: "affinity")
        } else {
            log.warning("Process-\(processID.hex) cannot set CPU affinity: \(String(cString: strerror(code)))", event: "affinity")
        }
    }
}
