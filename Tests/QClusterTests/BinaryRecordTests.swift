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

    @Test("a result keeps how many bytes each stream printed; one written before those counts reads as not cut")
    func resultOutputCounts() throws {
        var result = TaskResult(message: TaskMessage(cluster: "default", command: ["true"]), startedAtMilliseconds: 1,
                                stoppedAtMilliseconds: 2, exitCode: 0, success: true, standardOutput: Array("out".utf8),
                                standardError: Array("err".utf8))
        result.standardOutputBytes = 100_000
        let decoded = try #require(TaskResult(encoded: result.encoded()))
        #expect(decoded == result)
        #expect(decoded.standardOutputWasCut && !decoded.standardErrorWasCut)

        result.standardOutputBytes = 3
        var older = result.encoded()  // format 1: no counts at the end
        older[0] = 1
        older.removeLast(5)
        let old = try #require(TaskResult(encoded: older))
        #expect(old.standardOutputBytes == 3 && old.standardErrorBytes == 3 && !old.standardOutputWasCut)
    }
}
