import CLMDB
import FoundationEssentials
import Glibc

/// An open transaction; valid only inside the closure given to ``LMDBEnvironment``.
package final class LMDBTransaction {
    let handle: OpaquePointer
    let readOnly: Bool

    init(handle: OpaquePointer, readOnly: Bool) {
        self.handle = handle
        self.readOnly = readOnly
    }

    /// The value stored under `key`, copied out of the map.
    func get(_ db: LMDBDatabase, _ key: [UInt8]) throws(LMDBError) -> [UInt8]? {
        guard isStorable(key) else { return nil }
        var found = MDB_val()
        let code = key.withUnsafeBytes { keyBytes in
            var keyVal = MDB_val(mv_size: keyBytes.count, mv_data: UnsafeMutableRawPointer(mutating: keyBytes.baseAddress))
            return mdb_get(handle, db.handle, &keyVal, &found)
        }
        if code == MDB_NOTFOUND { return nil }
        try lmdbCheck(code, "read \(db.name)")
        return copy(found)
    }

    package func put(_ db: LMDBDatabase, _ key: [UInt8], _ value: [UInt8]) throws(LMDBError) {
        let code = key.withUnsafeBytes { keyBytes in
            value.withUnsafeBytes { valueBytes in
                var keyVal = MDB_val(mv_size: keyBytes.count, mv_data: UnsafeMutableRawPointer(mutating: keyBytes.baseAddress))
                var dataVal = MDB_val(mv_size: valueBytes.count, mv_data: UnsafeMutableRawPointer(mutating: valueBytes.baseAddress))
                return mdb_put(handle, db.handle, &keyVal, &dataVal, 0)
            }
        }
        try lmdbCheck(code, "write \(db.name)")
    }

    /// Deletes `key`; returns whether it existed.
    @discardableResult
    func delete(_ db: LMDBDatabase, _ key: [UInt8]) throws(LMDBError) -> Bool {
        guard isStorable(key) else { return false }
        let code = key.withUnsafeBytes { keyBytes in
            var keyVal = MDB_val(mv_size: keyBytes.count, mv_data: UnsafeMutableRawPointer(mutating: keyBytes.baseAddress))
            return mdb_del(handle, db.handle, &keyVal, nil)
        }
        if code == MDB_NOTFOUND { return false }
        try lmdbCheck(code, "delete from \(db.name)")
        return true
    }

    /// Whether LMDB can hold `key` at all: it refuses an empty key or one over its maximum
    /// (MDB_BAD_VALSIZE), also when looking one up. A lookup by what a user typed (an empty task
    /// name, a long group) then finds nothing instead of failing.
    private func isStorable(_ key: [UInt8]) -> Bool {
        !key.isEmpty && key.count <= Int(mdb_env_get_maxkeysize(mdb_txn_env(handle)))
    }

    /// How many entries `db` holds (LMDB keeps this in the tree's root, so it is O(1)).
    func count(_ db: LMDBDatabase) throws(LMDBError) -> Int {
        var stat = MDB_stat()
        try lmdbCheck(mdb_stat(handle, db.handle, &stat), "stat \(db.name)")
        return stat.ms_entries
    }

    /// Deletes every entry of `db`.
    func clear(_ db: LMDBDatabase) throws(LMDBError) {
        try lmdbCheck(mdb_drop(handle, db.handle, 0), "clear \(db.name)")
    }

    /// Visits the entries whose key starts with `prefix`, in key order (or reversed), until `body` returns false.
    func scan(
        _ db: LMDBDatabase,
        prefix: [UInt8] = [],
        reverse: Bool = false,
        _ body: (_ key: [UInt8], _ value: [UInt8]) throws(LMDBError) -> Bool
    ) throws(LMDBError) {
        let cursor = try LMDBCursor(transaction: self, db: db)
        defer { cursor.close() }
        var entry: (key: [UInt8], value: [UInt8])?
        if reverse {
            if prefix.isEmpty {
                entry = try cursor.last()
            } else if let upper = Self.successor(of: prefix), let above = try cursor.seek(atLeast: upper) {
                _ = above
                entry = try cursor.previous()
            } else {
                entry = try cursor.last()
            }
        } else {
            entry = prefix.isEmpty ? try cursor.first() : try cursor.seek(atLeast: prefix)
        }
        while let current = entry, current.key.starts(with: prefix) {
            guard try body(current.key, current.value) else { return }
            entry = reverse ? try cursor.previous() : try cursor.next()
        }
    }

    /// The smallest key greater than every key starting with `prefix`, or nil when there is none.
    private static func successor(of prefix: [UInt8]) -> [UInt8]? {
        var bytes = prefix
        while let last = bytes.last {
            if last < 0xFF {
                bytes[bytes.count - 1] = last + 1
                return bytes
            }
            bytes.removeLast()
        }
        return nil
    }
}

/// A cursor over one database inside one transaction.
final class LMDBCursor {
    private let handle: OpaquePointer
    private let db: LMDBDatabase

    init(transaction: LMDBTransaction, db: LMDBDatabase) throws(LMDBError) {
        var cursor: OpaquePointer?
        try lmdbCheck(mdb_cursor_open(transaction.handle, db.handle, &cursor), "open cursor on \(db.name)")
        guard let cursor else { throw LMDBError(code: EINVAL, operation: "open cursor on \(db.name)") }
        self.handle = cursor
        self.db = db
    }

    func close() { mdb_cursor_close(handle) }

    func first() throws(LMDBError) -> (key: [UInt8], value: [UInt8])? { try move(MDB_FIRST) }
    func last() throws(LMDBError) -> (key: [UInt8], value: [UInt8])? { try move(MDB_LAST) }
    func next() throws(LMDBError) -> (key: [UInt8], value: [UInt8])? { try move(MDB_NEXT) }
    func previous() throws(LMDBError) -> (key: [UInt8], value: [UInt8])? { try move(MDB_PREV) }

    /// Moves to the first key that is >= `key`.
    func seek(atLeast key: [UInt8]) throws(LMDBError) -> (key: [UInt8], value: [UInt8])? {
        var keyVal = MDB_val()
        var dataVal = MDB_val()
        let code = key.withUnsafeBytes { keyBytes in
            keyVal = MDB_val(mv_size: keyBytes.count, mv_data: UnsafeMutableRawPointer(mutating: keyBytes.baseAddress))
            // On success LMDB points keyVal at the key inside the map, which outlives this closure.
            return mdb_cursor_get(handle, &keyVal, &dataVal, MDB_SET_RANGE)
        }
        return try finish(code, &keyVal, &dataVal)
    }

    private func move(_ op: MDB_cursor_op) throws(LMDBError) -> (key: [UInt8], value: [UInt8])? {
        var keyVal = MDB_val()
        var dataVal = MDB_val()
        return try finish(mdb_cursor_get(handle, &keyVal, &dataVal, op), &keyVal, &dataVal)
    }

    private func finish(_ code: Int32, _ keyVal: inout MDB_val, _ dataVal: inout MDB_val) throws(LMDBError) -> (key: [UInt8], value: [UInt8])? {
        if code == MDB_NOTFOUND { return nil }
        try lmdbCheck(code, "move cursor on \(db.name)")
        return (copy(keyVal), copy(dataVal))
    }
}

private func copy(_ value: MDB_val) -> [UInt8] {
    guard value.mv_size > 0, let data = value.mv_data else { return [] }
    return Array(UnsafeRawBufferPointer(start: data, count: value.mv_size))
}
