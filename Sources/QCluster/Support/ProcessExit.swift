import Glibc

/// How a qctl process ends.
public enum ProcessExit {
    /// Ends the process with `status` at once: C stdio's buffers are flushed, then _exit(2).
    ///
    /// What returning from `main` and exit(3) would still do is work for nothing: destroying
    /// `main`'s values (the optional enqueue shortcut's metadata is built only to destroy it)
    /// and running the C++ static destructors of the toolchain's libraries (libstdc++'s stream
    /// and locale objects, whose code no command ran before). qctl registers no exit handler
    /// and buffers nothing of its own: its output is written straight to the descriptors, and
    /// LMDB commits are durable before they return (docs/decisions.md).
    public static func now(_ status: Int32) -> Never {
        fflush(nil)
        _exit(status)
    }
}
