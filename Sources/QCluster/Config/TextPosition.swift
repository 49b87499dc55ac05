/// A 1-based line and column in UTF-8 text, as configuration errors print them: the column
/// counts characters (code points), not bytes, as libyaml's marks do.
struct TextPosition: Equatable {
    var line: Int
    var column: Int

    /// Where byte `offset` of `bytes` is.
    init(ofOffset offset: Int, in bytes: some Collection<UInt8>) {
        var line = 1, column = 1
        for byte in bytes.prefix(offset) {
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        self.line = line
        self.column = column
    }
}
