import Foundation

/// Writes a symbol ordering file for lld (`--symbol-ordering-file`) from traced runs of qctl:
/// the symbols of every function and data object the runs touched, in the order they first
/// touched them (the first trace's, then what each later one adds). The release link puts those
/// sections side by side, so a command maps a few dense pages instead of one page in each of
/// many places (docs/decisions.md).
///
///     generate-order-file --symbols NM-OUTPUT --trace LACKEY-OUTPUT [--trace LACKEY-OUTPUT]…
///
/// `make order` runs it on traced enqueues; the result is `link/qctl.order`.
@main
enum GenerateOrderFile {
    static let usage = "usage: generate-order-file --symbols NM-OUTPUT --trace LACKEY-OUTPUT [--trace LACKEY-OUTPUT]..."

    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        guard arguments.count >= 4, arguments.count % 2 == 0, arguments[0] == "--symbols",
              stride(from: 2, to: arguments.count, by: 2).allSatisfy({ arguments[$0] == "--trace" }) else { fail(usage, status: 64) }
        let table = SymbolTable(nmOutput: String(decoding: read(arguments[1]), as: UTF8.self))
        let traces = stride(from: 3, to: arguments.count, by: 2).map { MemoryTrace(lackeyOutput: Array(read(arguments[$0]))) }
        let order = OrderFile(traces: traces, symbols: table)
        guard !order.names.isEmpty else { fail("the traces touched no symbol of the table; were they made from the same binary?", status: 65) }
        FileHandle.standardOutput.write(Data(order.text.utf8))
    }

    static func read(_ path: String) -> Data {
        guard let contents = FileManager.default.contents(atPath: path) else { fail("cannot read \(path)", status: 66) }
        return contents
    }

    static func fail(_ message: String, status: Int32) -> Never {
        FileHandle.standardError.write(Data("generate-order-file: \(message)\n".utf8))
        exit(status)
    }
}
