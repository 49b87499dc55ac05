import CLMDB
import FoundationEssentials
import Glibc

/// A failed LMDB call: the return code and what was being done.
package struct LMDBError: Error, CustomStringConvertible {
    let code: Int32
    let operation: String

    package var description: String { "\(operation): \(String(cString: mdb_strerror(code)))" }

    var isMapFull: Bool { code == MDB_MAP_FULL }
    var isMapResized: Bool { code == MDB_MAP_RESIZED }
    var isTransactionFull: Bool { code == MDB_TXN_FULL }
    /// The file exists but is not an LMDB environment of a version we can read.
    var isNotLMDB: Bool { code == MDB_INVALID || code == MDB_VERSION_MISMATCH }
    var isNoSpace: Bool { code == ENOSPC }
    var isPermission: Bool { code == EACCES || code == EPERM || code == EROFS }
    var isMissing: Bool { code == ENOENT || code == ENOTDIR }
}

@inline(__always)
func lmdbCheck(_ code: Int32, _ operation: @autoclosure () -> String) throws(LMDBError) {
    if code != MDB_SUCCESS { throw LMDBError(code: code, operation: operation()) }
}
