import QCluster
import QClusterBench

/// `qctl bench`'s figures as a table or JSON.
enum BenchPresenter {
    static func json(_ figures: [Benchmark.Figure]) -> JSONValue {
        .array(figures.map { figure in
            .object([("name", .string(figure.name)), ("value", .double(figure.value)), ("unit", .string(figure.unit)),
                     ("target", .string(figure.target)), ("met", figure.met.map { .bool($0) } ?? .null)])
        })
    }

    static func table(_ figures: [Benchmark.Figure]) -> String {
        var table = Table("FIGURE", "VALUE", "UNIT", "TARGET", "MET")
        for figure in figures {
            let value = figure.value >= 100 ? NumberText.fixed(figure.value, fractionDigits: 0) : NumberText.fixed(figure.value, fractionDigits: 2)
            table.add(figure.name, value, figure.unit, figure.target, figure.met.map { $0 ? "yes" : "NO" } ?? "")
        }
        return table.rendered()
    }
}
