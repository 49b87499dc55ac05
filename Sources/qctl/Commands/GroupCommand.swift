import ArgumentParser
import QCluster

struct GroupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "group",
        abstract: "Show or delete the results of a group of tasks.",
        subcommands: [GroupShowCommand.self, GroupDeleteCommand.self]
    )
}

struct GroupShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "List a group's results, newest first, with a count of successes and failures.")

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("The group's name.", valueName: "group"))
    var group: String

    @Option(parsing: .unconditional, help: ArgumentHelp("Show at most this many results (0: no limit).", valueName: "n"))
    var limit: Int = 1000

    @Flag(help: "Print one JSON object per line.")
    var json = false

    func validate() throws {
        if limit < 0 { throw ValidationError("--limit must not be negative: \(limit)") }
    }

    func run() throws {
        let (_, broker) = try global.openExistingBroker()
        let results = try broker.results(ResultFilter(group: group, limit: limit == 0 ? Int.max : limit))
        if json {
            for result in results { Terminal.print(TaskPresenter.json(.finished(result), includeOutput: false).rendered()) }
            return
        }
        var table = Table(headers: TaskPresenter.tableHeaders)
        for result in results { table.add(row: TaskPresenter.tableRow(.finished(result))) }
        if !results.isEmpty { Terminal.print(table.rendered()) }
        let failed = results.filter { !$0.success }.count
        Terminal.print("group '\(group)': \(results.count - failed) succeeded, \(failed) failed")
    }
}

struct GroupDeleteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "delete", abstract: "Delete a group's results (its queued tasks stay queued).")

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("The group's name.", valueName: "group"))
    var group: String

    func run() throws {
        let (_, broker) = try global.openExistingBroker()
        let count = try broker.deleteGroup(group)
        Terminal.print("deleted \(count) result\(count == 1 ? "" : "s") of group '\(group)'")
    }
}
