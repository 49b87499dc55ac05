/// One row of a result in PostgreSQL's binary format, copied out of libpq's result.
struct PGRow {
    /// Each column's bytes; nil for NULL.
    let columns: [[UInt8]?]

    subscript(column: Int) -> [UInt8]? { columns[column] }

    func bytes(_ column: Int) -> [UInt8] { columns[column] ?? [] }

    func text(_ column: Int) -> String { String(decoding: bytes(column), as: UTF8.self) }

    /// An int8, int4 or int2 column (big-endian, of its own width); 0 for NULL.
    func int(_ column: Int) -> Int64 {
        guard let bytes = columns[column], !bytes.isEmpty else { return 0 }
        let unsigned = bytes.reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        let shift = UInt64(64 - 8 * bytes.count)
        return Int64(bitPattern: unsigned << shift) >> Int64(shift)  // sign-extends narrower integers
    }

    func bool(_ column: Int) -> Bool { columns[column]?.first == 1 }

    func isNull(_ column: Int) -> Bool { columns[column] == nil }
}
