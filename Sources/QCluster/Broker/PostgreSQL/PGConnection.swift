import CLibPQ
import Glibc

/// One libpq connection: the only place that calls libpq. Queries go with their parameters in
/// binary (no quoting of any value, ever) and come back in binary; frequent statements are
/// prepared on their second use.
/// Not thread-safe: its owner serializes calls.
final class PGConnection {
    private var connection: OpaquePointer?
    private var prepared: Set<String> = []
    /// Statements run once on this connection, unprepared: a one-shot command (an enqueue) runs
    /// each statement once, and preparing it would cost a round trip for nothing.
    private var runOnce: Set<String> = []
    let url: String
    let defaults: PGConnectionDefaults

    /// Connects to `url` (any libpq connection URI; `PG*` variables, `.pgpass` and service files
    /// apply as libpq documents). A setting the URL gives wins over `defaults`.
    init(url: String, defaults: PGConnectionDefaults = .command) throws(PGError) {
        self.url = url
        self.defaults = defaults
        try connect()
    }

    deinit { PQfinish(connection) }

    private func connect() throws(PGError) {
        PQfinish(connection)
        prepared = []
        runOnce = []
        // Key words repeat: the last wins, so qctl's defaults come before the URL.
        let keys = defaults.settings.map(\.key) + ["dbname"]
        let values = defaults.settings.map(\.value) + [url]
        connection = Self.withCStrings(keys) { keyPointers in
            Self.withCStrings(values) { valuePointers in PQconnectdbParams(keyPointers, valuePointers, 1) }
        }
        guard let connection, PQstatus(connection) == CONNECTION_OK else {
            let message = connection.map { String(cString: PQerrorMessage($0)) } ?? "out of memory"
            // libpq may quote the URL in its message (the configuration has checked that it parses).
            throw PGError(sqlState: nil, message: BrokerURL.withURLRedacted(PGError.firstLine(message), url), connectionLost: true)
        }
        // Notices (a table that already exists, say) are not for the terminal.
        PQsetNoticeProcessor(connection, { _, _ in }, nil)
    }

    /// libpq's message when it cannot parse `url` as a connection URI, or nil. It checks the form
    /// and the parameter names, not their values.
    static func syntaxError(in url: String) -> String? {
        var error: UnsafeMutablePointer<CChar>?
        guard let options = PQconninfoParse(url, &error) else {
            defer { PQfreemem(error) }
            return error.map { PGError.firstLine(String(cString: $0)) } ?? "out of memory"
        }
        PQconninfoFree(options)
        return nil
    }

    /// Whether the connection is up, as far as libpq knows without a round trip.
    var isOpen: Bool { connection.map { PQstatus($0) == CONNECTION_OK } ?? false }

    /// Connects again when the last call found the connection lost.
    func reconnectIfLost() throws(PGError) {
        if !isOpen { try connect() }
    }

    /// Runs `sql` (one or more statements, no parameters); for DDL and transaction control.
    func run(_ sql: String) throws(PGError) {
        let result = PQexec(connection, sql)
        defer { PQclear(result) }
        try check(result)
    }

    /// Runs a statement with parameters; returns its rows.
    @discardableResult
    func query(_ sql: String, _ parameters: [PGValue] = []) throws(PGError) -> [PGRow] {
        try withParameters(parameters) { count, types, values, lengths, formats in
            PQexecParams(connection, sql, count, types, values, lengths, formats, 1)
        }
    }

    /// Runs a statement the broker runs often: as it is the first time on this connection,
    /// prepared from the second on (then only its parameters travel); returns its rows.
    @discardableResult
    func query(_ statement: PGStatement, _ parameters: [PGValue] = []) throws(PGError) -> [PGRow] {
        if runOnce.insert(statement.name).inserted { return try query(statement.sql, parameters) }
        if !prepared.contains(statement.name) {
            let types = parameters.map { Oid($0.oid) }
            let result = PQprepare(connection, statement.name, statement.sql, Int32(types.count), types)
            defer { PQclear(result) }
            try check(result)
            prepared.insert(statement.name)
        }
        return try withParameters(parameters) { count, _, values, lengths, formats in
            PQexecPrepared(connection, statement.name, count, values, lengths, formats, 1)
        }
    }

