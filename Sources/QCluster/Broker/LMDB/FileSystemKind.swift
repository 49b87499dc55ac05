import CSpawn
import FoundationEssentials
import Glibc

/// Tells local disks from network file systems, where LMDB's shared-memory locking is unsafe.
enum FileSystemKind {
    /// Whether a statfs(2) magic number is a network file system's (linux/magic.h and the file
    /// systems' own headers): NFS, SMB, CIFS, SMB2, NCP, AFS, kAFS, 9P, Ceph, Lustre, GPFS.
    private static func isNetworkMagic(_ magic: UInt64) -> Bool {
        switch magic {
        case 0x6969, 0x517B, 0xFF53_4D42, 0xFE53_4D42, 0x564C, 0x5346_414F, 0x6B41_4653, 0x0102_1997, 0x00C3_6400, 0x0BD0_0BD0, 0x4750_4653:
            return true
        default:
            return false
        }
    }
    private static let fuseMagic: UInt64 = 0x6573_5546
    /// FUSE file systems that reach another machine, by their /proc/mounts type.
    private static let networkFuseTypes: Set<String> = ["fuse.sshfs", "fuse.glusterfs", "fuse.s3fs", "fuse.rclone", "fuse.cephfs"]

    /// Whether `path` (which must exist) is on a network file system. One statfs(2) call; only a
    /// FUSE mount, whose magic number does not say what is behind it, costs a look at /proc/mounts.
    static func isNetwork(path: String) -> Bool {
        let magic = UInt64(qctl_fs_magic(path))
        if isNetworkMagic(magic) { return true }
        if magic == fuseMagic, let type = mountType(of: path) { return networkFuseTypes.contains(type) }
        return false
    }

    /// The type of the file system holding `path`, from the longest matching mount point in /proc/mounts.
    static func mountType(of path: String) -> String? {
        guard let mounts = try? String(contentsOfFile: "/proc/mounts", encoding: .utf8) else { return nil }
        let resolved = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        var best: (mountPoint: String, type: String)?
        for line in mounts.split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count >= 3 else { continue }
            let mountPoint = String(fields[1]).replacing("\\040", with: " ")
            let covers = mountPoint == "/" || resolved == mountPoint || resolved.hasPrefix(mountPoint + "/")
            if covers, mountPoint.count >= (best?.mountPoint.count ?? -1) {
                best = (mountPoint, String(fields[2]))
            }
        }
        return best?.type
    }
}
