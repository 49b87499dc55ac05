import Glibc

/// One pusher's bound socket in the LMDB broker's wake-up folder (``LMDBWakeupFolder``).
struct LMDBWakeupSocket: WakeupListener {
    let fd: Int32
    let path: String

    func drain() {
        var byte: UInt8 = 0
        while recv(fd, &byte, 1, Int32(MSG_DONTWAIT)) >= 0 {}
    }

    func close() {
        Glibc.close(fd)
        unlink(path)
    }
}