    /// The connection's socket, for poll(2): readable when the server sent something (a notification).
    var socket: Int32 { PQsocket(connection) }

    /// Reads what arrived on the socket and returns the channels of the notifications in it.
    func takeNotifications() -> [String] {
        guard PQconsumeInput(connection) == 1 else { return [] }
        var channels: [String] = []
        while let notification = PQnotifies(connection) {
            channels.append(String(cString: notification.pointee.relname))
            PQfreemem(notification)
        }
        return channels
    }

    // MARK: Plumbing

    private func withParameters(
        _ parameters: [PGValue],
        _ run: (Int32, [Oid], [UnsafePointer<CChar>?], [Int32], [Int32]) -> OpaquePointer?
    ) throws(PGError) -> [PGRow] {
        let encoded = parameters.map(\.encoded)
        let types = parameters.map { Oid($0.oid) }
        let lengths = encoded.map { Int32($0?.count ?? 0) }
        let formats = [Int32](repeating: 1, count: parameters.count)
        // The values are copied into one buffer that outlives the call.
        let total = encoded.reduce(0) { $0 + ($1?.count ?? 0) }
        var storage = [UInt8]()
        storage.reserveCapacity(max(total, 1))
        var offsets: [Int?] = []
        for value in encoded {
            if let value {
                offsets.append(storage.count)
                storage += value
            } else {
                offsets.append(nil)
            }
        }
        let answer = storage.withUnsafeBufferPointer { buffer -> OpaquePointer? in
            let base = UnsafeRawPointer(buffer.baseAddress).map { $0.assumingMemoryBound(to: CChar.self) }
            let values: [UnsafePointer<CChar>?] = offsets.map { offset in offset.flatMap { offset in base.map { $0 + offset } } }
            return run(Int32(parameters.count), types, values, lengths, formats)
        }
        defer { PQclear(answer) }
        try check(answer)
        return Self.rows(of: answer)
    }

    private func check(_ result: OpaquePointer?) throws(PGError) {
        let status = result.map(PQresultStatus) ?? PGRES_FATAL_ERROR
        guard status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK else {
            var sqlState: String?
            if let result, let field = PQresultErrorField(result, Int32(UInt8(ascii: "C"))) { sqlState = String(cString: field) }
            let message = result.flatMap { String(cString: PQresultErrorMessage($0)) }.flatMap { $0.isEmpty ? nil : $0 }
                ?? String(cString: PQerrorMessage(connection))
            throw PGError(sqlState: sqlState, message: PGError.firstLine(message), connectionLost: !isOpen)
        }
    }

    private static func rows(of result: OpaquePointer?) -> [PGRow] {
        guard let result else { return [] }
        let rowCount = PQntuples(result), columnCount = PQnfields(result)
        var rows: [PGRow] = []
        rows.reserveCapacity(Int(rowCount))
        for row in 0..<rowCount {
            var columns: [[UInt8]?] = []
            columns.reserveCapacity(Int(columnCount))
            for column in 0..<columnCount {
                if PQgetisnull(result, row, column) == 1 {
                    columns.append(nil)
                } else {
                    let length = Int(PQgetlength(result, row, column))
                    let start = UnsafeRawPointer(PQgetvalue(result, row, column)!)
                    columns.append(Array(UnsafeRawBufferPointer(start: start, count: length)))
                }
            }
            rows.append(PGRow(columns: columns))
        }
        return rows
    }

    private static func withCStrings<T>(_ strings: [String], _ body: ([UnsafePointer<CChar>?]) -> T) -> T {
        let copies = strings.map { strdup($0) }
        defer { copies.forEach { free($0) } }
        return body(copies.map { UnsafePointer($0) } + [nil])
    }
}
