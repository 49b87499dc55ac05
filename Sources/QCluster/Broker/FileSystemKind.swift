import Foundation

/// Tells local disks from network file systems, where LMDB's shared-memory locking is unsafe.
enum FileSystemKind {
    private static let networkTypes: Set<String> = [
        "nfs", "nfs4", "cifs", "smb3", "smbfs", "ncpfs", "afs", "9p", "fuse.sshfs", "ceph", "glusterfs", "lustre",
    ]

    /// The type of the file system holding `path`, from the longest matching mount point in /proc/mounts.
    static func type(of path: String) -> String? {
        guard let mounts = try? String(contentsOfFile: "/proc/mounts", encoding: .utf8) else { return nil }
        let resolved = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        var best: (mountPoint: String, type: String)?
        for line in mounts.split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count >= 3 else { continue }
            let mountPoint = String(fields[1]).replacingOccurrences(of: "\\040", with: " ")
            let covers = mountPoint == "/" || resolved == mountPoint || resolved.hasPrefix(mountPoint + "/")
            if covers, mountPoint.count >= (best?.mountPoint.count ?? -1) {
                best = (mountPoint, String(fields[2]))
            }
        }
        return best?.type
    }

    static func isNetwork(path: String) -> Bool {
        guard let type = type(of: path) else { return false }
        return networkTypes.contains(type)
    }
}
