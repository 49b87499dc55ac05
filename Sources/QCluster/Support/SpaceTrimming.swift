extension StringProtocol {
    /// The text without leading and trailing spaces and tabs. Foundation's
    /// `trimmingCharacters(in: .whitespaces)` bridges through NSString and costs a noticeable
    /// part of a command's start-up; config values and options only need ASCII blanks.
    package var trimmingSpaces: String {
        let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = firstIndex(where: { !isBlank($0) }), let last = lastIndex(where: { !isBlank($0) }) else { return "" }
        return String(self[first...last])
    }
}
