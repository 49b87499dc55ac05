/// A name (a schedule's, a queue's) as one segment of a path: percent-encoded in the links a
/// page writes, decoded from what the router hands over (it matches paths as they arrive, still
/// encoded), so that names with letters beyond ASCII reach their routes whole.
enum PathSegment {
    /// `name` with every byte outside the unreserved characters of RFC 3986 percent-encoded.
    static func encode(_ name: String) -> String {
        var text = ""
        for byte in name.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                text.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let digits = Array("0123456789ABCDEF".unicodeScalars)
                text += "%"
                text.unicodeScalars.append(digits[Int(byte >> 4)])
                text.unicodeScalars.append(digits[Int(byte & 15)])
            }
        }
        return text
    }

    /// The segment with its `%XX` escapes decoded; nil when one is malformed or the bytes are not UTF-8.
    static func decode(_ segment: some StringProtocol) -> String? {
        var bytes: [UInt8] = []
        var iterator = Array(segment.utf8).makeIterator()
        func hex(_ byte: UInt8?) -> UInt8? {
            switch byte {
            case let digit? where (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(digit): digit - UInt8(ascii: "0")
            case let letter? where (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(letter | 0x20): (letter | 0x20) - UInt8(ascii: "a") + 10
            default: nil
            }
        }
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else { bytes.append(byte); continue }
            guard let high = hex(iterator.next()), let low = hex(iterator.next()) else { return nil }
            bytes.append(high << 4 | low)
        }
        return String(validating: bytes, as: UTF8.self)
    }
}
