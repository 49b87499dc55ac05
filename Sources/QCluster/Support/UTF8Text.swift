import FoundationEssentials
import Glibc

/// Strings made from bytes that must be UTF-8, refusing invalid ones.
///
/// `String(validating:as:)` is generic and runs unspecialized here: it looked up type metadata
/// for every string: 12 % of the monitor's instructions and 7 % of a bulk enqueue's (callgrind).
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
}
