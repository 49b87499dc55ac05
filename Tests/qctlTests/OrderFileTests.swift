import Foundation
import Testing

/// `make order` turns a traced enqueue into link/qctl.order, the release link's symbol order.
@Suite("the release link's symbol order")
struct OrderFileTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Runs the built generate-order-file with `arguments`.
    func generate(_ arguments: [String]) throws -> QctlRun {
        try run(try BuildTool.path("generate-order-file"), arguments)
    }

    /// Runs `executable` with `arguments` and waits for it.
    func run(_ executable: String, _ arguments: [String]) throws -> QctlRun {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let out = Pipe.forChild(), err = Pipe.forChild()
        process.standardOutput = out
        process.standardError = err
        try process.runAlone()
        let stdout = out.fileHandleForReading.readDataToEndOfFile(), stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return QctlRun(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr, as: UTF8.self))
    }

    @Test("lists each function and data object the traces touched once, in the order they first touched them")
    func firstTouchOrder() throws {
        let sandbox = try Sandbox()
        // nm -n -S --defined-only: address, size, type, name; a label without a size is skipped.
        try sandbox.write("symbols", """
            0000000000401000 0000000000000020 T main
            0000000000401020 0000000000000010 t helper
            0000000000401030 0000000000000010 t neverCalled
            0000000000402000 T _etext
            0000000000500000 0000000000000008 d hotVariable
            0000000000500008 0000000000000008 b coldVariable
            0000000000500010 0000000000000008 b hotVariable
            0000000000500018 0000000000000004 r symbolic _____ s6Record

            """)
        // valgrind --tool=lackey --trace-mem=yes: instruction fetches, loads, stores, modifies.
        try sandbox.write("trace", """
            ==42== Lackey, an example Valgrind tool
            I  00401000,4
            I  00401004,3
             S 7ff000100,8
            I  00401020,2
             L 00500000,8
            I  00401008,4
             M 00500004,4
            I  00402000,1
            ==42== Counted 1 call to main()

            """)
        // A second run adds what the first did not touch, after the first's symbols.
        // A local symbol of another object file with a name listed already is not listed again;
        // a name may hold spaces (Swift's symbolic references).
        try sandbox.write("second", "I  00401030,4\nI  00401000,4\n L 00500008,8\n L 00500010,8\n L 00500018,4\n")
        let run = try generate(["--symbols", sandbox.file("symbols"), "--trace", sandbox.file("trace"), "--trace", sandbox.file("second")])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.lines.first?.hasPrefix("#") == true, "lld skips what follows a #: the header says where the file comes from")
        #expect(Array(run.lines.dropFirst()) == ["main", "helper", "hotVariable", "neverCalled", "coldVariable", "symbolic _____ s6Record"])
    }

    @Test("a trace of another binary, a missing file or bad arguments fail with one line")
    func badInput() throws {
        let sandbox = try Sandbox()
        try sandbox.write("symbols", "0000000000401000 0000000000000020 T main\n")
        try sandbox.write("trace", "I  00900000,4\n")
        let mismatched = try generate(["--symbols", sandbox.file("symbols"), "--trace", sandbox.file("trace")])
        #expect(mismatched.status == 65)
        #expect(mismatched.stderr.contains("the traces touched no symbol of the table"))
        let missing = try generate(["--symbols", sandbox.file("absent"), "--trace", sandbox.file("trace")])
        #expect(missing.status == 66)
        #expect(missing.stderr.contains("cannot read \(sandbox.file("absent"))"))
        for arguments in [["--trace", sandbox.file("trace")], ["--symbols", sandbox.file("symbols"), "--trace"],
                          ["--symbols", sandbox.file("symbols"), "--trace", sandbox.file("trace"), "--tarce", sandbox.file("trace")]] {
            let usage = try generate(arguments)
            #expect(usage.status == 64, "\(arguments)")
            #expect(usage.stderr.contains("usage: generate-order-file --symbols"))
        }
    }

    @Test("the committed order is lld's format: a # header, then one symbol name a line, each once")
    func committedOrderFormat() throws {
        let text = try String(contentsOf: Self.root.appendingPathComponent("link/qctl.order"), encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast()  // after the last newline
        #expect(text.hasSuffix("\n"))
        #expect(lines.first?.hasPrefix("#") == true, "link/qctl.order starts with a header saying where it comes from")
        let names = lines.filter { !$0.hasPrefix("#") }
        #expect(names.count > 500, "link/qctl.order lists only \(names.count) symbols: run make order")
        #expect(!names.contains { $0.isEmpty || $0.first == " " || $0.last == " " }, "a blank line or a padded name")
        #expect(Set(names).count == names.count, "lld warns of a name listed twice")
    }

    /// The release link's flags, as `make release` with `ORDER_FILE` would pass them to swiftc.
    func releaseLinkFlags(orderFile: String) throws -> [String] {
        let dryRun = try run("/usr/bin/make", ["-s", "-n", "-C", Self.root.path, "release", "ORDER_FILE=\(orderFile)"])
        #expect(dryRun.status == 0, "\(dryRun.stderr)")
        let build = try #require(dryRun.lines.last { $0.contains(" build ") && $0.contains("-c release") }, "\(dryRun.stdout)")
        let words = build.split(separator: " ").map(String.init)
        var flags: [String] = []
        for (index, word) in words.enumerated() where index + 1 < words.count {
            if word == "-Xlinker" { flags += ["-Xlinker", words[index + 1]] }
            if word == "-Xswiftc", words[index + 1].hasPrefix("-use-ld=") { flags.append(words[index + 1]) }
        }
        return flags
    }

    @Test("the release link takes the order file when there is one, and links without it or with names it does not know")
    func staleOrMissingOrderLinks() throws {
        let sandbox = try Sandbox()
        try sandbox.write("main.swift", "print(\"linked\")\n")
        try sandbox.write("stale.order", "# an order from another build\nmain\n$sNoSuchSymbol\nno such symbol, with spaces\n\u{1}\u{2}\nmain\n")
        let stale = try releaseLinkFlags(orderFile: sandbox.file("stale.order"))
        #expect(stale.contains("--symbol-ordering-file=\(sandbox.file("stale.order"))"))
        let missing = try releaseLinkFlags(orderFile: sandbox.file("absent.order"))
        #expect(!missing.contains { $0.hasPrefix("--symbol-ordering-file") }, "lld refuses a file it cannot open: \(missing)")
        for (name, flags) in [("stale", stale), ("missing", missing)] {
            let output = sandbox.file(name)
            let link = try run("/usr/bin/env", ["swiftc", sandbox.file("main.swift"), "-o", output] + flags)
            #expect(link.status == 0, "\(name): \(link.stderr)")
            #expect(!link.stderr.contains("warning"), "\(name): \(link.stderr)")
            #expect(try run(output, []).stdout == "linked\n")
        }
    }
}
