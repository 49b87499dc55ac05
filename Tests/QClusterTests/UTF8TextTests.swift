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

    @Test("the first invalid byte is found exactly where the input stops being UTF-8", arguments: [
        ([0xFF], 0), ([0x61, 0xC3], 1), ([0x61, 0x62, 0xF0, 0x9F, 0x98], 2), ([0xE0, 0x80, 0x80], 0),
        ([0x61, 0xED, 0xA0, 0x80], 1), ([0xC0, 0xAF], 0), ([0xF4, 0x90, 0x80, 0x80], 0), ([0x61, 0x80], 1),
        (Array("é中😀".utf8) + [0xC3, 0x28], 9),
    ] as [([UInt8], Int)])
    func firstInvalidByte(bytes: [UInt8], offset: Int) {
        #expect(UTF8Text.offsetOfFirstInvalidByte(bytes) == offset)
    }

    @Test("valid input of every length up to three bytes has no invalid byte, and invalid input always has one")
    func firstInvalidByteAgreesWithValidation() {
        var disagreements = 0
        for first in 0...255 {
            for second in 0...255 {
                for third in [0x00, 0x80, 0x9F, 0xA0, 0xBF, 0xC0] {
                    let bytes = [UInt8(first), UInt8(second), UInt8(third)]
                    if (UTF8Text.offsetOfFirstInvalidByte(bytes) == nil) != (UTF8Text.string(bytes) != nil) { disagreements += 1 }
                }
            }
        }
        #expect(disagreements == 0)
    }
}
