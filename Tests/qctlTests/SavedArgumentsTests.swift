import CArguments
import Testing

/// The release build's `CommandLine.arguments` come from what Sources/CArguments captures at
/// start-up instead of the Swift runtime's reading of /proc/self/maps.
@Suite("the command line captured at start-up")
struct SavedArgumentsTests {
    @Test("is the process's argv, word for word what the Swift runtime finds")
    func matchesCommandLine() throws {
        var count: Int32 = 0
        let argv = try #require(qctl_saved_arguments(&count))
        let saved = (0..<Int(count)).map { String(cString: argv[$0]!) }
        #expect(count > 0)
        #expect(saved == CommandLine.arguments)
        #expect(argv[Int(count)] == nil, "argv ends with a null pointer, as C's does")
    }
}
