import Testing
@testable import QCluster

@Suite("strings from bytes that must be UTF-8")
struct UTF8TextTests {
    @Test("accepts and refuses exactly what String(validating:) does", arguments: [
        [], Array("plain ascii".utf8), Array("é中😀 mixed".utf8), [0xEF, 0xBF, 0xBD],  // U+FFFD itself is valid
        [0xFF], [0x61, 0xC3], [0xF0, 0x9F, 0x98], [0xE0, 0x80, 0x80], [0xED, 0xA0, 0x80], [0xC0, 0xAF],
        [0xF4, 0x90, 0x80, 0x80], [0x80], [0x61, 0x00, 0x62],
    ] as [[UInt8]])
    func matchesStandardLibrary(bytes: [UInt8]) {
        #expect(UTF8Text.string(bytes) == String(validating: bytes, as: UTF8.self))
    }

    @Test("every one- and two-byte input agrees with String(validating:)")
    func exhaustiveShortInputs() {
        var disagreements = 0
        for first in 0...255 {
            if UTF8Text.string([UInt8(first)]) != String(validating: [UInt8(first)], as: UTF8.self) { disagreements += 1 }
            for second in 0...255 {
                let bytes = [UInt8(first), UInt8(second)]
                if UTF8Text.string(bytes) != String(validating: bytes, as: UTF8.self) { disagreements += 1 }
            }
        }
        #expect(disagreements == 0)
    }
}
