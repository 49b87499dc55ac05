import FoundationEssentials
import Glibc

/// Aligned text columns, as `ps` or `docker ps` print them.
struct Table {
    var headers: [String]
    var rows: [[String]] = []

    /// A cell wider than this does not widen its column: one long path would otherwise pad every
    /// other row of the table to its length. Its row is pushed right instead.
    static let widestAlignedCell = 80

    init(headers: [String] = []) {
        self.headers = headers
    }

    init(_ headers: String...) {
        self.headers = headers
    }

    mutating func add(_ cells: String...) {
        rows.append(cells)
    }

    mutating func add(row cells: [String]) {
        rows.append(cells)
    }

    /// The table; the last column is not padded, so long commands do not leave trailing spaces.
    /// Each cell's length is counted once, and a line is built by appending: the whole table
    /// takes time in proportion to its text.
    func rendered() -> String {
        let all = [headers] + rows
        let lengths = all.map { row in row.map(\.count) }
        var widths = [Int](repeating: 0, count: all.map(\.count).max() ?? 0)
        for row in lengths {
            for (column, length) in row.enumerated() where length <= Self.widestAlignedCell {
                widths[column] = max(widths[column], length)
            }
        }
        var lines: [String] = []
        lines.reserveCapacity(all.count)
        for (row, rowLengths) in zip(all, lengths) {
            // Cells after the last non-empty one would only add spaces at the end of the line.
            let used = (row.lastIndex { !$0.isEmpty } ?? -1) + 1
            var line = ""
            for column in 0..<used {
                if column > 0 { line += "  " }
                line += row[column]
                if column < used - 1 { line += String(repeating: " ", count: max(0, widths[column] - rowLengths[column])) }
            }
            lines.append(line.trimmingTrailingSpaces())
        }
        return lines.joined(separator: "\n")
    }
}

private extension String {
    /// Without the spaces at its end; steps back byte by byte (a Substring's `dropLast()` counts
    /// the whole string each time, which made a long padded line quadratic).
    func trimmingTrailingSpaces() -> String {
        var end = utf8.endIndex
        while end > utf8.startIndex, utf8[utf8.index(before: end)] == UInt8(ascii: " ") { end = utf8.index(before: end) }
        return end == utf8.endIndex ? self : String(self[..<end])
    }
}
