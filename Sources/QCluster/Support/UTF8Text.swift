import FoundationEssentials
import Glibc

/// Strings made from bytes that must be UTF-8, refusing invalid ones.
///
/// `String(validating:as:)` is generic and runs unspecialized here: it looks up type metadata
/// for every string, a large share of the monitor's work and of a bulk enqueue's.
/// Decoding with repair is specialized and validates in bulk; since a repair always changes the
/// bytes (it writes U+FFFD where the input was not UTF-8), the bytes were valid exactly when the
/// decoded string's UTF-8 equals them.
enum UTF8Text {
    /// `bytes` as a String, or nil when they are not valid UTF-8.
    static func string(_ bytes: [UInt8]) -> String? {
        bytes.withUnsafeBufferPointer { string($0) }
    }

    /// ``string(_:)`` of bytes in place.
    static func string(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        var text = String(decoding: bytes, as: UTF8.self)
        // Compared as memory: iterating the UTF-8 view byte by byte cost more than the decoding.
        let same = text.withUTF8 { utf8 in
            utf8.count == bytes.count && (bytes.isEmpty || memcmp(bytes.baseAddress!, utf8.baseAddress!, bytes.count) == 0)
        }
        return same ? text : nil
    }

    /// The offset of the first byte that starts no well-formed UTF-8 sequence (a stray
    /// continuation byte, a lead byte whose sequence is cut short or overlong, a surrogate or a
    /// code point above U+10FFFF), or nil when every byte is part of one. For error messages:
    /// it runs only once ``string(_:)`` has refused the bytes.
    static func offsetOfFirstInvalidByte(_ bytes: [UInt8]) -> Int? {
        var index = 0
        while index < bytes.count {
            let lead = bytes[index]
            // The sequence's length and the range its second byte must be in (RFC 3629, section 4).
            let length: Int
            var second: ClosedRange<UInt8> = 0x80...0xBF
            switch lead {
            case 0x00...0x7F:
                index += 1
                continue
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; second = 0xA0...0xBF
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; second = 0x80...0x9F
            case 0xF0: length = 4; second = 0x90...0xBF
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; second = 0x80...0x8F
            default: return index
            }
            guard index + length <= bytes.count, second.contains(bytes[index + 1]),
                  bytes[(index + 2)..<(index + length)].allSatisfy({ $0 & 0xC0 == 0x80 }) else { return index }
            index += length
        }
        return nil
    }
}
