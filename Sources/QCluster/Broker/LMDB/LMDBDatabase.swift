import CLMDB

/// A named database inside an environment, opened once per process and valid in every transaction.
package struct LMDBDatabase: Sendable {
    let name: String
    let handle: MDB_dbi
}
