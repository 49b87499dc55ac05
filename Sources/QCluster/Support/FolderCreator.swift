import Glibc

/// `mkdir -p` with mkdir(2), for the broker's folder: FileManager would link the whole of
/// Foundation into every command for this one call.
enum FolderCreator {
    /// Creates `path` and any missing parent with `mode` (less the umask). Returns nil on
    /// success (also when it already is a folder), else the errno of the step that failed.
    static func create(_ path: String, mode: mode_t) -> Int32? {
        var info = stat()
        if stat(path, &info) == 0 { return info.st_mode & S_IFMT == S_IFDIR ? nil : EEXIST }
        let parent = PathResolver.folder(of: path)
        if parent != path, !parent.isEmpty, let failure = create(parent, mode: mode) {
            return failure == EEXIST ? ENOTDIR : failure  // a file where a parent folder belongs
        }
        if mkdir(path, mode) == 0 { return nil }
        let failure = errno
        // Another process may have created it meanwhile.
        if failure == EEXIST, stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFDIR { return nil }
        return failure
    }
}
