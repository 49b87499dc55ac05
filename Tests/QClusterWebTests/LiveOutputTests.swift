import Testing
@testable import QClusterWeb

@Suite("the live output's text and events")
struct LiveOutputTests {
    @Test("a character split between two reads comes out whole")
    func joinsSplitCharacters() {
        var chunks = UTF8Chunks()
        let bytes = Array("aé中😀".utf8)
        var text = ""
        for byte in bytes { text += chunks.text([byte]) }
        #expect(text == "aé中😀")
        #expect(chunks.text([0xE4, 0xB8]) == "" && chunks.rest() == "\u{FFFD}")
        #expect(chunks.text([]) == "")
    }

    @Test("each line of the data is a data line, a lone carriage return too")
    func encodesLines() {
        #expect(ServerEvent(name: "append", data: "a\rb\r\nc\n").encoded == "event: append\ndata: a\ndata: b\ndata: c\ndata: \n\n")
        #expect(ServerEvent(name: "append", data: "<script>").encoded == "event: append\ndata: <script>\n\n")
    }

    @Test("names in an address are percent-encoded both ways")
    func pathSegments() {
        #expect(URLText.encode("sp ace/é%") == "sp%20ace%2F%C3%A9%25")
        #expect(URLText.decodePathSegment("sp%20ace%2F%C3%A9%25+") == "sp ace/é%+")
        #expect(URLText.decodePathSegment("bad%zz") == nil && URLText.decodePathSegment("end%4") == nil)
    }
}
