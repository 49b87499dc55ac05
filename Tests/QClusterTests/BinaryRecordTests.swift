import Testing
@testable import QCluster

@Suite("the binary record format")
struct BinaryRecordTests {
    @Test("strings are a varint length and their UTF-8, and read back the same", arguments: [
        "", "ascii", "é中😀", String(repeating: "x", count: 200), "nul\u{0}inside",
    ])
    func stringRoundTrip(text: String) throws {
        var writer = BinaryWriter()
        writer.write(string: text)
        writer.write(strings: [text, "after"])
        var expected = BinaryWriter()
        expected.write(data: Array(text.utf8))
        #expect(Array(writer.bytes.prefix(expected.bytes.count)) == expected.bytes)
        var reader = BinaryReader(writer.bytes)
        #expect(try reader.readString() == text)
        #expect(try reader.readStrings() == [text, "after"])
    }

    @Test("a string that is not UTF-8 is refused as malformed")
    func invalidString() {
        var writer = BinaryWriter()
        writer.write(data: [0x61, 0xFF])
        var reader = BinaryReader(writer.bytes)
        #expect(throws: BinaryReader.Malformed.self) { try reader.readString() }
    }
}
