/// The sized symbols of an executable, from `nm -n -S --defined-only`, looked up by address.
struct SymbolTable {
    struct Symbol: Equatable {
        var start: UInt64
        var size: UInt64
        var name: String
    }

    /// Sorted by start address.
    private(set) var symbols: [Symbol] = []

    /// Reads nm's lines `ADDRESS SIZE TYPE NAME`; lines without a size (labels such as `_edata`)
    /// and empty symbols are left out, since no access can be attributed to them.
    init(nmOutput: String) {
        for line in nmOutput.split(separator: "\n") {
            let fields = line.split(separator: " ", maxSplits: 3, omittingEmptySubsequences: true)
            guard fields.count == 4, let start = UInt64(fields[0], radix: 16), let size = UInt64(fields[1], radix: 16),
                  size > 0 else { continue }
            symbols.append(Symbol(start: start, size: size, name: String(fields[3])))
        }
        symbols.sort { $0.start < $1.start }
    }

    /// The symbol whose bytes hold `address`, if any.
    func symbol(at address: UInt64) -> Symbol? {
        var low = 0, high = symbols.count
        while low < high {
            let middle = (low + high) / 2
            if symbols[middle].start <= address { low = middle + 1 } else { high = middle }
        }
        // low is the first symbol after address; symbols can nest, so look back a little.
        var index = low - 1
        while index >= 0, index >= low - 8 {
            let candidate = symbols[index]
            if address < candidate.start + candidate.size { return candidate }
            index -= 1
        }
        return nil
    }
}
