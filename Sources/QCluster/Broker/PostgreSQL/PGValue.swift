/// A query parameter in PostgreSQL's binary format, with its type's OID.
enum PGValue {
    case int64(Int64)
    case int32(Int32)
    case text(String)
    case bytes([UInt8])
    case bool(Bool)
    case int64Array([Int64])
    case textArray([String])
    case bytesArray([[UInt8]])
    case null

    /// The type's OID (pg_type), or 0 to let the server infer it (NULL).
    var oid: UInt32 {
        switch self {
        case .int64: return 20
        case .int32: return 23
        case .text: return 25
        case .bytes: return 17
        case .bool: return 16
        case .int64Array: return 1016
        case .textArray: return 1009
        case .bytesArray: return 1001
        case .null: return 0
        }
    }

    /// The binary wire form; nil for NULL.
    var encoded: [UInt8]? {
        switch self {
        case let .int64(value): return Self.bigEndian(UInt64(bitPattern: value), bytes: 8)
        case let .int32(value): return Self.bigEndian(UInt64(UInt32(bitPattern: value)), bytes: 4)
        case let .text(value): return Array(value.utf8)
        case let .bytes(value): return value
        case let .bool(value): return [value ? 1 : 0]
        case let .int64Array(values): return Self.array(elementOID: 20, values.map { Self.bigEndian(UInt64(bitPattern: $0), bytes: 8) })
        case let .textArray(values): return Self.array(elementOID: 25, values.map { Array($0.utf8) })
        case let .bytesArray(values): return Self.array(elementOID: 17, values)
        case .null: return nil
        }
    }

    static func bigEndian(_ value: UInt64, bytes: Int) -> [UInt8] {
        (0..<bytes).map { UInt8(truncatingIfNeeded: value >> (8 * (bytes - 1 - $0))) }
    }

    /// A one-dimensional array without NULLs: dimensions, null flag, element type, then length
    /// and lower bound, then each element as its length and bytes.
    private static func array(elementOID: UInt32, _ elements: [[UInt8]]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(20 + elements.reduce(0) { $0 + 4 + $1.count })
        out += bigEndian(1, bytes: 4) + bigEndian(0, bytes: 4) + bigEndian(UInt64(elementOID), bytes: 4)
        out += bigEndian(UInt64(elements.count), bytes: 4) + bigEndian(1, bytes: 4)
        for element in elements {
            out += bigEndian(UInt64(element.count), bytes: 4)
            out += element
        }
        return out
    }
}
