import Foundation
import Testing

/// `make order` turns a traced enqueue into link/qctl.order, the release link's symbol order.
@Suite("the release link's symbol order")
struct OrderFileTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Runs the built generate-order-file with `arguments`.
    func generate(_ arguments: [String]) throws -> QctlRun {
        let tool = URL(fileURLWithPath: try QctlBinary.path()).deletingLastPathComponent().appendingPathComponent("generate-order-file").path
        try #require(FileManager.default.isExecutableFile(atPath: tool), "\(tool) is missing: swift build builds it")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
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

    @Test("the committed order is an enqueue's: its start-up, configuration, broker commit and exit")
    func committedOrderIsAnEnqueue() throws {
        let text = try String(contentsOf: Self.root.appendingPathComponent("link/qctl.order"), encoding: .utf8)
        let names = Set(text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map(String.init))
        #expect(names.count > 500, "link/qctl.order lists only \(names.count) symbols: run make order")
        for symbol in ["_start", "$s4qctl15EnqueueShortcutV3runyyKF", "yaml_parser_parse", "mdb_txn_commit", "_exit"] {
            #expect(names.contains(symbol), "\(symbol) is not in link/qctl.order: run make order")
        }
    }
}
