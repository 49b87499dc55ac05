import ArgumentParser
import QCluster

struct PauseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pause",
        abstract: "Pause a cluster's queue: no cluster takes its tasks until qctl resume.",
        discussion: """
        Running tasks finish; tasks can still be enqueued, and wait. Every cluster of that name \
        stops leasing, on this broker, until qctl resume. qctl info and qctl stats show the \
        queue as paused.

        EXAMPLES:
          qctl pause
          qctl pause --cluster long
          qctl resume --cluster long
        """
    )

    @OptionGroup var queue: QueueOptions

    func run() throws {
        try queue.set(paused: true)
    }
}
