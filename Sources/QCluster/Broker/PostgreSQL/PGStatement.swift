/// A query the broker runs often: prepared once per connection under its name, then only its
/// parameters travel.
struct PGStatement: Sendable {
    let name: String
    let sql: String

    init(_ name: String, _ sql: String) {
        self.name = name
        self.sql = sql
    }
}
