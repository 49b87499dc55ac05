/// Turns a stream's bytes, which come in pieces cut anywhere, into text: a character whose
/// bytes are split between two pieces waits for its end instead of becoming two U+FFFD.
struct UTF8Chunks: Sendable {
    private var pending: [UInt8] = []

    /// The text of `bytes` after what was pending, up to the last whole character.
    mutating func text(_ bytes: some Collection<UInt8>) -> String {
        var all = pending + bytes
        let keep = Self.unfinishedTail(all)
        pending = Array(all.suffix(keep))
        all.removeLast(keep)
        return String(decoding: all, as: UTF8.self)
    }

    /// What is still pending, as text (the stream is over).
    mutating func rest() -> String {
        defer { pending = [] }
        return String(decoding: pending, as: UTF8.self)
    }

    /// How many bytes at the end begin a character that needs more bytes than follow them.
    private static func unfinishedTail(_ bytes: [UInt8]) -> Int {
        guard !bytes.isEmpty else { return 0 }
        // A character has at most 4 bytes: its lead byte is within the last 3 if it is cut.
        for back in 1...min(3, bytes.count) {
            let byte = bytes[bytes.count - back]
            if byte & 0xC0 == 0x80 { continue }  // a continuation byte: look further back
            let length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : byte >= 0xC0 ? 2 : 1
            return length > back ? back : 0
        }
        return 0
    }
}
