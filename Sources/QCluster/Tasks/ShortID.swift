/// The first 8 to 31 hex digits of a task id (`qctl tasks` shows 8).
struct ShortID {
    /// The bytes the digits give; with an odd number of digits, only the high half of the last.
    let bytes: [UInt8]
    let lastByteMask: UInt8

    init?(_ text: String) {
        guard (8..<32).contains(text.count), text.allSatisfy(\.isHexDigit),
              let padded = TaskID(text + String(repeating: "0", count: 32 - text.count)) else { return nil }
        bytes = Array(padded.bytes.prefix((text.count + 1) / 2))
        lastByteMask = text.count % 2 == 0 ? 0xFF : 0xF0
    }

    /// The task stored at `key` when its id starts with these digits. Up to 16 digits are the
    /// key's random half, compared without converting the key.
    func task(storedAt key: [UInt8]) -> TaskID? {
        guard key.count == 16 else { return nil }
        if bytes.count <= 8 {
            guard matches(TaskID.idPrefix(ofStorageKey: key, count: bytes.count)) else { return nil }
            return TaskID(storageKey: key)
        }
        guard let id = TaskID(storageKey: key), matches(id.bytes[...]) else { return nil }
        return id
    }

    private func matches(_ id: ArraySlice<UInt8>) -> Bool {
        guard id.count >= bytes.count else { return false }
        let last = bytes.count - 1
        return zip(bytes[..<last], id).allSatisfy { $0 == $1 }
            && bytes[last] & lastByteMask == id[id.startIndex + last] & lastByteMask
    }
}
