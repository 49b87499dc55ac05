/// The addresses in valgrind's `--tool=lackey --trace-mem=yes` output, in the order the program
/// touched them: instruction fetches (`I  ADDR,SIZE`) and data loads, stores and modifies
/// (` L `, ` S `, ` M `). Valgrind's own lines (`==PID== …`) are skipped. Read as bytes, not
/// Strings: a trace has a line per instruction, millions of them.
struct MemoryTrace {
    private(set) var addresses: [UInt64] = []

    init(lackeyOutput: [UInt8]) {
        var lineStart = 0
        while lineStart < lackeyOutput.count {
            var lineEnd = lineStart
            while lineEnd < lackeyOutput.count, lackeyOutput[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
            if let address = Self.address(in: lackeyOutput[lineStart..<lineEnd]) { addresses.append(address) }
            lineStart = lineEnd + 1
        }
    }

    private static func address(in line: ArraySlice<UInt8>) -> UInt64? {
        guard line.count > 3 else { return nil }
        let kind = line[line.startIndex], access = line[line.startIndex + 1], gap = line[line.startIndex + 2]
        let isInstruction = kind == UInt8(ascii: "I") && access == UInt8(ascii: " ")
        let isData = kind == UInt8(ascii: " ") && (access == UInt8(ascii: "L") || access == UInt8(ascii: "S") || access == UInt8(ascii: "M"))
        guard isInstruction || isData, gap == UInt8(ascii: " ") else { return nil }
        var value: UInt64 = 0, digits = 0
        for byte in line.dropFirst(3) {
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: ","): return digits > 0 ? value : nil
            default: return nil
            }
            guard digits < 16 else { return nil }
            value = value << 4 | UInt64(digit)
            digits += 1
        }
        return nil
    }
}
