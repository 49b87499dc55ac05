import Testing

@testable import qctl

/// `qctl enqueue … -- COMMAND` skips ArgumentParser (for start-up time); these pin down that it
/// accepts only words the full parser reads the same way, and hands everything else over.
@Suite("the enqueue shortcut")
struct EnqueueShortcutTests {
    @Test("reads the same task as the full parser", arguments: [
        ["enqueue", "--", "/bin/true"],
        ["enqueue", "--", "echo", "--help", "-x", "--"],
        ["enqueue", "--cluster", "long", "--group", "g", "--name", "n", "--timeout", "90s", "--", "sleep", "1"],
        ["enqueue", "--cwd", "/tmp", "--env", "A=1", "--env", "B=2", "--hook", "echo done", "--", "env"],
        ["enqueue", "--cluster", "a", "--cluster", "b", "--config", "other.yaml", "--", "x"],
    ])
    func sameRequest(arguments: [String]) throws {
        let shortcut = try #require(EnqueueShortcut(arguments: arguments))
        let parsed = try EnqueueCommand.parse(Array(arguments.dropFirst()))
        #expect(shortcut.request == parsed.request)
        #expect(shortcut.config == parsed.global.config)
    }

    @Test("leaves every other form to the full parser", arguments: [
        ["enqueue"],
        ["enqueue", "--"],
        ["enqueue", "/bin/true"],
        ["enqueue", "--help", "--", "x"],
        ["enqueue", "--json", "--", "x"],
        ["enqueue", "--wait", "--", "x"],
        ["enqueue", "--stdin"],
        ["enqueue", "--shell", "echo hi"],
        ["enqueue", "--task", "thumbnail", "--", "a.png"],
        ["enqueue", "--cluster=long", "--", "x"],
        ["enqueue", "--cluster", "--", "x"],
        ["enqueue", "--clustr", "long", "--", "x"],
        ["enqueue", "--timeout", "-5", "--", "x"],
        ["tasks", "--", "x"],
    ])
    func fallsBack(arguments: [String]) {
        #expect(EnqueueShortcut(arguments: arguments) == nil)
    }
}
